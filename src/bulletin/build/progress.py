"""What a long build is doing: one line per phase for CI logs (with the build's peak memory so
far), and on a terminal a live count of the pages done with their rate."""

from __future__ import annotations

import resource
import sys
import threading
import time
from collections.abc import Callable
from typing import TextIO


def peak_megabytes() -> int:
    """The most resident memory this process has used so far: Linux's `VmHWM`, which starts
    anew when a program starts (`ru_maxrss` keeps the peak of the process that started it: a
    bench that read a large file before starting the build); elsewhere `ru_maxrss`."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) // 1024  # kB
    except OSError:
        pass
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak // 1024 if sys.platform != "darwin" else peak // 2**20


class Progress:
    """Phases of one build. `say` logs a line (the plugin's logger); `stream`, when it is a
    terminal, gets a line rewritten at most twice a second while pages are counted."""

    def __init__(
        self,
        say: Callable[[str], None],
        stream: TextIO = sys.stderr,
        clock: Callable[[], float] = time.perf_counter,
        memory: Callable[[], int] | None = peak_megabytes,
    ) -> None:
        self.say, self.stream, self.clock, self.memory = say, stream, clock, memory
        self.live = stream.isatty()
        self.name, self.total, self.done = "", 0, 0
        self.started = self.shown = clock()
        self.lock = threading.Lock()
        """Pages are counted by the build and by the threads reading the other processes."""
        self.early: dict[str, int] = {}
        """Pages of a phase done before it began here (by another rendering process)."""
        self.ended: set[str] = set()
        """The phases of this build that are over: a page of one is not counted again."""

    def start(self, name: str) -> None:
        """Start a build (the preview makes one after another) with its first phase."""
        self.finish()
        with self.lock:
            self.early, self.ended = {}, set()
        self.phase(name)

    def phase(self, name: str, total: int = 0) -> None:
        """End the current phase (with its line) and start `name`, of `total` pages if counted."""
        self.finish()
        with self.lock:
            self.name, self.total, self.done = name, total, self.early.pop(name, 0)
        self.started = self.shown = self.clock()

    def tick(self, phase: str | None = None) -> None:
        """One more page of the current phase, or of `phase`: counted when it begins, not at
        all once it has ended (a page rendered again while pages are written)."""
        with self.lock:
            if phase is not None and phase != self.name:
                if phase not in self.ended:
                    self.early[phase] = self.early.get(phase, 0) + 1
                return
            self.done += 1
        now = self.clock()
        if self.live and now - self.shown >= 0.5:
            self.shown = now
            self.stream.write(f"\rbulletin: {self.name}: {self._count(now)}")
            self.stream.flush()

    def finish(self) -> None:
        """Log the line of the current phase, if any."""
        if not self.name:
            return
        now = self.clock()
        if self.live and self.done:
            self.stream.write("\r\x1b[K")
        counted = f"{self._count(now)}, " if self.total else ""
        peak = f", peak {self.memory():,} MB" if self.memory else ""
        self.say(f"{self.name}: {counted}{now - self.started:.1f} s{peak}")
        with self.lock:
            self.ended.add(self.name)
            self.name = ""

    def _count(self, now: float) -> str:
        rate = self.done / max(now - self.started, 1e-9)
        return f"{self.done:,}/{self.total:,} pages ({rate:,.0f}/s)"
