"""Shared plans' passwords, kept by the desktop's keyring when it has a usable one (never in the
window's settings or any plain file), and for the rest of the run in memory once typed."""

from __future__ import annotations

from typing import Any

from migrator.domain.places import ServerAddress

KEYRING_SERVICE = "Migrator"  # the entry's service name in the keyring; its user name is the address


def _keeps_secrets(backend: Any) -> bool:
    """Whether ``backend`` is a real keyring: not keyring's "fail" or "null" stand-ins, and not one
    of keyrings.alt's, which write passwords to a file of their own."""
    from keyring.backends import chainer, fail, null

    if isinstance(backend, chainer.ChainerBackend):
        chained = list(backend.backends)
        return bool(chained) and all(_keeps_secrets(b) for b in chained)
    if isinstance(backend, fail.Keyring | null.Keyring):
        return False
    return not type(backend).__module__.startswith("keyrings.alt")


class ServerPasswords:
    """The password of each address (its user included) this window may use.

    ``backend``: the keyring to use (tests give one that keeps passwords in memory); by default
    the one the ``keyring`` package finds for this desktop, used only when it keeps secrets."""

    def __init__(self, backend: Any | None = None) -> None:
        self._backend = backend
        self._typed: dict[str, str] = {}  # typed this run: asked once per run, at most

    def _keyring(self) -> Any | None:
        if self._backend is None:
            import keyring  # loaded when a shared plan is first opened

            try:
                self._backend = keyring.get_keyring()
            except Exception:  # a broken keyring configuration: as if there were none
                return None
        return self._backend if _keeps_secrets(self._backend) else None

    @property
    def can_remember(self) -> bool:
        """Whether the desktop has a keyring to keep passwords in."""
        return self._keyring() is not None

    def known(self, address: ServerAddress) -> str | None:
        """The password typed this run, else the keyring's, else None (libpq may know it: ~/.pgpass)."""
        if (typed := self._typed.get(str(address))) is not None:
            return typed
        backend = self._keyring()
        if backend is None:
            return None
        try:
            found = backend.get_password(KEYRING_SERVICE, str(address))
        except Exception:  # a locked or unreachable keyring: the server will ask
            return None
        return found if isinstance(found, str) else None

    def use(self, address: ServerAddress, password: str, *, remember: bool) -> str | None:
        """The server took ``password``: keep it for this run, and in the keyring when ``remember``
        (else forget any the keyring held). What went wrong with the keyring, if anything."""
        self._typed[str(address)] = password
        backend = self._keyring()
        if backend is None:
            return None
        try:
            if remember:
                backend.set_password(KEYRING_SERVICE, str(address), password)
            elif backend.get_password(KEYRING_SERVICE, str(address)) is not None:
                backend.delete_password(KEYRING_SERVICE, str(address))
        except Exception as error:
            return f"The desktop's keyring could not keep it ({error}); Migrator will ask again next time."
        return None

    def forget(self, address: ServerAddress) -> None:
        """The server refused the password known for ``address``: do not offer it again this run."""
        self._typed.pop(str(address), None)
