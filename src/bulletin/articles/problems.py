"""Problems found in editors' files, collected and reported all together."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum
from typing import NamedTuple, Protocol


class Severity(Enum):
    """An error stops the build; a warning stops it only under `--strict`."""

    ERROR = "error"
    WARNING = "warning"


class Located(Protocol):
    """Anything with a place in a file: a front-matter value."""

    @property
    def line(self) -> int: ...

    @property
    def column(self) -> int: ...


class Place(NamedTuple):
    """A line and column, kept without the value found there: a tuple, as small as Python
    keeps two numbers (an article keeps one for each of its values)."""

    line: int
    column: int


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in one file, at one place: `path:line:column: field: message (cần: …)`,
    as the editors' tools, the build and linters print it."""

    path: str
    line: int
    column: int
    field: str
    message: str
    severity: Severity = dataclasses.field(default=Severity.ERROR, compare=False)

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}:{self.column}:"
        return f"{where} {self.field}: {self.message}" if self.field else f"{where} {self.message}"

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR


class Problems:
    """The problems of one file: each reader adds to it instead of raising."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.items: list[Problem] = []

    def error(self, where: int | Located, field: str, message: str) -> None:
        """Add an error at a line, or at the line and column of a value."""
        self.add(where, field, message, Severity.ERROR)

    def warning(self, where: int | Located, field: str, message: str) -> None:
        self.add(where, field, message, Severity.WARNING)

    def add(self, where: int | Located, field: str, message: str, severity: Severity) -> None:
        line, column = (where, 1) if isinstance(where, int) else (where.line, where.column)
        self.items.append(Problem(self.path, line, column, field, message, severity))

    def __bool__(self) -> bool:
        return bool(self.items)


def has_errors(problems: Iterable[Problem]) -> bool:
    """Tell whether any of `problems` must stop the build."""
    return any(problem.is_error for problem in problems)


def report(problems: Iterable[Problem]) -> str:
    """All problems, sorted by file and line, one per line, with a count at the top."""
    ordered = sorted(problems)
    errors = sum(problem.is_error for problem in ordered)
    head = f"{errors} lỗi, {len(ordered) - errors} cảnh báo:"
    return "\n".join([head, *(str(problem) for problem in ordered)])
