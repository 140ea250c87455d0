"""The bench's reading of a build's log: phases from their end lines, each sample of memory and
CPU given to the phase whose line comes next; and RESULTS.md's sections, each bench its own."""

from __future__ import annotations

import importlib.util
import itertools
import sys
from pathlib import Path
from types import ModuleType

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench"


def load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"bench_{name}", BENCH / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


phases = load("phases")
sections = load("sections")

LOG = [
    (0.5, "INFO    -  Cleaning site directory\n"),
    (3.0, "INFO    -  bulletin: reading articles and registries: 2.0 s, peak 62 MB\n"),
    (3.1, "INFO    -  bulletin: lead photos: 24, 240 renditions made\n"),
    (4.0, "INFO    -  bulletin: indexing 300 articles: people, documents, archives: 1.0 s\n"),
    (6.0, "INFO    -  bulletin: rendering Markdown: 843/843 pages (604/s), 2.0 s, peak 71 MB\n"),
    (6.5, "INFO    -  bulletin: Tìm kiếm: 300 bài, chỉ mục 1 phần (1.8 s)\n"),
    (8.0, "INFO    -  bulletin: search index: 1.9 s, peak 95 MB\n"),
    (8.2, "INFO    -  Documentation built in 8.10 seconds\n"),
]
MB = 2**20
TIMELINE = [  # seconds, PSS, RSS, CPU seconds so far
    (0.5, 10 * MB, 20 * MB, 0.4),
    (2.0, 30 * MB, 40 * MB, 1.0),
    (3.0, 50 * MB, 60 * MB, 2.0),
    (3.5, 70 * MB, 80 * MB, 2.5),
    (5.0, 90 * MB, 100 * MB, 4.0),
    (7.0, 40 * MB, 45 * MB, 6.0),
]


def test_phase_lines_are_read_whatever_their_names() -> None:
    ends = phases.phase_ends(LOG)
    assert ends == [
        (3.0, "reading articles and registries", 2.0),
        (4.0, "indexing 300 articles: people, documents, archives", 1.0),
        (6.0, "rendering Markdown", 2.0),
        (8.0, "search index", 1.9),
    ]


def test_samples_go_to_the_phase_whose_line_comes_next() -> None:
    found = phases.split(LOG, TIMELINE, wall=9.0, cpu=7.0)
    assert [(p.name, p.logged) for p in found] == [
        (phases.START, None),
        ("reading articles and registries", 2.0),
        ("indexing 300 articles: people, documents, archives", 1.0),
        ("rendering Markdown", 2.0),
        ("search index", 1.9),
        (phases.END, None),
    ]
    assert [p.wall for p in found] == pytest.approx([1.0, 2.0, 1.0, 2.0, 2.0, 1.0])
    assert [p.peak for p in found] == [10 * MB, 50 * MB, 70 * MB, 90 * MB, 40 * MB, None]
    assert [p.peak_rss for p in found] == [20 * MB, 60 * MB, 80 * MB, 100 * MB, 45 * MB, None]
    # CPU between the samples around each boundary; the last part ends at the command's total
    cpu_at = [0.0, 0.6, 2.0, 3.0, 5.0, 6.5, 7.0]  # at 0, 1, 3, 4, 6, 8 and 9 s
    expected = [after - before for before, after in itertools.pairwise(cpu_at)]
    assert [p.cpu for p in found] == pytest.approx(expected)
    assert sum(p.cpu for p in found) == pytest.approx(7.0)


def test_a_sample_of_the_cpu_alone_counts_for_the_cpu_not_the_memory() -> None:
    """Between two reads of the memory (`site_bench.MEMORY_SHARE`) a sample has the CPU and
    no memory (0): a phase with only such samples has no peak; its CPU is still split."""
    cpu_only = [
        (point[0], 0, 0, point[3]) if point[0] in {3.5, 5.0} else point for point in TIMELINE
    ]
    found = phases.split(LOG, cpu_only, wall=9.0, cpu=7.0)
    assert [p.peak for p in found] == [10 * MB, 50 * MB, None, None, 40 * MB, None]
    assert [p.peak_rss for p in found] == [20 * MB, 60 * MB, None, None, 45 * MB, None]
    assert [p.cpu for p in found] == pytest.approx(
        [p.cpu for p in phases.split(LOG, TIMELINE, 9.0, 7.0)]
    )


def test_a_build_without_phase_lines_is_one_part() -> None:
    found = phases.split(LOG[:1], TIMELINE, wall=9.0, cpu=7.0)
    assert [(p.name, p.wall, p.cpu, p.peak) for p in found] == [(phases.WHOLE, 9.0, 7.0, 90 * MB)]


def test_a_section_replaces_its_own_and_keeps_the_others() -> None:
    document = "# Bench\n\nold table\n\n## Photos\n\nphotos\n\n## Scale\n\nold scale\n"
    assert sections.put_section(document, "## Scale\n\nnew scale\n") == (
        "# Bench\n\nold table\n\n## Photos\n\nphotos\n\n## Scale\n\nnew scale\n"
    )
    assert sections.put_section(document, "# Bench\n\nnew table\n") == (
        "# Bench\n\nnew table\n\n## Photos\n\nphotos\n\n## Scale\n\nold scale\n"
    )
    assert sections.put_section("# Bench\n\nold\n", "## New\n\nnew\n") == (
        "# Bench\n\nold\n\n## New\n\nnew\n"
    )
    assert sections.put_section("", "## New\n\nnew\n") == "## New\n\nnew\n"
