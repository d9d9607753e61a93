"""Exceptions raised by kg.

    KGError
     ├── InputError(KGError, ValueError)      a file or record cannot be read as a document
     ├── ModelNotFoundError(KGError, OSError) no spaCy pipeline could be loaded
     ├── UnknownNameError(KGError, ValueError) a registry lookup failed
     ├── ExportError(KGError)                 a graph could not be written
     ├── QueryError(KGError, ValueError)      a SPARQL query failed
     │    ├── QueryRefusedError               refused before it ran (kg.query.guard)
     │    └── QueryTimeoutError               stopped at its deadline
     └── FolderLockedError(KGError)           another run is writing the output folder
"""

from __future__ import annotations

from collections.abc import Iterable


class KGError(Exception):
    """Base class of every kg error."""


class InputError(KGError, ValueError):
    """An input file or record cannot be turned into a Document."""

    def __init__(self, source: str, problem: str) -> None:
        super().__init__(f"{source}: {problem}")
        self.source = source
        self.problem = problem


class ModelNotFoundError(KGError, OSError):
    """No spaCy pipeline could be loaded."""


class UnknownNameError(KGError, ValueError):
    """A registry lookup failed."""

    def __init__(self, kind: str, name: str, available: Iterable[str]) -> None:
        names = ", ".join(sorted(available))
        super().__init__(f"Can't find {kind} '{name}'. Available names: {names}")


class ExportError(KGError):
    """A graph could not be written."""


class PortError(KGError):
    """``kg serve`` cannot listen on the port it was given (taken, or not ours)."""


class QueryError(KGError, ValueError):
    """A SPARQL query could not be parsed or run."""


class FolderLockedError(KGError):
    """Another run is writing the output folder (``kg.store.lock``); ``owner`` names it
    (a ``kg.store.lock.Owner``, or ``None`` when the lock file says nothing)."""

    def __init__(self, message: str, owner: object = None) -> None:
        super().__init__(message)
        self.owner = owner


class QueryRefusedError(QueryError):
    """A query refused before it reached the engine: too large, too deep, or ``SERVICE``."""


class QueryTimeoutError(QueryError):
    """A query stopped because it ran past its deadline."""
