"""What lead photos add to a build: the generated corpus of `site_bench.py` built three ways,
alternating: without any `image:` (`none`), as generated (`shared`: three articles in four show
one of 24 photos of 640×360), and with a photo of its own for every article (`distinct`:
deterministic 1600×1067 JPEGs of about 355 KB, gradients, shapes and grain seeded by the
article's number, which JPEG and WebP cannot squeeze to nothing). Each build is clean (no
`site/`, no `.cache/`), then rebuilt after one article changed (`.cache/` and the last `site/`
kept, as CI does); for `distinct`, once more after that article's photo changed. Wall, CPU and the
peak memory of all the build's processes come from `site_bench.measure`; the renditions made
from the build's log (`lead photos: N, M renditions made`): a rebuild must make none, or only
the changed photo's. Not a test: `make bench`.

    python bench/photos_bench.py --quick                      # N = 200
    python bench/photos_bench.py --sizes 1000,10000 --runs 1 --work /tmp/photos-bench
    python bench/photos_bench.py --sizes 1000 --variants none,distinct --code /tmp/copy
"""

from __future__ import annotations

import argparse
import io
import os
import random
import re
import shutil
import statistics
import sys
from dataclasses import dataclass, field
from multiprocessing import Pool
from pathlib import Path

import site_bench
from PIL import Image, ImageDraw
from site_bench import Sample, generate, measure, rebuild_one_changed, settle

VARIANTS = ("none", "shared", "distinct")
PHOTOS = "assets/photos"
"""Where `distinct` keeps its photos, under docs/."""
PHOTO_SIZE = (1600, 1067)
MEMORY_LIMIT = 1.5 * 2**30
"""Bytes: the most a clean build of 10,000 articles may take, all processes (PSS)."""
MADE = re.compile(r"lead photos: ([\d,]+), ([\d,]+) renditions made")
IMAGE_BLOCK = re.compile(r"^image:\n(?:  .*\n)+", re.MULTILINE)


def photo(index: int) -> bytes:
    """The photo of article `index`: the same bytes for the same index."""
    width, height = PHOTO_SIZE
    rng = random.Random(f"photo-{index}")
    coarse = Image.frombytes("RGB", (8, 6), rng.randbytes(8 * 6 * 3))
    coarse = coarse.resize(PHOTO_SIZE, Image.Resampling.BICUBIC)
    ground = Image.new("RGB", PHOTO_SIZE, tuple(rng.randbytes(3)))
    image = Image.composite(coarse, ground, Image.linear_gradient("L").resize(PHOTO_SIZE))
    draw = ImageDraw.Draw(image)
    for _ in range(24):  # edges: walls, banners, people
        x, y = rng.randrange(width), rng.randrange(height)
        box = (x, y, x + rng.randrange(20, 400), y + rng.randrange(20, 300))
        shape = draw.rectangle if rng.random() < 0.5 else draw.ellipse
        shape(box, fill=tuple(rng.randbytes(3)))
    detail = Image.frombytes("L", (200, 134), rng.randbytes(200 * 134))
    image = Image.blend(image, detail.resize(PHOTO_SIZE).convert("RGB"), 0.25)
    grain = Image.frombytes("L", PHOTO_SIZE, rng.randbytes(width * height)).convert("RGB")
    image = Image.blend(image, grain, 0.07)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()


def _write_photo(job: tuple[int, str]) -> None:
    index, path = job
    partial = Path(f"{path}.part")
    partial.write_bytes(photo(index))
    partial.replace(path)


def variants(size: int, names: tuple[str, ...]) -> dict[str, Path]:
    """The corpus of `size` articles (`site_bench.generate`), in a folder per variant."""
    base = generate(size, ("bulletin",))["bulletin"]
    articles = sorted((base / "docs" / "articles").rglob("*.md"))
    folders = {}
    for name in names:
        folder = folders[name] = base.parent / f"photos-{name}"
        for path in base.rglob("*"):  # all but the articles and what builds made
            target = folder / path.relative_to(base)
            skipped = {"articles", "site", ".cache"}.intersection(path.relative_to(base).parts)
            if path.is_file() and not skipped and not _same(path, target):
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(path, target)
        for index, path in enumerate(articles):
            target = folder / path.relative_to(base)
            text = _variant(path.read_text(encoding="utf-8"), name, index, path, base)
            if not target.exists() or target.read_text(encoding="utf-8") != text:
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(text, encoding="utf-8")
        if name == "distinct":
            _write_photos(folder / "docs" / PHOTOS, len(articles))
    return folders


