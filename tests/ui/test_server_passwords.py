"""Where the window keeps shared plans' passwords: the desktop's keyring when it has a real one
(never keyring's stand-ins or keyrings.alt's files), and for the rest of the run in memory."""

from __future__ import annotations

from typing import Any

from keyring.backends import chainer, fail, null

from migrator.domain.places import ServerAddress
from migrator.ui.server_passwords import KEYRING_SERVICE, ServerPasswords
from tests.support.memory_keyring import MemoryKeyring

ANA = ServerAddress("cards", "db.example.com", None, "ana")
BEN = ServerAddress("cards", "db.example.com", None, "ben")


def test_a_password_remembered_is_in_the_keyring_under_its_address_and_known_next_run() -> None:
    keyring = MemoryKeyring()
    assert ServerPasswords(keyring).use(ANA, "s3cret", remember=True) is None

    assert keyring.passwords == {(KEYRING_SERVICE, "postgresql://ana@db.example.com/cards"): "s3cret"}
    next_run = ServerPasswords(keyring)
    assert next_run.known(ANA) == "s3cret"
    assert next_run.known(BEN) is None


def test_a_password_not_remembered_lasts_the_run_and_removes_the_one_kept_before() -> None:
    keyring = MemoryKeyring()
    keyring.set_password(KEYRING_SERVICE, str(ANA), "old")
    passwords = ServerPasswords(keyring)

    passwords.use(ANA, "new", remember=False)

    assert passwords.known(ANA) == "new"
    assert keyring.passwords == {}
    assert ServerPasswords(keyring).known(ANA) is None


def test_a_refused_password_is_forgotten_for_the_run() -> None:
    passwords = ServerPasswords(MemoryKeyring())
    passwords.use(ANA, "typo", remember=False)

    passwords.forget(ANA)

    assert passwords.known(ANA) is None


class PlaintextKeyring(MemoryKeyring):
    """As keyrings.alt's, which writes passwords to a file of its own."""


PlaintextKeyring.__module__ = "keyrings.alt.file"


def test_without_a_real_keyring_nothing_is_offered_nor_kept_beyond_the_run() -> None:
    for stand_in in (fail.Keyring(), null.Keyring(), PlaintextKeyring(), _chained()):
        passwords = ServerPasswords(stand_in)
        assert not passwords.can_remember, stand_in
        assert passwords.use(ANA, "s3cret", remember=True) is None
        assert passwords.known(ANA) == "s3cret"
        assert ServerPasswords(stand_in).known(ANA) is None
    assert ServerPasswords(MemoryKeyring()).can_remember


def _chained() -> Any:
    class WithPlaintext(chainer.ChainerBackend):  # a real keyring first, then a file
        backends = (MemoryKeyring(), PlaintextKeyring())  # type: ignore[assignment]

    return WithPlaintext()


class LockedKeyring(MemoryKeyring):
    def get_password(self, service: str, username: str) -> str | None:
        raise RuntimeError("The keyring is locked")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise RuntimeError("The keyring is locked")


def test_a_keyring_that_fails_says_so_and_the_server_asks_instead() -> None:
    passwords = ServerPasswords(LockedKeyring())

    assert passwords.known(ANA) is None
    assert passwords.use(ANA, "s3cret", remember=True) == (
        "The desktop's keyring could not keep it (The keyring is locked); Migrator will ask again next time."
    )
    assert passwords.known(ANA) == "s3cret"  # for this run
