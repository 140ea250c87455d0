"""A build's time, CPU and memory, phase by phase, from its log and from samples of its processes.

The plugin logs one line at the END of each phase (`bulletin: <name>: [pages, ]<seconds> s[,
peak …]`, `bulletin.build.progress`), and a phase begins when the one before it ends; the first
began its own logged seconds before its line. `site_bench.measure` time-stamps every line of
the build's standard error and samples the whole process tree (CPU seconds so far every
100 ms, PSS and RSS less often); `split` gives each sample to the phase whose end line comes
next. The names are read from the log, never listed here: phases may be renamed, merged or
added.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

PHASE_LINE = re.compile(
    r"\bbulletin: (?P<name>.+?): (?:[\d,]+/[\d,]+ pages \([\d,]+/s\), )?"
    r"(?P<seconds>\d+(?:\.\d+)?) s(?:, peak [\d,]+ MB)?\s*$"
)
START = "start (MkDocs, before the first phase)"
END = "end (after the last phase line)"
WHOLE = "the whole build (no phase line)"

Line = tuple[float, str]
"""Seconds since the command started, and a line of its standard error."""
Point = tuple[float, int, int, float]
"""Seconds since the command started; PSS and RSS bytes (0: not read then), CPU seconds of
all its processes."""


@dataclass
class Phase:
    name: str
    logged: float | None
    """Seconds, as the build's own line says (None: a part the build logs no line for)."""
    wall: float
    """Seconds from the end of the phase before (its start) to its line."""
    cpu: float
    """CPU seconds of all processes in that time."""
    peak: int | None
    """Bytes: the largest PSS, all processes, sampled in that time (None: no sample)."""
    peak_rss: int | None


def phase_ends(lines: list[Line]) -> list[tuple[float, str, float]]:
    """The phase lines: when each was read, its phase's name and logged seconds."""
    ends = []
    for at, line in lines:
        if found := PHASE_LINE.search(line):
            ends.append((at, found["name"], float(found["seconds"])))
    return ends


def split(lines: list[Line], timeline: list[Point], wall: float, cpu: float) -> list[Phase]:
    """The phases of one command that ran `wall` seconds and used `cpu` seconds of CPU (all
    its processes): each with its share of the samples in `timeline`. What comes before the
    first phase and after the last line is a part of its own."""
    ends = phase_ends(lines)
    if not ends:
        return [_phase(WHOLE, None, 0.0, wall, timeline, wall, cpu)]
    phases = []
    start = max(0.0, ends[0][0] - ends[0][2])
    if start > 0:
        phases.append(_phase(START, None, 0.0, start, timeline, wall, cpu))
    for at, name, logged in ends:
        phases.append(_phase(name, logged, start, at, timeline, wall, cpu))
        start = at
    if wall > start:
        phases.append(_phase(END, None, start, wall, timeline, wall, cpu))
    return phases


def _phase(
    name: str,
    logged: float | None,
    start: float,
    end: float,
    timeline: list[Point],
    wall: float,
    cpu: float,
) -> Phase:
    inside = [point for point in timeline if start < point[0] <= end and point[1]]
    peak = max((point[1] for point in inside), default=None)  # a point without memory: 0
    peak_rss = max((point[2] for point in inside), default=None)
    used = _cpu_at(end, timeline, wall, cpu) - _cpu_at(start, timeline, wall, cpu)
    return Phase(name, logged, end - start, max(0.0, used), peak, peak_rss)


def _cpu_at(at: float, timeline: list[Point], wall: float, cpu: float) -> float:
    """The CPU seconds used by `at`, between the samples around it (none at the start, all
    of `cpu` at the end)."""
    points = [(0.0, 0.0)] + [(point[0], point[3]) for point in timeline if point[0] < wall]
    points.append((wall, max(cpu, points[-1][1])))
    index = bisect.bisect_left(points, (at, float("-inf")))
    if index == 0:
        return 0.0
    if index == len(points):
        return points[-1][1]
    (before, used_before), (after, used_after) = points[index - 1], points[index]
    if after == before:
        return used_after
    return used_before + (used_after - used_before) * (at - before) / (after - before)
