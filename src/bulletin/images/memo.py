"""What reading a photo found (its digest and header), kept between builds by the file's stat
signature (size, mtime_ns, ctime_ns), so that a build does not read every photo's bytes again
(3 GB for 10,000 photos). One JSON file in the image cache; a file changed within two seconds
of the reading is not kept (its times may not tell a second change from the first)."""

from __future__ import annotations

import contextlib
import json
import os
import time
from pathlib import Path

from bulletin.images.plan import Source, read_source

RECENT = 2_000_000_000
"""Nanoseconds."""


class SourceMemo:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.known: dict[str, list[object]] = {}
        self.used: dict[str, list[object]] = {}
        with contextlib.suppress(OSError, ValueError):
            known = json.loads(path.read_bytes())
            self.known = known if isinstance(known, dict) else {}

    def read(self, path: Path) -> Source:
        """The source at `path`, from the memo if its file is as it was (raises Unreadable)."""
        stat = path.stat()
        signature = [stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns]
        kept = self.known.get(str(path))
        if isinstance(kept, list) and len(kept) == 7 and kept[:3] == signature:
            digest, width, height, fallback = kept[3:]
            source = Source(path, str(digest), int(width), int(height), str(fallback))  # type: ignore[call-overload]
        else:
            source = read_source(path)
        if time.time_ns() - max(stat.st_mtime_ns, stat.st_ctime_ns) > RECENT:
            self.used[str(path)] = [*signature, source.digest, source.width, source.height,
                                    source.fallback]  # fmt: skip
        return source

    def save(self) -> None:
        """Keep what this build read (a cache: a failure to write is no error)."""
        if self.used == self.known:
            return
        partial = self.path.with_name(f".{self.path.name}.{os.getpid()}")
        with contextlib.suppress(OSError):
            partial.write_text(json.dumps(self.used), encoding="utf-8")
            os.replace(partial, self.path)
