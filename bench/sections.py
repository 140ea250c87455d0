"""bench/RESULTS.md is made of sections, each written by its bench: a section begins with its
heading line (`# …` or `## …`) and runs to the next heading of either level. A bench puts its
own in place of the one with the same heading (at the end the first time) and keeps the others.
"""

from __future__ import annotations

from pathlib import Path


def put_section(document: str, section: str) -> str:
    """`document` with `section` in place of the one with the same heading line."""
    heading = section.splitlines()[0]
    lines = document.splitlines(keepends=True)
    first = next((i for i, line in enumerate(lines) if line.rstrip("\n") == heading), None)
    if first is None:
        kept = document.rstrip("\n")
        return f"{kept}\n\n{section}" if kept else section
    after = (i for i in range(first + 1, len(lines)) if lines[i].startswith(("# ", "## ")))
    rest = "".join(lines[next(after, len(lines)) :])
    return "".join(lines[:first]) + section + (f"\n{rest}" if rest else "")


def write_section(path: Path, section: str) -> None:
    """Put `section` (ending with a new line) into the file at `path`, the others kept."""
    document = path.read_text(encoding="utf-8") if path.exists() else ""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(put_section(document, section), encoding="utf-8")
