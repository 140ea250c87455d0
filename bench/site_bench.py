"""Build the same generated bulletin with this project and with its peers, side by side.

For each size N, `../shared/bench/gen_corpus.py` writes the corpus in three layouts; then, in
the same run and alternating, this script builds (a) this project (`mkdocs build`, its own
search index included), (b) Material's blog plugin, (c) Hugo; each peer is followed
by Pagefind on its output, so that all three deliver a searchable site. It records wall and
CPU seconds (medians), the peak memory of the whole process tree (sampled from /proc, every
process included: PSS, which counts a page a forked process shares once, and RSS), the output
size and the page count, and writes its section of bench/RESULTS.md (`bench/sections.py`: the
other benches' are kept) with the machine, the versions, the commands and the ratios this/peer.
Not a test: `make bench`.

    python bench/site_bench.py --quick            # N = 200, one run each: try it
    python bench/site_bench.py --sizes 1000,5000,10000 --runs 3
    python bench/site_bench.py --sizes 10000 --runs 1 --sites bulletin --code /tmp/copy

For this project it also measures the rebuild after one article changed, as CI makes it: the
sources checked out anew, its cache (`.cache/`) and the last `site/` restored; for every site,
the bytes a reader downloads for a first query (`bench/search_bench.py`).

`--code` measures a copy of the project's `src/` and `overrides/` (made with `cp -r`), so that
the working copy can change while a long run goes on.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import platform
import shutil
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from search_bench import first_query_bytes
from sections import write_section

from bulletin.build.linkcheck import broken_links
from bulletin.search.bundles import BUNDLE_DIR

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "bench"
WORK = ROOT / "bench" / "work"
BIN = Path(sys.executable).parent
SITES = ("bulletin", "blog", "hugo")
OURS = """site_name: Bản tin (bench)
site_url: https://example.org/
theme: {{name: material, language: vi, custom_dir: {overrides}, font: false}}
plugins:
  - bulletin:
      url_format: "{{yyyy}}/{{mm}}/{{name}}/"