def _same(path: Path, target: Path) -> bool:
    return target.exists() and target.read_bytes() == path.read_bytes()


def _variant(text: str, name: str, index: int, path: Path, base: Path) -> str:
    """An article's text in a variant: its `image:` as generated, none, or its own photo."""
    if name == "shared":
        return text
    head, _, body = text[4:].partition("\n---\n")
    head = IMAGE_BLOCK.sub("", head + "\n")
    if name == "distinct":
        up = "../" * (len(path.relative_to(base / "docs").parts) - 1)
        head += f"image:\n  src: {up}{PHOTOS}/p{index:05d}.jpg\n  caption: Ảnh số {index}\n"
    return f"---\n{head.rstrip()}\n---\n{body}"


def _write_photos(folder: Path, count: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    jobs = [(i, str(folder / f"p{i:05d}.jpg")) for i in range(count)]
    jobs = [job for job in jobs if not Path(job[1]).exists()]
    if jobs:
        print(f"writing {len(jobs):,} photos into {folder}", flush=True)
        with Pool(os.cpu_count()) as pool:
            pool.map(_write_photo, jobs, chunksize=16)


@dataclass
class Variant:
    name: str
    size: int
    clean: list[Sample] = field(default_factory=list)
    rebuild: list[Sample] = field(default_factory=list)
    new_photo: list[Sample] = field(default_factory=list)
    """`distinct` only: the rebuild after one article's photo changed."""
    photos: int = 0
    site_files: int = 0
    """Files in the site's `anh/` (the renditions copied)."""
    site_bytes: int = 0


def made(sample: Sample) -> tuple[int, int]:
    """The photos and the renditions made, from the build's log."""
    found = MADE.search(sample.log)
    if found is None:
        return 0, 0
    return int(found[1].replace(",", "")), int(found[2].replace(",", ""))


def clean_build(folder: Path) -> Sample:
    shutil.rmtree(folder / "site", ignore_errors=True)
    shutil.rmtree(folder / ".cache", ignore_errors=True)
    settle(folder, folder / "site")
    return measure([str(site_bench.BIN / "mkdocs"), "build"], folder)


def new_photo_rebuild(folder: Path) -> Sample:
    """The first article's photo replaced by another (a new digest), then a rebuild; the
    photo is put back afterwards."""
    article = min((folder / "docs" / "articles").rglob("*.md"))
    found = re.search(r"src: (.*/p(\d+)\.jpg)", article.read_text(encoding="utf-8"))
    assert found is not None, article
    path = (article.parent / found[1]).resolve()
    original = path.read_bytes()
    path.write_bytes(photo(10**6))
    try:
        shutil.rmtree(folder / "site", ignore_errors=True)
        settle(folder, folder / "site")
        return measure([str(site_bench.BIN / "mkdocs"), "build"], folder)
    finally:
        path.write_bytes(original)


def run(sizes: list[int], runs: int, names: tuple[str, ...]) -> list[Variant]:
    results = []
    for size in sizes:
        folders = variants(size, names)
        found = {name: Variant(name, size) for name in folders}
        for turn in range(runs):
            for name, folder in folders.items():
                result = found[name]
                result.clean.append(clean_build(folder))
                _say(result, "clean", result.clean[-1])
                result.photos = made(result.clean[-1])[0]
                files = [p for p in (folder / "site" / "anh").rglob("*") if p.is_file()]
                result.site_files = len(files)
                result.site_bytes = sum(p.stat().st_size for p in files)
                result.rebuild.append(rebuild_one_changed(folder, turn, quiet=False))
                _say(result, "rebuild", result.rebuild[-1])
                if name == "distinct" and turn == 0:
                    result.new_photo.append(new_photo_rebuild(folder))
                    _say(result, "new photo", result.new_photo[-1])
        results.extend(found.values())
    return results


def _say(result: Variant, build: str, sample: Sample) -> None:
    photos, renditions = made(sample)
    print(
        f"N={result.size} {result.name} {build}: {sample.wall:.1f} s wall, {sample.cpu:.1f} s "
        f"CPU, {sample.peak / 2**20:.0f} MB PSS; {photos:,} photos, {renditions:,} renditions made",
        flush=True,
    )


def _median(samples: list[Sample], key: str) -> float:
    return statistics.median(getattr(sample, key) for sample in samples)


def report(results: list[Variant], runs: int) -> tuple[str, list[str]]:
    """The table, and what went wrong: renditions made by a rebuild, memory over the limit."""
    lines = [
        f"Medians of {runs} run(s). Command: `python bench/photos_bench.py "
        + " ".join(sys.argv[1:]) + "`.",
        "",
        "| N | photos | build | wall s | CPU s | peak MB, PSS (RSS) | renditions made "
        "| wall × none | CPU × none |",
        "|---:|---|---|---:|---:|---:|---:|---:|---:|",
    ]  # fmt: skip
    problems = []
    for result in results:
        none = next((r for r in results if r.size == result.size and r.name == "none"), None)
        builds = [("clean", result.clean), ("rebuild", result.rebuild)]
        builds += [("new photo", result.new_photo)] if result.new_photo else []
        for build, samples in builds:
            wall, cpu = _median(samples, "wall"), _median(samples, "cpu")
            pss, rss = _median(samples, "peak"), _median(samples, "peak_rss")
            renditions = max(made(sample)[1] for sample in samples)
            ratios = " | "
            if none is not None and build != "new photo":
                base = none.clean if build == "clean" else none.rebuild
                ratios = f"{wall / _median(base, 'wall'):.2f} | {cpu / _median(base, 'cpu'):.2f}"
            lines.append(
                f"| {result.size:,} | {result.name} ({result.photos:,}) | {build} | {wall:.1f} "
                f"| {cpu:.1f} | {pss / 2**20:,.0f} ({rss / 2**20:,.0f}) | {renditions:,} "
                f"| {ratios} |"
            )
            if build == "rebuild" and renditions:
                problems.append(f"N={result.size} {result.name}: the rebuild made {renditions}")
            if build == "new photo" and renditions > 12:
                problems.append(f"N={result.size}: a new photo made {renditions} renditions")
            if build == "clean" and result.size >= 10000 and pss > MEMORY_LIMIT:
                problems.append(f"N={result.size} {result.name}: {pss / 2**20:,.0f} MB PSS")
    lines += ["", "Renditions copied into the site (`anh/`): "]
    lines[-1] += "; ".join(
        f"N={r.size:,} {r.name}: {r.site_files:,} files, {r.site_bytes / 2**20:,.0f} MB"
        for r in results
        if r.name != "none"
    )
    return "\n".join(lines) + "\n", problems


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--quick", action="store_true", help="N = 200, one run")
    parser.add_argument("--variants", default=",".join(VARIANTS))
    parser.add_argument("--work", type=Path, default=site_bench.WORK, help="corpora and sites")
    parser.add_argument("--code", type=Path, help="a copy of the project's src/ and overrides/")
    parser.add_argument("--output", type=Path, default=site_bench.WORK / "photos-results.md")
    args = parser.parse_args()
    site_bench.WORK = args.work.resolve()
    if args.code:
        site_bench.CODE = args.code.resolve()
    names = tuple(name for name in args.variants.split(",") if name)
    if unknown := set(names) - set(VARIANTS):
        parser.error(f"unknown variants {sorted(unknown)} (expected some of {VARIANTS})")
    sizes = [200] if args.quick else [int(size) for size in args.sizes.split(",")]
    runs = 1 if args.quick else args.runs
    text, problems = report(run(sizes, runs, names), runs)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text, encoding="utf-8")
    print(text)
    if problems:
        raise SystemExit("\n".join(problems))


if __name__ == "__main__":
    main()
