"""Making the renditions a plan names, once: each is kept in the cache's folder by the
source's digest, so a later build (or another article with the same photo) finds it made.

The cache's folder is named for the recipe (the encoders' settings and Pillow's version):
another recipe makes every rendition again. A rendition is written under a temporary name and
renamed, so a build that is stopped leaves no half file. Many photos to make are dealt out to
forked processes (`build.workers`: never while a thread runs). Nothing here imports MkDocs.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from dataclasses import dataclass
from math import ceil
from pathlib import Path
from typing import NamedTuple

import PIL
from PIL import Image, ImageOps

from bulletin.build.workers import Forked, Send, can_fork
from bulletin.images.plan import Plan, Rendition

RECIPE = f"r3-pillow{PIL.__version__}"
"""The settings below and Pillow's version: the cache's sub-folder."""
SETTINGS: dict[str, dict[str, object]] = {
    "webp": {"format": "WEBP", "quality": 80, "method": 2},  # 4: a third more CPU, 1% fewer bytes
    "jpg": {"format": "JPEG", "quality": 82, "optimize": True},  # progressive: twice the CPU
    "png": {"format": "PNG", "optimize": False, "compress_level": 6},
}
PARALLEL_FROM = 8
"""Photos to make for each process besides the first."""


@dataclass(frozen=True)
class Failed:
    """A photo whose pixels could not be read (its header could)."""

    digest: str
    message: str


@dataclass
class Made:
    """What making did: renditions made, and the photos that failed."""

    count: int = 0
    failed: list[Failed] | None = None


def cache_folder(root: Path) -> Path:
    return root / RECIPE


def missing(plans: list[Plan], folder: Path) -> list[Plan]:
    """The plans (one per source) with a rendition not in the cache yet: one listing of each
    photo's folder (a rebuild with 10,000 photos: 0.17 s of CPU, where a check of each of
    their 80,000 files took 0.45-1.0 s)."""
    wanted: dict[str, Plan] = {}
    for plan in plans:
        if plan.folder in wanted:
            continue
        try:
            kept = set(os.listdir(folder / plan.folder))
        except OSError:  # not made yet
            kept = set()
        if any(r.name not in kept for r in plan.renditions()):
            wanted[plan.folder] = plan
    return list(wanted.values())


def make_all(plans: list[Plan], folder: Path, processes: int = 1) -> Made:
    """Make what `plans` need and the cache lacks, on up to `processes` processes."""
    todo = missing(plans, folder)
    count = min(processes, 1 + len(todo) // PARALLEL_FROM)
    made = Made(failed=[])
    if count < 2 or not can_fork():
        _make_share(todo, folder, _collect(made))
        return made
    children = [
        Forked(_task(todo[share::count], folder), _collect(made), "a process making photos")
        for share in range(1, count)
    ]
    _make_share(todo[0::count], folder, _collect(made))
    for child in children:
        child.join()
    return made


def _collect(made: Made) -> Callable[[object], None]:
    def receive(message: object) -> None:
        if isinstance(message, Failed):
            assert made.failed is not None
            made.failed.append(message)
        elif isinstance(message, int):
            made.count += message

    return receive


def _task(plans: list[Plan], folder: Path) -> Callable[[Send], None]:
    def task(send: Send) -> None:
        _make_share(plans, folder, send)

    return task


def _make_share(plans: list[Plan], folder: Path, send: Callable[[object], None]) -> None:
    for plan in plans:
        try:
            send(make(plan, folder / plan.folder))
        except (OSError, ValueError, SyntaxError, Image.DecompressionBombError) as error:
            send(Failed(plan.folder, str(error) or type(error).__name__))


def make(plan: Plan, folder: Path) -> int:
    """Make the plan's renditions the folder lacks; how many were made. Each is made the same
    way whichever are lacking (the same bytes: pages and rebuilds rely on it), so a size is
    resized to make a smaller one even when it is kept already."""
    folder.mkdir(parents=True, exist_ok=True)
    renditions = plan.renditions()
    todo = {r for r in renditions if not (folder / r.name).is_file()}
    if not todo:
        return 0
    with Image.open(plan.source.path) as opened:
        needed = max(r.width / (r.box[2] - r.box[0]) for r in renditions)
        if needed < 1:  # JPEG: decode at a smaller scale, still at least what is needed
            opened.draft("RGB", (ceil(opened.width * needed), ceil(opened.height * needed)))
        upright = ImageOps.exif_transpose(opened)
        upright.load()
    whole = (0, 0, plan.source.width, plan.source.height)
    made = [_Pixels(upright, upright.width / plan.source.width, whole)]
    last: Rendition | None = None
    for rendition in renditions:  # widest first: each size once, for both formats
        if last is None or (last.crop, last.width) != (rendition.crop, rendition.width):
            made.append(_resized(_base(made, rendition), rendition))
        last = rendition
        if rendition in todo:
            _write(made[-1].image, rendition, folder / rendition.name)
    return len(todo)


class _Pixels(NamedTuple):
    """What a size can be made from: the photo (smaller if the draft decoded it so), or a size
    made before it."""

    image: Image.Image
    scale: float
    """Its pixels for each pixel of the photo."""
    box: tuple[int, int, int, int]
    """The part of the (upright) photo it shows."""

    def shows(self, rendition: Rendition) -> bool:
        """Whether it has the rendition's part of the photo, with as many pixels at least."""
        left, top, right, bottom = rendition.box
        inside = self.box[0] <= left and self.box[1] <= top
        inside = inside and right <= self.box[2] and bottom <= self.box[3]
        return inside and self.scale >= rendition.width / (right - left)


def _base(made: list[_Pixels], rendition: Rendition) -> _Pixels:
    """The smallest of what was made that shows the rendition (less to read than the photo:
    the 3:2 crop's 800 from the lead's 1200; the photo always does)."""
    return min((pixels for pixels in made if pixels.shows(rendition)), key=lambda p: p.scale)


def _resized(base: _Pixels, rendition: Rendition) -> _Pixels:
    """The rendition's pixels, resized from `base`."""
    x, y, scale = base.box[0], base.box[1], base.scale
    left, top, right, bottom = rendition.box
    width, height = base.image.size  # a float's last digit may pass them
    box = (
        (left - x) * scale,
        (top - y) * scale,
        min((right - x) * scale, width),
        min((bottom - y) * scale, height),
    )
    size = (rendition.width, rendition.height)
    image = base.image.resize(size, Image.Resampling.LANCZOS, box=box, reducing_gap=3.0)
    return _Pixels(image, rendition.width / (right - left), rendition.box)


def _write(image: Image.Image, rendition: Rendition, target: Path) -> None:
    settings = dict(SETTINGS[rendition.format])
    image = _mode_for(image, rendition.format)
    partial = target.with_name(f".{target.name}.{os.getpid()}.part")
    try:
        image.save(partial, **settings)  # type: ignore[arg-type]
        os.replace(partial, target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            partial.unlink()


def _mode_for(image: Image.Image, format: str) -> Image.Image:
    """JPEG has no transparency; WebP and PNG keep it."""
    alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    if format == "jpg" or not alpha:
        return image if image.mode == "RGB" else image.convert("RGB")
    return image if image.mode == "RGBA" else image.convert("RGBA")