"""
SEARCH_PAGE = "---\ntitle: Tìm kiếm\ntemplate: search.html\n---\n"
"""The search page, as the sample site has it: bench/search_bench.py opens it."""
CODE = ROOT
"""Where the measured `src/` and `overrides/` are (`--code`)."""
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
"""Of the CPU times in /proc/<pid>/stat, per second."""


@dataclass
class Sample:
    wall: float
    cpu: float
    peak: int
    """Bytes: the largest sum of the proportional memory (PSS) of the process and its
    descendants: a page a forked process shares with its parent counts once."""
    peak_rss: int = 0
    """Bytes: the largest sum of their resident memory (RSS), which counts shared pages in
    every process that shares them."""
    log: str = ""
    """What the command wrote on its standard error (MkDocs' log)."""
    lines: list[tuple[float, str]] = field(default_factory=list)
    """The same, line by line, each with the seconds since the command started when it was
    read (a phase's line is written when the phase ends: `bench/phases.py`)."""
    timeline: list[tuple[float, int, int, float]] = field(default_factory=list)
    """Every `SAMPLE_EVERY` seconds: the seconds since the command started, the PSS and RSS
    bytes (0 and 0 between two reads of the memory: `MEMORY_SHARE`) and the CPU seconds so far
    of the process tree (`tree_usage`)."""


@dataclass
class Result:
    name: str
    size: int
    samples: list[Sample] = field(default_factory=list)
    output: int = 0
    pages: int = 0
    first_query: int = 0
    """Bytes downloaded for search by a reader's first query (`nguyen phuoc loc`)."""
    rebuilds: list[Sample] = field(default_factory=list)
    """One article changed, the cache kept (this project only)."""
    broken_links: int | None = None
    """Internal links of the clean build that lead nowhere (this project only)."""

    def median(self, attribute: str) -> float:
        return statistics.median(getattr(sample, attribute) for sample in self.samples)


SAMPLE_EVERY = 0.1
"""Seconds between two samples of a command's processes (`measure`)."""
MEMORY_SHARE = 0.02
"""What reading the memory of a command's processes may take of one core, at most: the
kernel walks each process's page tables for it (`smaps_rollup`: 27 ms of CPU for a process of
3 GB). Read every 100 ms, that is a quarter of a core taken from a 100,000-article build of
3 GB (and more from a peer of 5 GB) on a machine of two; now as often as this share allows:
every 0.1 s for a few hundred MB, about every 1.4 s for 3 GB."""


def tree_usage(pid: int, memory: bool = True) -> tuple[int, int, float]:
    """The memory of `pid` and all its descendants, in bytes: proportional (PSS) and
    resident (RSS), 0 unless `memory`; and their CPU seconds so far, those of the descendants
    they waited for included. A child started by any thread counts (the search index's part
    programs are started from a pool of threads)."""
    pss, rss, ticks, stack = 0, 0, 0, [pid]
    while stack:
        current = stack.pop()
        try:
            rollup = Path(f"/proc/{current}/smaps_rollup").read_text() if memory else ""
            stat = Path(f"/proc/{current}/stat").read_text()
            tasks = Path(f"/proc/{current}/task").glob("*/children")
            children = [child for task in tasks for child in task.read_text().split()]
        except OSError:
            continue
        for line in rollup.splitlines():
            if line.startswith("Pss:"):
                pss += int(line.split()[1]) * 1024
            elif line.startswith("Rss:"):
                rss += int(line.split()[1]) * 1024
        fields = stat.rpartition(")")[2].split()  # utime, stime, cutime, cstime: fields 14-17
        ticks += sum(int(value) for value in fields[11:15])
        stack.extend(int(child) for child in children)
    return pss, rss, ticks / CLOCK_TICKS


def measure(command: list[str], cwd: Path) -> Sample:
    """Run a command, sampling the CPU of its process tree every 100 ms (`SAMPLE_EVERY`), its
    memory as often as `MEMORY_SHARE` allows, and time-stamping each line it writes on its
    standard error."""
    began, before = time.perf_counter(), os.times()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    if CODE != ROOT:
        env["PYTHONPATH"] = str(CODE / "src")
    process = subprocess.Popen(
        command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env
    )
    lines: list[tuple[float, str]] = []
    timeline: list[tuple[float, int, int, float]] = []
    done = threading.Event()

    def read() -> None:
        assert process.stderr is not None
        for raw in process.stderr:
            lines.append((time.perf_counter() - began, raw.decode("utf-8", errors="replace")))

    def sample() -> None:
        cpu, memory_due = 0.0, 0.0
        while not done.wait(SAMPLE_EVERY):
            memory = time.perf_counter() >= memory_due
            spent = time.thread_time()  # the kernel's walk of the page tables included
            pss, rss, used = tree_usage(process.pid, memory)
            if memory:
                cost = time.thread_time() - spent
                memory_due = time.perf_counter() + cost / MEMORY_SHARE
            if pss or (used and not memory):  # not yet gone
                cpu = max(cpu, used)  # a child reaped between two reads is missed once
                timeline.append((time.perf_counter() - began, pss, rss, cpu))

    reader, sampler = threading.Thread(target=read), threading.Thread(target=sample)
    reader.start()
    sampler.start()
    process.wait(timeout=3600)
    reader.join()
    done.set()
    sampler.join()
    after = os.times()
    log = "".join(line for _, line in lines)
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed in {cwd}:\n{log[-2000:]}")
    cpu = (after.children_user - before.children_user) + (
        after.children_system - before.children_system
    )
    peak = max((point[1] for point in timeline), default=0)  # 0: CPU alone
    peak_rss = max((point[2] for point in timeline), default=0)
    wall = time.perf_counter() - began
    return Sample(wall, cpu, peak, peak_rss, log, lines, timeline)


def generate(size: int, sites: tuple[str, ...] = SITES) -> dict[str, Path]:
    """The corpus of `size` articles in the peers' layouts, with each peer's configuration."""
    folders = {name: WORK / str(size) / name for name in sites}
    for name, folder in folders.items():
        if not folder.exists():
            print(
                f"writing {size:,} articles into {folder} (gen_corpus.py: about 4 s of CPU "
                "for 1,000, so several minutes from 50,000 on)",
                flush=True,
            )
            layout = {"bulletin": "bulletin", "blog": "blog", "hugo": "hugo"}[name]
            command = [
                sys.executable,
                str(SHARED / "gen_corpus.py"),
                str(folder),
                str(size),
                "--format",
                layout,
            ]
            subprocess.run(command, check=True, capture_output=True)
    if "bulletin" in folders:
        ours = folders["bulletin"]
        (ours / "mkdocs.yml").write_text(
            OURS.format(overrides=CODE / "overrides"), encoding="utf-8"
        )
        (ours / "docs/index.md").write_text("# Bản tin\n", encoding="utf-8")
        (ours / "docs/tim-kiem.md").write_text(SEARCH_PAGE, encoding="utf-8")
    if "blog" in folders:
        blog = SHARED / "peers" / "blog"
        shutil.copy(blog / "mkdocs.yml", folders["blog"] / "mkdocs.yml")
        shutil.copy(blog / "index.md", folders["blog"] / "docs/index.md")
        shutil.copy(blog / "blog_index.md", folders["blog"] / "docs/blog/index.md")
    if "hugo" in folders:
        shutil.copytree(SHARED / "peers" / "hugo", folders["hugo"], dirs_exist_ok=True)
    return folders


def check_out(docs: Path) -> None:
    """Every file under `docs` written anew, as a CI checkout writes them: the same bytes, a
    new file (inode, times). A build that knows a file by its state (the article cache) reads
    it again, as it does on CI."""
    for path in sorted(docs.rglob("*")):
        if path.is_file() and not path.is_symlink():
            written = path.with_name(f".{path.name}.checkout")
            written.write_bytes(path.read_bytes())
            os.replace(written, path)


def settle(folder: Path, output: Path) -> None:
    """Before a timed build: what earlier builds wrote (and removed) goes to the disk, and the
    file cache is emptied where allowed (root), so that no build pays for the one before it
    (this machine's disk slows as its cache fills); then the build's inputs are read once, as
    on CI, where the checkout and the restored cache have just written them (the last site's
    files, which the build only looks at, are looked at: `rglob` reads their folders and
    `is_file` each file's details)."""
    os.sync()
    with contextlib.suppress(OSError):  # not root: the sync alone
        Path("/proc/sys/vm/drop_caches").write_text("3\n")
    for path in folder.rglob("*"):
        if path.is_file() and output not in path.parents:
            path.read_bytes()


def build(name: str, folder: Path, quiet: bool = True) -> Sample:
    """One clean build, a peer's followed by Pagefind on its output (ours makes its index).
    Not `quiet`: the sample has MkDocs' log, its INFO lines (the phases) too."""
    output = folder / ("public" if name == "hugo" else "site")
    shutil.rmtree(output, ignore_errors=True)
    shutil.rmtree(folder / ".cache", ignore_errors=True)  # clean: no search parts kept
    settle(folder, output)
    if name == "hugo":
        first = measure(["hugo", "--quiet"], folder)
    else:
        first = measure([str(BIN / "mkdocs"), "build", *(["--quiet"] if quiet else [])], folder)
    if name == "bulletin" and (output / BUNDLE_DIR).exists():
        return first
    search = measure([sys.executable, "-m", "pagefind", "--site", str(output)], folder)
    peak, peak_rss = max(first.peak, search.peak), max(first.peak_rss, search.peak_rss)
    return Sample(first.wall + search.wall, first.cpu + search.cpu, peak, peak_rss)


def output_of(name: str, folder: Path) -> tuple[int, int]:
    output = folder / ("public" if name == "hugo" else "site")
    files = [path for path in output.rglob("*") if path.is_file()]
    return sum(path.stat().st_size for path in files), sum(path.suffix == ".html" for path in files)


def run(sizes: list[int], runs: int, sites: tuple[str, ...] = SITES) -> list[Result]:
    results = []
    for size in sizes:
        folders = generate(size, sites)
        found = {name: Result(name, size) for name in folders}
        for turn in range(runs):
            for name, folder in folders.items():  # alternating: ours, blog, hugo, ours…
                sample = build(name, folder)
                found[name].samples.append(sample)
                print(f"N={size} run {turn + 1} {name}: {summary(sample)}", flush=True)
        for name, folder in folders.items():
            found[name].output, found[name].pages = output_of(name, folder)
            output = folder / ("public" if name == "hugo" else "site")
            found[name].first_query = first_query_bytes(output, ours=name == "bulletin")
            if name == "bulletin":
                broken = broken_links(output, "/", processes=os.cpu_count() or 1)
                found[name].broken_links = len(broken)
                print(f"N={size} internal links that lead nowhere: {len(broken)}", flush=True)
        if "bulletin" in folders:
            for turn in range(runs):
                sample = rebuild_one_changed(folders["bulletin"], turn)
                found["bulletin"].rebuilds.append(sample)
                print(f"N={size} rebuild {turn + 1}: {summary(sample)}", flush=True)
        results.extend(found.values())
    return results


def rebuild_one_changed(folder: Path, turn: int, quiet: bool = True) -> Sample:
    """Change one article (a sentence added to its body), then build as CI does: the sources
    checked out anew (`check_out`), the cache and the last published site restored (the build
    writes only what changed). The article is restored afterwards. Not `quiet`: the sample
    has MkDocs' log, its INFO lines too."""
    article = min((folder / "docs" / "articles").rglob("*.md"))
    original = article.read_text(encoding="utf-8")
    article.write_text(original + f"\nCâu thêm cho lần dựng lại {turn + 1}.\n", encoding="utf-8")
    try:
        check_out(folder / "docs")
        settle(folder, folder / "site")
        return measure([str(BIN / "mkdocs"), "build", *(["--quiet"] if quiet else [])], folder)
    finally:
        article.write_text(original, encoding="utf-8")


def summary(sample: Sample) -> str:
    memory = f"{sample.peak / 2**20:.0f} MB PSS ({sample.peak_rss / 2**20:.0f} MB RSS)"
    return f"{sample.wall:.1f} s wall, {sample.cpu:.1f} s CPU, {memory}"


def versions() -> list[str]:
    def first_line(command: list[str]) -> str:
        try:
            return subprocess.run(command, capture_output=True, text=True).stdout.splitlines()[0]
        except (OSError, IndexError):
            return "not found"

    return [
        f"Python {platform.python_version()}",
        first_line([str(BIN / "mkdocs"), "--version"]),
        first_line([sys.executable, "-m", "pip", "show", "mkdocs-material"]).replace("Name: ", "")
        + " " + first_line([sys.executable, "-c", "import material; print(material.__version__)"]),
        first_line(["hugo", "version"]),
        first_line([sys.executable, "-m", "pagefind", "--version"]),
    ]  # fmt: skip


def report(results: list[Result], runs: int) -> str:
    lines = [
        "# Benchmark: this project beside Material's blog plugin and Hugo",
        "",
        f"Measured {date.today().isoformat()} on {platform.machine()}, {os.cpu_count()} cores "
        f"(a shared machine: compare ratios within a run, not absolute times). Medians of {runs} "
        "run(s). Every build is clean and ends with a search index: this project's own, "
        "Pagefind's (defaults) on the peers' output.",
        "",
        "Versions: " + "; ".join(versions()) + ".",
        "",
        "Command: `python bench/site_bench.py " + " ".join(sys.argv[1:]) + "`.",
        "",
        "| N | site | wall s | CPU s | peak MB, all processes: PSS (RSS) | pages | output MB "
        "| first query KB | wall ratio this/peer |",
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for result in results:
        ours = next((r for r in results if r.size == result.size and r.name == "bulletin"), None)
        ratio = (
            ""
            if result.name == "bulletin" or ours is None
            else f"{ours.median('wall') / result.median('wall'):.2f}"
        )
        wall, cpu, peak, rss = (result.median(key) for key in ("wall", "cpu", "peak", "peak_rss"))
        lines.append(
            f"| {result.size:,} | {result.name} | {wall:.1f} | {cpu:.1f} "
            f"| {peak / 2**20:.0f} ({rss / 2**20:.0f}) "
            f"| {result.pages:,} | {result.output / 2**20:.0f} "
            f"| {result.first_query / 1024:.0f} | {ratio} |"
        )
    checked = [r for r in results if r.broken_links is not None]
    lines += [
        "",
        "Internal links, images, style sheets and scripts of this project's clean build that "
        "lead to no file (`bulletin.build.linkcheck`, every page): "
        + "; ".join(f"N={r.size:,}: {r.broken_links}" for r in checked)
        + ".",
    ]
    lines += [
        "",
        "Peak memory: the largest sum, over the build's processes (the other rendering "
        "processes, the search index's part programs; Pagefind for a peer), of their "
        "proportional memory (PSS: a page a forked process shares with "
        "its parent counts once); in parentheses, the sum of their resident memory (RSS), "
        "which counts such a page in each process.",
        "",
        "First query: the bytes (compressed) a fresh reader downloads for search to answer "
        "`nguyen phuoc loc`: on this project's search page; for the peers, through Pagefind's "
        "JS API as its interface does (index, then the first five results).",
        "",
        "Rebuild after one article changed (this project, the caches and the last `site/` "
        "kept, as CI with actions/cache):",
        "",
        "| N | wall s | CPU s | peak MB |",
        "|---:|---:|---:|---:|",
    ]
    for result in results:
        if result.rebuilds:
            wall, cpu, peak = (
                statistics.median(getattr(sample, key) for sample in result.rebuilds)
                for key in ("wall", "cpu", "peak")
            )
            lines.append(f"| {result.size:,} | {wall:.1f} | {cpu:.1f} | {peak / 2**20:.0f} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,5000,10000")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="N = 200, one run")
    parser.add_argument("--sites", default=",".join(SITES), help="which of " + ", ".join(SITES))
    parser.add_argument("--code", type=Path, default=ROOT, help="a copy of src/ and overrides/")
    parser.add_argument("--output", type=Path, default=ROOT / "bench" / "RESULTS.md")
    args = parser.parse_args()
    global CODE
    CODE = args.code.resolve()
    sites = tuple(name for name in args.sites.split(",") if name)
    if unknown := set(sites) - set(SITES):
        parser.error(f"unknown sites {sorted(unknown)} (expected some of {', '.join(SITES)})")
    sizes = [200] if args.quick else [int(size) for size in args.sizes.split(",")]
    runs = 1 if args.quick else args.runs
    results = run(sizes, runs, sites)
    text = report(results, runs)
    write_section(args.output, text)  # the other benches' sections kept
    print(text)


if __name__ == "__main__":
    main()
