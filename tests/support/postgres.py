"""A throwaway PostgreSQL server for the tests: its own cluster in a temporary folder, on a free port.

    cluster = ThrowawayCluster.start()
    url = cluster.create_database()  # postgresql://postgres@127.0.0.1:PORT/test_...
    ...
    cluster.stop()  # also done at interpreter exit if the run dies first

It needs PostgreSQL's server programs (``initdb``, ``pg_ctl``, ``postgres``), found on PATH, under
``/usr/lib/postgresql/<version>/bin`` (Debian and Ubuntu) or in Homebrew's ``postgresql@<version>``.
When they are missing it raises ``PostgresNotInstalledError`` saying how to install them: a suite
that needs PostgreSQL fails there rather than skipping, so a missing server cannot pass unnoticed.
"""

from __future__ import annotations

import atexit
import glob
import os
import pwd
import re
import shutil
import socket
import stat
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import psycopg
from psycopg import sql
from psycopg.abc import Query

SERVER_PROGRAMS = ("initdb", "pg_ctl", "postgres")
# Where packages put them off PATH, one folder per major version: Debian and Ubuntu, then
# Homebrew's versioned kegs (postgresql@16 is not linked onto PATH) on Apple silicon and Intel.
VERSIONED_FOLDERS = (
    "/usr/lib/postgresql/*/bin",
    "/opt/homebrew/opt/postgresql@*/bin",
    "/usr/local/opt/postgresql@*/bin",
)
UNPRIVILEGED_USER = "nobody"
SUPERUSER = "postgres"
HOST = "127.0.0.1"
START_TIMEOUT = 60  # seconds; pg_ctl's own default, made explicit

# Test speed over durability: a crash loses a throwaway cluster, nothing else.
SERVER_SETTINGS = {
    "listen_addresses": f"'{HOST}'",
    "fsync": "off",
    "full_page_writes": "off",
    "synchronous_commit": "off",
    "max_connections": "200",
    # No replicas to feed: the WAL holds only what crash recovery needs, so a database made by
    # copying its template's files (below) costs a few hundredths of a second, not a quarter.
    "wal_level": "minimal",
    "max_wal_senders": "0",
}

INSTALL_HINT = (
    "PostgreSQL's server programs (initdb, pg_ctl, postgres) were not found on PATH nor in "
    f"{', '.join(VERSIONED_FOLDERS)}.\n"
    "The test suite starts a throwaway PostgreSQL server of its own and needs them:\n"
    "  Debian/Ubuntu: sudo apt-get install postgresql\n"
    "  macOS:         brew install postgresql\n"
    "(or put the folder that holds initdb on PATH)."
)


class PostgresNotInstalledError(RuntimeError):
    """PostgreSQL's server programs are not on this machine; the message says how to install them."""


class ClusterError(RuntimeError):
    """initdb or pg_ctl failed; the message carries their output and the server's log."""


def _version_key(folder: Path) -> tuple[int, ...]:
    """The version in ``.../15/bin`` or ``.../postgresql@9.6/bin``: (15,), (9, 6); none sorts last."""
    parts = re.findall(r"\d+", folder.parent.name)
    return tuple(int(part) for part in parts) if parts else (-1,)


def find_server_programs(
    search_path: str | None = None, versioned_folders: Sequence[str] = VERSIONED_FOLDERS
) -> Path:
    """The folder holding initdb, pg_ctl and postgres: PATH first, then the packages' folders,
    newest version first. ``search_path`` stands in for PATH (None: the real one), for tests."""
    candidates: list[Path] = []
    on_path = shutil.which("initdb", path=search_path)
    if on_path is not None:
        # The real folder: pg_ctl finds postgres next to itself, and a symlink on PATH
        # (/usr/local/bin/initdb -> /usr/lib/postgresql/15/bin/initdb) may stand alone.
        candidates.append(Path(os.path.realpath(on_path)).parent)
    found = [Path(folder) for pattern in versioned_folders for folder in glob.glob(pattern)]
    candidates += sorted(found, key=_version_key, reverse=True)
    for folder in candidates:
        if all(os.access(folder / name, os.X_OK) for name in SERVER_PROGRAMS):
            return folder
    raise PostgresNotInstalledError(INSTALL_HINT)


