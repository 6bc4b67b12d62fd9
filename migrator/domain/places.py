"""Where a plan lives: a migration file, or a shared plan on a PostgreSQL server.

A server's address is written ``postgresql://[user@]host[:port]/database`` (or
``postgresql:///database?service=NAME`` for a ``PGSERVICE`` entry). It never holds a password:
an address is remembered in Open Recent and typed into shells, so the password comes from the
desktop's keyring, ``~/.pgpass``/``PGPASSFILE`` or ``PGPASSWORD`` instead.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, quote, unquote, urlsplit

from migrator.domain.errors import MigratorError

SCHEMES = ("postgresql", "postgres")


class AddressError(MigratorError):
    """A server address that cannot be used, said in words."""


@dataclass(frozen=True)
class ServerAddress:
    """A shared plan: one PostgreSQL database holds one migration."""

    database: str
    host: str = ""  # empty: libpq's default (the local socket, or the service's host)
    port: int | None = None
    user: str = ""  # empty: libpq's default (PGUSER, the service's, or the account's name)
    service: str = ""  # a name in pg_service.conf

    @classmethod
    def parse(cls, text: str) -> ServerAddress:
        """``text`` as an address, or AddressError naming what is wrong with it."""
        text = text.strip()
        try:
            parts = urlsplit(text)
            port = parts.port
        except ValueError as error:
            raise AddressError(f"{text!r} is not a server address ({error}).") from None
        if parts.scheme not in SCHEMES:
            raise AddressError(f"{text!r} is not a server address: it should start with postgresql://")
        if parts.password is not None:
            raise AddressError(
                "A server address must not hold a password (it would be kept in Open Recent and in "
                "your shell's history). Migrator asks for it, or put it in ~/.pgpass or PGPASSWORD."
            )
        query = parse_qs(parts.query)
        unknown = sorted(set(query) - {"service"})
        if unknown:
            raise AddressError(f"{text!r}: Migrator does not know the option {unknown[0]!r}.")
        database = unquote(parts.path.lstrip("/"))
        service = query.get("service", [""])[0]
        if not database and not service:
            raise AddressError(f"{text!r} names no database: add it after the host, as in {_EXAMPLE}.")
        if "/" in database:
            raise AddressError(f"{text!r}: {database!r} is not a database name.")
        return cls(
            database=database,
            host=unquote(parts.hostname or ""),
            port=port,
            user=unquote(parts.username or ""),
            service=service,
        )

    def __str__(self) -> str:
        user = f"{quote(self.user, safe='')}@" if self.user else ""
        host = f"[{self.host}]" if ":" in self.host else quote(self.host, safe="")
        port = f":{self.port}" if self.port else ""
        service = f"?service={quote(self.service, safe='')}" if self.service else ""
        return f"postgresql://{user}{host}{port}/{quote(self.database, safe='')}{service}"

    @property
    def name(self) -> str:
        """How messages and the title bar name it: "cards on db.example.com"."""
        where = self.host or (f"service {self.service}" if self.service else "this computer")
        return f"{self.database or self.service} on {where}"

    def with_user(self, user: str) -> ServerAddress:
        return ServerAddress(self.database, self.host, self.port, user, self.service)


_EXAMPLE = "postgresql://db.example.com/cards"

Place = Path | ServerAddress


def is_server_address(text: str | os.PathLike[str]) -> bool:
    return isinstance(text, str) and text.strip().lower().startswith(tuple(f"{s}:" for s in SCHEMES))


def place_of(text: str | os.PathLike[str] | ServerAddress) -> Place:
    """A file's path, or a server's address when ``text`` is one (AddressError if malformed)."""
    if isinstance(text, ServerAddress):
        return text
    if is_server_address(text):
        return ServerAddress.parse(str(text))
    return Path(text)


def file_of(place: Place) -> Path:
    """The file a plan lives in; TypeError for a shared plan (what only files have: a folder,
    a backup beside it)."""
    if not isinstance(place, Path):
        raise TypeError(f"{place.name} is a shared plan, not a file.")
    return place


def place_name(place: Place) -> str:
    """A file's name, or "database on host"."""
    return place.name
