"""This project alone at archive scale: clean builds of 50,000 and 100,000 generated articles,
phase by phase, and the rebuild after one changed article.

For each size, the corpus of `site_bench.generate` (`bench/work/<N>/bulletin`, written once:
100,000 articles take several minutes) is built clean (`site_bench.build`: no `site/`, no
`.cache/`) with MkDocs' log, and measured by `site_bench.measure`: wall, CPU and peak memory
(PSS) of all processes, and the same for each phase the build logs a line for
(`bench/phases.py`). Then: the pages written, the site's and the page cache's size on disk
(`.cache/` and its folders), the internal links that lead nowhere (`bulletin.build.linkcheck`:
any fails the bench), and the rebuild after one changed article as CI makes it
(`site_bench.rebuild_one_changed`: the sources checked out anew, `.cache/` and the last `site/`
restored). The targets are
checked and printed, pass or fail; times do not fail the run (a shared machine is noisy). Writes its
section of bench/RESULTS.md, the others kept. Not a test: `make bench`.

    python bench/scale_bench.py --quick                      # N = 300: try it
    python bench/scale_bench.py --sizes 50000,100000         # make bench
    python bench/scale_bench.py --sizes 10000,50000,100000 --code /tmp/copy
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import site_bench
from phases import Phase, split
from sections import write_section
from site_bench import (
    Sample,
    build,
    generate,
    output_of,
    rebuild_one_changed,
    summary,
    versions,
)

from bulletin.build.linkcheck import broken_links

HEADING = "## Archive scale: this project alone (`bench/scale_bench.py`)"
MB = 2**20
PEAK_LIMITS = {10_000: 2**30, 100_000: 4 * 2**30}
"""Bytes of PSS, all processes, that the clean build and the rebuild may take at a size."""
CLEAN_WALL_LIMITS = {100_000: 12 * 60.0}
REBUILD_WALL_LIMITS = {10_000: 5.0, 100_000: 15.0}
LINEAR = (10_000, 50_000)
"""The clean build's CPU at the second size is at most (second / first) times that at the first."""


@dataclass
class Scale:
    size: int
    clean: Sample
    rebuild: Sample
    pages: int
    site_bytes: int
    """The size of the site's files (as `site_bench.output_of`)."""
    disk: dict[str, tuple[int, int]]
    """Files and bytes on disk of `site/`, `.cache/` and each folder two levels into it."""
    broken: list[str]
    loads: tuple[float, float]
    """The machine's load (1 minute) before the clean build and before the rebuild: what
    else ran on it."""


def disk_usage(folder: Path) -> tuple[int, int]:
    """The files under `folder`, and the bytes they take on disk (their blocks, as `du`)."""
    files, used = 0, 0
    for parent, _, names in os.walk(folder):
        for name in names:
            files += 1
            used += os.lstat(os.path.join(parent, name)).st_blocks * 512
    return files, used


def sizes_on_disk(folder: Path) -> dict[str, tuple[int, int]]:
    cache = folder / ".cache"
    found = {"site/": disk_usage(folder / "site"), ".cache/": disk_usage(cache)}
    for part in sorted(path for path in cache.glob("*/*") if path.is_dir()):
        found[f".cache/{part.relative_to(cache)}/"] = disk_usage(part)
    return found


def measure_size(size: int) -> Scale:
    folder = generate(size, ("bulletin",))["bulletin"]
    print(f"N={size:,}: the clean build", flush=True)
    load = os.getloadavg()[0]
    clean = build("bulletin", folder, quiet=False)
    _say(size, "clean", clean)
    site_bytes, pages = output_of("bulletin", folder)
    disk = sizes_on_disk(folder)
    links = broken_links(folder / "site", "/", processes=os.cpu_count() or 1)
    print(f"N={size:,}: internal links that lead nowhere: {len(links):,}", flush=True)
    loads = (load, os.getloadavg()[0])
    rebuild = rebuild_one_changed(folder, 0, quiet=False)
    _say(size, "rebuild", rebuild)
    broken = [str(link) for link in links]
    return Scale(size, clean, rebuild, pages, site_bytes, disk, broken, loads)


