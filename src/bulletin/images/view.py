"""What the templates show of a lead photo: one `Picture` per role, with the addresses of its
renditions relative to the page (`partials/picture.html` writes the `<picture>`)."""

from __future__ import annotations

from dataclasses import dataclass

from bulletin.images.plan import SITE_FOLDER, Plan, Rendition


@dataclass(frozen=True)
class Picture:
    """One role's renditions: `src` is the widest in the fallback format (JPEG or PNG),
    `width` and `height` its size (the box's ratio before the picture loads)."""

    src: str
    srcset: str
    webp_srcset: str
    width: int
    height: int


@dataclass(frozen=True)
class ImageView:
    """A lead photo as lists, the home page and the article show it."""

    alt: str
    thumb: Picture
    card: Picture
    lead: Picture


def image_view(plan: Plan, alt: str, root: str) -> ImageView:
    """The photo's pictures; `root` is the page's address of the site's root (`../../`)."""
    folder = f"{root}{SITE_FOLDER}/{plan.folder}/"
    thumb, card, lead = (_picture(plan.roles[role], folder) for role in ("thumb", "card", "lead"))
    return ImageView(alt, thumb, card, lead)


def _picture(renditions: list[Rendition], folder: str) -> Picture:
    widest = renditions[-1]

    def srcset(format: str) -> str:
        return ", ".join(f"{folder}{r.crop}-{r.width}.{format} {r.width}w" for r in renditions)

    return Picture(
        f"{folder}{widest.name}", srcset(widest.format), srcset("webp"), widest.width, widest.height
    )


def site_paths(plan: Plan) -> list[str]:
    """The site's paths of the plan's renditions."""
    return [f"{SITE_FOLDER}/{plan.folder}/{r.name}" for r in plan.renditions()]
