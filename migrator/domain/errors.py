"""Typed errors whose messages a coordinator can act on."""

from __future__ import annotations


class MigratorError(Exception):
    """Base of every error Migrator reports to a user; the message is the whole story."""


class ValidationError(MigratorError):
    """A value breaks a rule of the plan (empty title, due before start, ...)."""


class NotFoundError(MigratorError):
    """A team, person, workstream or dependency that does not exist."""


class DependencyLoopError(ValidationError):
    """A dependency would close a loop; ``loop`` lists the keys, first repeated last."""

    def __init__(self, loop: list[str], message: str | None = None) -> None:
        self.loop = loop
        super().__init__(message or f"This dependency would close a loop: {' → '.join(loop)}")


class ConcurrentEditError(MigratorError):
    """Someone else changed the row since it was read."""


class ReadOnlyError(MigratorError):
    """The file can be read but not changed."""


class MigrationFileError(MigratorError):
    """The file cannot be opened as a migration (foreign, damaged, newer, missing)."""


class PlanExistsError(MigrationFileError):
    """A copy's destination already holds a plan (or a file): copied over only when asked to replace it."""


class FileBusyError(MigratorError):
    """Another program holds the file's lock for now: nothing is wrong with it; try again."""


class FileContentError(MigrationFileError):
    """The file holds values Migrator cannot use (another program wrote them); ``problems``
    names each one with its row, e.g. "workstream BNK-4 (id 12): status 'bogus' is not one of …"."""

    SHOWN = 10  # problems listed in the message; `migrator check` lists them all

    def __init__(self, file_name: str, problems: list[str]) -> None:
        self.problems = problems
        listed = [f"  {problem}" for problem in problems[: self.SHOWN]]
        if len(problems) > self.SHOWN:
            listed.append(f"  … and {len(problems) - self.SHOWN} more (`migrator check` lists them all)")
        super().__init__(
            f"{file_name} holds values Migrator cannot use (another program wrote them); "
            "nothing was changed:\n" + "\n".join(listed)
        )


class PasswordNeededError(MigratorError):
    """The server asks for a password that was not given (or refused the one given)."""

    def __init__(self, message: str, *, refused: bool = False) -> None:
        self.refused = refused
        super().__init__(message)


class ServerUnreachableError(MigratorError):
    """The plan's server cannot be reached now (down, restarting, the network cut)."""
