"""Which renditions a lead photo needs: for each role (list thumbnail, home card, lead photo)
the widths the layouts ask for, in WebP and in the source's own format, cropped to 3:2 or not.

A plan is made from the source's bytes (its digest names the renditions, so a new photo at the
same path gets new ones) and its header (size, format, orientation): no pixel is decoded here.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, UnidentifiedImageError

MIN_WIDTH = 320
"""Pixels: a photo narrower than this is too small for any role (a warning names it)."""

NEARLY_WHOLE = 0.01
"""A crop that would cut at most this part of a side keeps the whole photo."""

SITE_FOLDER = "anh"
"""Where the renditions are in the site: `anh/<digest>/<crop>-<width>.<format>`."""


@dataclass(frozen=True)
class Role:
    name: str
    crop: str
    """"3x2" (cropped to 3:2 around the middle) or "full" (the photo's own ratio)."""
    widths: tuple[int, ...]


ROLES = (
    Role("thumb", "3x2", (240, 480)),
    Role("card", "3x2", (480, 800)),
    Role("lead", "full", (480, 800, 1200)),
)

_ROTATED = {5, 6, 7, 8}
"""EXIF orientations that turn the photo a quarter: its width is the file's height."""


@dataclass(frozen=True)
class Source:
    """A photo as its file is: where, its bytes' digest, its size as shown, its format."""

    path: Path
    digest: str
    width: int
    height: int
    fallback: str
    """The renditions' format besides WebP: "png" for a PNG, else "jpg"."""


@dataclass(frozen=True, order=True)
class Rendition:
    """One file made from a source: a crop at a width, in a format."""

    crop: str
    width: int
    height: int
    format: str
    box: tuple[int, int, int, int]
    """The part of the (upright) source it is made from: left, top, right, bottom."""

    @property
    def name(self) -> str:
        return f"{self.crop}-{self.width}.{self.format}"


@dataclass(frozen=True)
class Plan:
    source: Source
    roles: dict[str, list[Rendition]]
    """Each role's renditions in the fallback format, narrowest first."""

    @property
    def folder(self) -> str:
        """The renditions' folder in the cache and in the site."""
        return self.source.digest

    def renditions(self) -> list[Rendition]:
        """Every file to make, each once (roles share sizes), widest first, WebP too."""
        fallback = {r for shown in self.roles.values() for r in shown}
        webp = {_as(r, "webp") for r in fallback}
        return sorted(fallback | webp, key=lambda r: (-r.width, r.crop, r.format))


class Unreadable(Exception):
    """The file is not a photo Pillow can read."""


def read_source(path: Path) -> Source:
    """The source's digest and header; raises Unreadable."""
    try:
        data = path.read_bytes()
        with Image.open(path) as image:
            width, height = image.size
            orientation = image.getexif().get(0x0112)
            fallback = "png" if image.format == "PNG" else "jpg"
    except UnidentifiedImageError as error:
        raise Unreadable("không nhận ra định dạng ảnh") from error
    except (OSError, ValueError) as error:
        raise Unreadable(str(error)) from error
    if orientation in _ROTATED:
        width, height = height, width
    digest = hashlib.sha256(data).hexdigest()[:24]
    return Source(path, digest, width, height, fallback)


def plan(source: Source) -> Plan | None:
    """The renditions of each role; None if the photo is too small (`MIN_WIDTH`)."""
    if source.width < MIN_WIDTH:
        return None
    return Plan(source, {role.name: _role(source, role) for role in ROLES})


def _role(source: Source, role: Role) -> list[Rendition]:
    crop = role.crop
    box = crop_box(source.width, source.height, crop)
    left, top, right, bottom = box
    if _nearly_whole(box, source):  # a 3:2 photo: the same files as the lead's
        crop, box = "full", crop_box(source.width, source.height, "full")
        left, top, right, bottom = box
    box_width, box_height = right - left, bottom - top
    widths = [width for width in role.widths if width <= box_width]
    if box_width < role.widths[-1] and box_width not in widths:
        widths.append(box_width)  # the whole crop: never enlarged
    return [
        Rendition(crop, w, max(1, round(w * box_height / box_width)), source.fallback, box)
        for w in widths
    ]


def _nearly_whole(box: tuple[int, int, int, int], source: Source) -> bool:
    """Whether a crop keeps all but `NEARLY_WHOLE` of the photo's width and height (a photo
    of 3:2 give or take a pixel row): then the photo's own sizes serve, which CSS shows at 3:2
    (`object-fit: cover`), and no second file of nearly the same pixels is made."""
    left, top, right, bottom = box
    kept = min((right - left) / source.width, (bottom - top) / source.height)
    return kept >= 1 - NEARLY_WHOLE


def crop_box(width: int, height: int, crop: str) -> tuple[int, int, int, int]:
    """The part of a `width`×`height` photo a crop keeps: 3:2 around the middle (a tall photo
    keeps its upper part a little more, where faces are), or all of it."""
    if crop == "full":
        return (0, 0, width, height)
    if width * 2 > height * 3:  # wider than 3:2
        kept = round(height * 3 / 2)
        left = (width - kept) // 2
        return (left, 0, left + kept, height)
    kept = round(width * 2 / 3)
    top = (height - kept) // 3
    return (0, top, width, top + kept)


def _as(rendition: Rendition, format: str) -> Rendition:
    return Rendition(rendition.crop, rendition.width, rendition.height, format, rendition.box)