def _free_port() -> int:
    """A TCP port nobody listens on right now (the OS picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        port: int = probe.getsockname()[1]
        return port


def _open_to_everyone(folder: Path) -> bool:
    """Whether any user can reach ``folder`` (every folder on the way is searchable by others)."""
    return all(os.stat(p).st_mode & stat.S_IXOTH for p in (folder, *folder.parents))


def _locale() -> list[str]:
    """A UTF-8 locale when the machine has C.UTF-8 (so lower() and ILIKE know non-ASCII letters),
    else plain C, which takes any encoding and exists everywhere."""
    if Path("/usr/lib/locale/C.utf8").is_dir():
        return ["--locale=C.UTF-8"]
    return ["--no-locale"]


@dataclass(frozen=True)
class _RunAs:
    """How to run a server program: directly, or as an unprivileged user when we are root
    (initdb and pg_ctl refuse to run as root)."""

    prefix: tuple[str, ...]
    uid: int | None
    gid: int | None

    @classmethod
    def for_this_process(cls) -> _RunAs:
        if os.geteuid() != 0:
            return cls(prefix=(), uid=None, gid=None)
        user = pwd.getpwnam(UNPRIVILEGED_USER)
        if runuser := shutil.which("runuser"):
            prefix: tuple[str, ...] = (runuser, "-u", UNPRIVILEGED_USER, "--")
        elif setpriv := shutil.which("setpriv"):
            prefix = (setpriv, f"--reuid={user.pw_uid}", f"--regid={user.pw_gid}", "--clear-groups")
        else:
            raise ClusterError(
                "Running as root, PostgreSQL must be started as another user, but neither runuser nor "
                "setpriv is installed (util-linux). Run the tests as an ordinary user."
            )
        return cls(prefix=prefix, uid=user.pw_uid, gid=user.pw_gid)

    def give(self, folder: Path) -> None:
        """Hand ``folder`` to the user the server runs as."""
        if self.uid is not None and self.gid is not None:
            os.chown(folder, self.uid, self.gid)


class ThrowawayCluster:
    """A PostgreSQL cluster of its own in a temporary folder, listening on 127.0.0.1 only, trusting
    every connection from there (user ``postgres``, no password). Make one with ``start()``."""

    def __init__(self, programs: Path, folder: Path, run_as: _RunAs) -> None:
        self.programs = programs
        self.folder = folder
        self.data = folder / "data"
        self.log = folder / "server.log"
        self.port = 0  # chosen on start, kept across restarts
        self._run_as = run_as
        self._running = False
        self._owner = os.getpid()  # a forked child inherits this object but not the server
        self._file_copy: bool | None = None  # whether CREATE DATABASE takes STRATEGY (15 and newer)

    # -- life cycle -------------------------------------------------------------------------

    @classmethod
    def start(cls) -> ThrowawayCluster:
        """Create a cluster in a new temporary folder and start it on a free port."""
        programs = find_server_programs()
        run_as = _RunAs.for_this_process()
        temp_root = Path(tempfile.gettempdir())
        if run_as.uid is not None and not _open_to_everyone(temp_root):
            temp_root = Path("/tmp")  # a TMPDIR under /root is out of reach of the server's user
        folder = Path(tempfile.mkdtemp(prefix="migrator-pg-", dir=temp_root))
        cluster = cls(programs, folder, run_as)
        atexit.register(cluster.stop)  # a run that dies early still stops its server
        try:
            run_as.give(folder)
            cluster._init()
            cluster._start(new_port=True)
        except BaseException:
            cluster.stop()
            raise
        return cluster

    def stop(self) -> None:
        """Stop the server at once (nothing in it is worth a clean shutdown) and delete its folder."""
        atexit.unregister(self.stop)
        if os.getpid() != self._owner:
            return
        if self._running or (self.data / "postmaster.pid").exists():
            self._pg_ctl("stop", "-m", "immediate", check=False)
            self._running = False
        shutil.rmtree(self.folder, ignore_errors=True)

    def restart(self) -> None:
        """Stop and start again on the same port and data: every open connection is cut off,
        committed data stays."""
        with self.stopped():
            pass

    @contextmanager
    def stopped(self) -> Iterator[None]:
        """The server down for the block (every connection cut, none accepted), then up again on
        the same port with the same data, even if the block fails."""
        self._pg_ctl("stop", "-m", "fast")
        self._running = False
        try:
            yield
        finally:
            self._start(new_port=False)

    def _init(self) -> None:
        self._run(
            self.programs / "initdb",
            "--pgdata",
            str(self.data),
            "--username",
            SUPERUSER,
            "--encoding",
            "UTF8",
            *_locale(),
            "--auth",
            "trust",
            "--no-sync",  # nothing to keep safe; saves seconds on slow disks
        )
        # Only TCP from 127.0.0.1, trusted; the unix socket sits in our private folder unused.
        (self.data / "pg_hba.conf").write_text(f"host all all {HOST}/32 trust\n", encoding="utf-8")
        settings = {**SERVER_SETTINGS, "unix_socket_directories": f"'{self.folder}'"}
        with (self.data / "postgresql.conf").open("a", encoding="utf-8") as conf:
            conf.write("\n# Throwaway test cluster\n")
            conf.writelines(f"{name} = {value}\n" for name, value in settings.items())

    def _start(self, *, new_port: bool) -> None:
        # The port goes on the command line, not in postgresql.conf, so a retry on another one
        # needs no edit; it is picked just before the server binds it, to keep the race short.
        for attempt in range(3):
            if new_port:
                self.port = _free_port()
            result = self._pg_ctl("start", "-t", str(START_TIMEOUT), "-o", f"-p {self.port}", check=False)
            if result.returncode == 0:
                self._running = True
                return
            if new_port and attempt < 2 and "could not bind" in self._log_tail():
                continue  # another process took the port between our probe and the server's bind
            raise ClusterError(self._failure("pg_ctl start", result))

    # -- databases --------------------------------------------------------------------------

    def url(self, database: str, user: str = SUPERUSER) -> str:
        """``postgresql://USER@127.0.0.1:PORT/DATABASE`` (no password: the cluster trusts 127.0.0.1)."""
        return f"postgresql://{user}@{HOST}:{self.port}/{database}"

    def create_database(self) -> str:
        """The URL of a new, empty database with a name of its own."""
        name = f"test_{uuid.uuid4().hex[:16]}"
        if self._file_copy is None:
            (version,) = self.run_sql("SHOW server_version_num")[0]
            self._file_copy = int(version) >= 150000
        # Copying the template's files is the fast way without WAL to write (wal_level minimal).
        strategy = sql.SQL(" STRATEGY FILE_COPY" if self._file_copy else "")
        self.run_sql(sql.SQL("CREATE DATABASE {}{}").format(sql.Identifier(name), strategy))
        return self.url(name)

    def drop_database(self, url: str) -> None:
        """Drop the database ``url`` names, cutting off whatever is still connected to it."""
        name = unquote(urlsplit(url).path.lstrip("/"))
        self.run_sql(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))

    def add_login(
        self, database: str, *, may_change: bool = True, display_name: str = "", password: str = ""
    ) -> str:
        """A new login role of its own, granted to change (or, ``may_change=False``, only read) the
        tables ``database`` holds now; its URL. ``display_name`` goes in the role's comment (what
        history credits); with a ``password`` the server asks this role for it (the others stay
        trusted)."""
        role = f"login_{uuid.uuid4().hex[:12]}"
        create = sql.SQL("CREATE ROLE {} LOGIN").format(sql.Identifier(role))
        if password:
            create += sql.SQL(" PASSWORD {}").format(sql.Literal(password))
        self.run_sql(create)
        if display_name:
            self.run_sql(
                sql.SQL("COMMENT ON ROLE {} IS {}").format(sql.Identifier(role), sql.Literal(display_name))
            )
        rights = "SELECT, INSERT, UPDATE, DELETE" if may_change else "SELECT"
        grant = "GRANT {rights} ON ALL TABLES IN SCHEMA public TO {role}"
        self.run_sql(sql.SQL(grant).format(rights=sql.SQL(rights), role=sql.Identifier(role)), database)
        if may_change:
            sequences = "GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {}"
            self.run_sql(sql.SQL(sequences).format(sql.Identifier(role)), database)
        if password:
            self._require_password(role, database)
        return self.url(database, role)

    def _require_password(self, role: str, database: str) -> None:
        """Put a rule asking ``role`` for its password before the one that trusts everyone, and
        wait until the server follows it."""
        hba = self.data / "pg_hba.conf"
        hba.write_text(f"host all {role} {HOST}/32 scram-sha-256\n" + hba.read_text(encoding="utf-8"))
        self.run_sql("SELECT pg_reload_conf()")
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                psycopg.connect(self.url(database, role), connect_timeout=5).close()
            except psycopg.OperationalError as error:
                if "password" in str(error):
                    return
                raise
            time.sleep(0.05)
        raise ClusterError(f"The server did not start asking {role} for a password.")

    def run_sql(self, statement: Query, database: str = "postgres") -> list[tuple[Any, ...]]:
        """Run one statement as the superuser, outside a transaction (CREATE DATABASE needs that);
        the rows it returns, if any."""
        with psycopg.connect(self.url(database), autocommit=True, connect_timeout=10) as connection:
            cursor = connection.execute(statement)
            return cursor.fetchall() if cursor.description is not None else []

    # -- running the server programs --------------------------------------------------------

    def _pg_ctl(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        # -l: the server's output goes to a file, so it holds no pipe of ours open after pg_ctl exits.
        return self._run(
            self.programs / "pg_ctl",
            "--pgdata",
            str(self.data),
            "-l",
            str(self.log),
            "-w",
            *args,
            check=check,
        )

    def _run(self, program: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        command: Sequence[str] = [*self._run_as.prefix, str(program), *args]
        # PG* variables of the developer's own setup (PGDATA, PGPORT, ...) must not steer this server.
        env = {name: value for name, value in os.environ.items() if not name.startswith("PG")}
        result = subprocess.run(
            command,
            cwd=self.folder,  # the server's user may not be able to enter the current folder
            env=env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            check=False,
        )
        if check and result.returncode != 0:
            raise ClusterError(self._failure(" ".join(command), result))
        return result

    def _log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def _failure(self, what: str, result: subprocess.CompletedProcess[str]) -> str:
        return (
            f"{what} failed with exit code {result.returncode}\n{result.stdout}{result.stderr}"
            f"\nserver log ({self.log}):\n{self._log_tail()}"
        )


if __name__ == "__main__":
    # python -m tests.support.postgres: start a cluster, print its URL, stop on Enter.
    cluster = ThrowawayCluster.start()
    print(cluster.url("postgres"))
    try:
        input("Enter stops the server. ")
    finally:
        cluster.stop()