def phases_of(sample: Sample) -> list[Phase]:
    return split(sample.lines, sample.timeline, sample.wall, sample.cpu)


def _say(size: int, name: str, sample: Sample) -> None:
    print(f"N={size:,} {name}: {summary(sample)}", flush=True)
    for phase in phases_of(sample):
        print(f"    {phase.name}: {phase.wall:.1f} s, {phase.cpu:.1f} s CPU, {_mb(phase.peak)} MB")


def _mb(value: int | None) -> str:
    return "–" if value is None else f"{value / MB:,.0f}"


def checks(results: list[Scale]) -> list[tuple[bool, str]]:
    """The targets that apply to the sizes measured: met or not, with what was measured."""
    by_size = {result.size: result for result in results}
    found = []
    for size, limit in PEAK_LIMITS.items():
        if result := by_size.get(size):
            peak = max(result.clean.peak, result.rebuild.peak)
            text = f"N={size:,}: peak PSS, all processes, clean build and rebuild: {peak / MB:,.0f}"
            found.append((peak <= limit, f"{text} MB (at most {limit / MB:,.0f} MB)"))
    small, large = LINEAR
    if small in by_size and large in by_size:
        ratio = by_size[large].clean.cpu / by_size[small].clean.cpu
        text = f"the clean build's CPU at {large:,}: {ratio:.2f} times that at {small:,}"
        found.append((ratio <= large / small, f"{text} (at most {large / small:.0f} times)"))
    for size, limit in CLEAN_WALL_LIMITS.items():
        if result := by_size.get(size):
            wall, text = result.clean.wall, f"N={size:,}: clean build"
            found.append((wall <= limit, f"{text} {wall:.0f} s (at most {limit:.0f} s)"))
    for size, limit in REBUILD_WALL_LIMITS.items():
        if result := by_size.get(size):
            wall, text = result.rebuild.wall, f"N={size:,}: rebuild"
            found.append((wall <= limit, f"{text} {wall:.1f} s (at most {limit:.0f} s)"))
    return found


