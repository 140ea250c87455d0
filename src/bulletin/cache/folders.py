"""Folders by their files' content, for the page cache's key, and the memo that spares reading
them at every build.

Material's theme folder is some 14,500 files (its icons), 12 MB: reading them all takes 0.35 s
a build, looking at them (`os.stat`) 0.07 s. So the memo, one small JSON file beside the page
cache, keeps each folder's stat signature (every file's path, size, mtime_ns and ctime_ns) with
the content digest computed last time: the same signature, the same digest, without a file
read. A file changed within two seconds of the reading leaves no memo (its times may not tell
a second change from the first). The memo also keeps what was made of the theme's templates
(`bulletin.cache.templates`), by the theme's digest; a process keeps its digests too (the
preview and the tests build many times). Nothing here imports MkDocs.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
from collections.abc import Sequence
from pathlib import Path

from bulletin.cache.pages import digest, folder_digest, write_stream

RECENT = 2_000_000_000
"""Nanoseconds: a file changed this recently gives no memo of its folder."""

_KNOWN: dict[tuple[str, str], str] = {}
"""This process's digests, by folder and stat signature."""


class Memo:
    """Small values kept between builds in one JSON file of the page cache's `folder`, by
    name (a cache: a file that cannot be read is no memo, one that cannot be written is
    skipped). `save` writes what this build used, once the build has made the folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.path = folder / "inputs.json"
        self.values: dict[str, object] = {}
        self.used: set[str] = set()
        self.changed = False
        with contextlib.suppress(OSError, ValueError):
            values = json.loads(self.path.read_bytes())
            self.values = values if isinstance(values, dict) else {}

    def get(self, name: str) -> object:
        self.used.add(name)
        return self.values.get(name)

    def put(self, name: str, value: object) -> None:
        self.used.add(name)
        self.changed = self.changed or self.values.get(name) != value
        self.values[name] = value

    def save(self) -> None:
        if not self.changed:
            return
        kept = {name: value for name, value in self.values.items() if name in self.used}
        data = json.dumps(kept).encode("utf-8")
        with contextlib.suppress(OSError):
            write_stream(self.path, lambda stream: stream.write(data))
        self.changed = False


def content_digests(paths: Sequence[Path], memo: Memo) -> list[str]:
    """Each folder's (or file's) `folder_digest`, read again only when its stat signature is
    not the one the memo has."""
    return [_content_digest(path, memo) for path in paths]


def _content_digest(path: Path, memo: Memo) -> str:
    started = time.time_ns()
    signature, newest = stat_signature(path)
    name = f"folder {path}"
    found = _KNOWN.get((str(path), signature))
    kept = memo.get(name)
    if found is None and isinstance(kept, list) and len(kept) == 2 and kept[0] == signature:
        found = str(kept[1])
    if found is None:
        found = folder_digest([path])
    if newest < started - RECENT:
        _KNOWN[str(path), signature] = found
        memo.put(name, [signature, found])
    return found


def stat_signature(path: Path) -> tuple[str, int]:
    """Every file's path, size, mtime_ns and ctime_ns, in order; and the newest time."""
    parts = [f"{path}\0"]
    newest = 0
    for file in _files(path):
        try:
            stat = os.stat(file)
        except OSError:  # a link to nothing: no file, as for `folder_digest`
            continue
        parts.append(f"{file}\0{stat.st_size}\0{stat.st_mtime_ns}\0{stat.st_ctime_ns}\0")
        newest = max(newest, stat.st_mtime_ns, stat.st_ctime_ns)
    return digest("".join(parts)), newest


def _files(path: Path) -> list[str]:
    """The files of a folder as `folder_digest` reads them (not in linked folders), or the
    file itself."""
    if path.is_file():
        return [str(path)]
    found: list[str] = []
    for root, folders, files in os.walk(path):
        folders.sort()
        found += [os.path.join(root, name) for name in sorted(files)]
    return found
