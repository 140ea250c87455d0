"""Problems found in editors' files, collected and reported all together."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum


class Severity(Enum):
    """An error stops the build; a warning stops it only under `--strict`."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in one file, at one line: `path:line: field: message`."""

    path: str
    line: int
    field: str
    message: str
    severity: Severity = Severity.ERROR

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}:"
        return f"{where} {self.field}: {self.message}" if self.field else f"{where} {self.message}"

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR


class Problems:
    """The problems of one file: each reader adds to it instead of raising."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.items: list[Problem] = []

    def error(self, line: int, field: str, message: str) -> None:
        self.items.append(Problem(self.path, line, field, message))

    def warning(self, line: int, field: str, message: str) -> None:
        self.items.append(Problem(self.path, line, field, message, Severity.WARNING))

    def __bool__(self) -> bool:
        return bool(self.items)


def has_errors(problems: Iterable[Problem]) -> bool:
    """Tell whether any of `problems` must stop the build."""
    return any(problem.is_error for problem in problems)


def report(problems: Iterable[Problem]) -> str:
    """All problems, sorted by file and line, one per line, with a count at the top."""
    ordered = sorted(problems)
    errors = sum(problem.is_error for problem in ordered)
    head = f"{errors} error(s), {len(ordered) - errors} warning(s) in articles:"
    return "\n".join([head, *(str(problem) for problem in ordered)])