def code_measured() -> str:
    if site_bench.CODE != site_bench.ROOT:
        return f"a copy in `{site_bench.CODE}`"
    git = ["git", "-C", str(site_bench.ROOT)]
    commit = subprocess.run([*git, "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    changed = subprocess.run(
        [*git, "status", "--porcelain", "--", "src", "overrides"], capture_output=True, text=True
    )
    return f"commit {commit.stdout.strip()}" + (" with changes" if changed.stdout.strip() else "")


def report(results: list[Scale], found: list[tuple[bool, str]]) -> str:
    lines = [
        HEADING,
        "",
        f"Measured {date.today().isoformat()} on {platform.machine()}, {os.cpu_count()} cores, "
        f"one run each; code: {code_measured()}; " + "; ".join(versions()[:3]) + ".",
        "",
        "Command: `python bench/scale_bench.py " + " ".join(sys.argv[1:]) + "`.",
    ]
    if max(result.size for result in results) < 50_000:
        trial = "**A trial at small sizes**: the archive's are those of `--sizes 50000,100000`."
        lines += ["", trial]
    lines += [
        "",
        "The clean build (no `site/`, no `.cache/`) and the rebuild after one changed article "
        "as CI makes it (the sources checked out anew, `.cache/` and the last `site/` restored: "
        "the rebuild writes only what changed into it); CPU and peak memory of all processes "
        "(PSS, in parentheses RSS; the CPU read every 100 ms, the memory as often as 2% of a "
        "core allows: `site_bench.MEMORY_SHARE`); the machine's load (1 minute) "
        "before the build:",
        "",
        "| N | build | wall s | CPU s | CPU ms an article | peak MB, PSS (RSS) | pages written "
        "| load before |",
        "|---:|---|---:|---:|---:|---:|---:|---:|",
    ]
    for result in results:
        builds = (("clean", result.clean), ("rebuild", result.rebuild))
        for (name, sample), load in zip(builds, result.loads, strict=True):
            pages = f"{result.pages:,}" if name == "clean" else ""
            lines.append(
                f"| {result.size:,} | {name} | {sample.wall:.1f} | {sample.cpu:.1f} "
                f"| {1000 * sample.cpu / result.size:.1f} "
                f"| {_mb(sample.peak)} ({_mb(sample.peak_rss)}) | {pages} | {load:.1f} |"
            )
    lines += _phase_table(results) + _disk_table(results)
    lines += [
        "",
        "Internal links, images, style sheets and scripts of the clean build that lead to no "
        "file (`bulletin.build.linkcheck`, every page): "
        + "; ".join(f"N={result.size:,}: {len(result.broken):,}" for result in results)
        + ".",
        "",
        "Targets (times on a shared machine: a miss is a sign to measure again, not a failed run):",
        "",
    ]
    lines += [f"- {'pass' if met else 'FAIL'}: {text}" for met, text in found] or [
        "- none applies to these sizes (they are for 10,000, 50,000 and 100,000 articles)"
    ]
    return "\n".join(lines) + "\n"


def _phase_table(results: list[Scale]) -> list[str]:
    lines = [
        "",
        "Phases, from the line the build logs at the end of each (a phase begins when the one "
        "before it ends; `start` and `end` are what comes before the first and after the "
        "last): wall seconds from the line before, as the build logged them, CPU seconds and "
        "peak memory of all processes in that time:",
        "",
        "| N | build | phase | wall s | logged s | CPU s | peak MB, PSS (RSS) |",
        "|---:|---|---|---:|---:|---:|---:|",
    ]
    for result in results:
        for name, sample in (("clean", result.clean), ("rebuild", result.rebuild)):
            for phase in phases_of(sample):
                logged = "" if phase.logged is None else f"{phase.logged:.1f}"
                lines.append(
                    f"| {result.size:,} | {name} | {phase.name} | {phase.wall:.1f} | {logged} "
                    f"| {phase.cpu:.1f} | {_mb(phase.peak)} ({_mb(phase.peak_rss)}) |"
                )
    return lines


def _disk_table(results: list[Scale]) -> list[str]:
    lines = [
        "",
        "On disk after the clean build (the blocks of the files, as `du`; the site's files "
        "themselves in parentheses):",
        "",
        "| N | folder | files | MB |",
        "|---:|---|---:|---:|",
    ]
    for result in results:
        for folder, (files, used) in result.disk.items():
            itself = f" ({result.site_bytes / MB:,.0f})" if folder == "site/" else ""
            lines.append(f"| {result.size:,} | `{folder}` | {files:,} | {used / MB:,.0f}{itself} |")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="50000,100000")
    parser.add_argument("--quick", action="store_true", help="N = 300")
    parser.add_argument("--work", type=Path, default=site_bench.WORK, help="corpora and sites")
    parser.add_argument("--code", type=Path, help="a copy of the project's src/ and overrides/")
    parser.add_argument("--output", type=Path, default=site_bench.ROOT / "bench" / "RESULTS.md")
    args = parser.parse_args()
    site_bench.WORK = args.work.resolve()
    if args.code:
        site_bench.CODE = args.code.resolve()
    sizes = [300] if args.quick else [int(size) for size in args.sizes.split(",")]
    print(
        f"sizes {', '.join(f'{size:,}' for size in sizes)}: each corpus written once into "
        f"{site_bench.WORK} (100,000 articles: several minutes), built clean, then rebuilt; "
        "from 50,000 articles on, 10-20 minutes and several GB a size",
        flush=True,
    )
    results = [measure_size(size) for size in sizes]
    found = checks(results)
    text = report(results, found)
    write_section(args.output, text)
    print(text)
    if broken := [result for result in results if result.broken]:
        raise SystemExit(
            "internal links that lead nowhere: "
            + "; ".join(f"N={r.size:,}: {len(r.broken):,}, first {r.broken[0]}" for r in broken)
        )


if __name__ == "__main__":
    main()
