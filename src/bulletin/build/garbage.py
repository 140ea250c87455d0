"""Python's garbage collector during a build.

A build reads every article into objects that live until it ends (10,000 articles are
millions of objects). The collector's full passes walk all of them again each time the heap
grows by a quarter: 1.5 s of a 10-second rebuild at 10,000 articles. While they are made,
the collector waits; then they are frozen (`gc.freeze`: left out of every later pass, which
also spares the memory a forked process shares with the build). At the end of the build
(`release`) they are unfrozen, so that a process that builds again (`mkdocs serve`) collects
what it no longer uses.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache


@contextmanager
def lasting_objects(collect_first: bool = False) -> Iterator[None]:
    """Objects made in the block live for the rest of the build: no collection while they are
    made, then they and everything made before are frozen. `collect_first`: collect what an
    earlier build in this process left before (else it would be frozen with the rest). The
    collector runs again after the block, whatever happens in it."""
    gc.unfreeze()
    if collect_first:
        gc.collect()
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
        gc.freeze()
    finally:
        if enabled:
            gc.enable()


def freeze() -> None:
    """Everything made so far lives for the rest of the build (before a fork, too)."""
    gc.freeze()


def release() -> None:
    """The build is over: what it froze may be collected."""
    gc.unfreeze()


def trim() -> bool:
    """Give the memory the C allocator holds free back to the system (glibc's `malloc_trim`):
    reading the articles frees most of what it made (their files' texts, what the reading
    processes sent), and glibc keeps it otherwise, for this process and every one it forks.
    Whether it could (not on other C libraries)."""
    trimmer = _malloc_trim()
    return trimmer is not None and bool(trimmer(0))


@cache
def _malloc_trim() -> ctypes._CFuncPtr | None:  # type: ignore[name-defined]
    name = ctypes.util.find_library("c")
    try:
        return getattr(ctypes.CDLL(name), "malloc_trim", None) if name else None
    except OSError:
        return None
