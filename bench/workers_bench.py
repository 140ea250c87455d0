"""Clean builds of one generated corpus with 1, 2 and more rendering processes (`workers`).

The same corpus as `site_bench.py` (this project's layout), built clean (no `site/`, no
cache) with each `workers` value in turn, in rounds, so that a noisy machine weighs on all of
them alike. More processes than cores are measured too: what a larger runner would do is
seen from how the time splits, not from the wall time here. Not a test: `make bench`.

    python bench/workers_bench.py --size 10000 --workers 1,2,3,4 --rounds 2
    python bench/workers_bench.py --size 10000 --code /tmp/copy   # a copy of src/, overrides/
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
from pathlib import Path

import site_bench
from site_bench import Sample, generate, measure, settle


def clean_build(folder: Path, workers: int) -> Sample:
    """Build `folder` from nothing with `workers` processes."""
    config = folder / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if not line.strip().startswith("workers:")]
    lines.append(f"      workers: {workers}")
    measured = folder / "mkdocs-workers.yml"
    measured.write_text("\n".join(lines) + "\n", encoding="utf-8")
    shutil.rmtree(folder / "site", ignore_errors=True)
    shutil.rmtree(folder / ".cache", ignore_errors=True)
    settle(folder, folder / "site")
    command = [str(site_bench.BIN / "mkdocs"), "build", "--quiet", "-f", str(measured)]
    return measure(command, folder)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=10000)
    parser.add_argument("--workers", default="1,2,3,4")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--code", type=Path, help="a copy of the project's src/ and overrides/")
    arguments = parser.parse_args()
    if arguments.code:
        site_bench.CODE = arguments.code.resolve()
    counts = [int(count) for count in arguments.workers.split(",")]
    folder = generate(arguments.size, ("bulletin",))["bulletin"]
    samples: dict[int, list[Sample]] = {count: [] for count in counts}
    for round_number in range(arguments.rounds):
        for count in counts if round_number % 2 == 0 else reversed(counts):
            sample = clean_build(folder, count)
            samples[count].append(sample)
            print(f"round {round_number + 1}, workers {count}: {sample.wall:.1f} s", flush=True)
    cores, rounds = os.cpu_count(), arguments.rounds
    print(f"\n{arguments.size:,} articles, clean builds, {cores} cores, medians of {rounds}")
    print("| workers | wall | CPU | peak memory, all processes: PSS (RSS) |")
    print("|---:|---:|---:|---:|")
    for count, taken in samples.items():
        wall = statistics.median(sample.wall for sample in taken)
        cpu = statistics.median(sample.cpu for sample in taken)
        pss = statistics.median(sample.peak for sample in taken) / 2**20
        rss = statistics.median(sample.peak_rss for sample in taken) / 2**20
        print(f"| {count} | {wall:.1f} s | {cpu:.1f} s | {pss:,.0f} MB ({rss:,.0f} MB) |")


if __name__ == "__main__":
    main()
