"""The documents' rules: the order of kinds, newest first within a kind, and who issued."""

from __future__ import annotations

from datetime import date
from functools import cache

from bulletin.text.codes import DocumentCode, kind_names
from bulletin.text.vietnamese import fold, name_sort_key

OTHER_KIND = "Văn bản khác"
"""The kind that comes last: as a registry may write it, and as the interface names by default
the kind of a reference whose code and registry entry say none (`document.other_kind`)."""


@cache
def _kind_ranks() -> dict[str, int]:
    return {fold(name): rank for rank, name in enumerate(kind_names())}


def kind_order(kind: str) -> tuple[int, tuple[object, ...]]:
    """Sort key of a kind: the table's order (Nghị quyết, Kết luận, Chỉ thị…, as
    `document_kinds.yml` lists them), then kinds it does not know in Vietnamese order, then
    "Văn bản khác"."""
    ranks = _kind_ranks()
    if fold(kind) == fold(OTHER_KIND):
        return (len(ranks) + 1, ())
    rank = ranks.get(fold(kind))
    return (rank, ()) if rank is not None else (len(ranks), name_sort_key(kind))


def year_of(when: date | None, code: DocumentCode | None) -> int | None:
    """The year the document was issued: its date's, else its code's (`05/2022/NQ-HĐND`)."""
    if when:
        return when.year
    return code.year if code else None


def newest_first(
    when: date | None, code: DocumentCode | None, name: str
) -> tuple[bool, int, bool, int, int, str]:
    """Sort key of a document within its kind: the newest year first (its date's, else its
    code's); in one year the dated by their day, then the undated by their number, highest
    first; documents of unknown year last, by number; then by name."""
    year = year_of(when, code)
    number = int(code.number) if code else 0
    day = when.toordinal() if when else 0
    return (year is None, -(year or 0), when is None, -day, -number, fold(name))


def issuer(registered: str | None, code: DocumentCode | None) -> str | None:
    """Who issued the document: what the registry says, else what the code's signature says
    (`/TU` → `Tỉnh ủy`, `NQ-HĐND` → `Hội đồng nhân dân`)."""
    if registered:
        return registered
    return code.issuer_name if code else None
