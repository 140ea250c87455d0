"""The site's own style sheets as one file: one request that holds up the first paint instead
of one for each (Lighthouse counted 0.9 s on a phone for nine)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

FOLDER = "assets/stylesheets"
STYLESHEETS = (
    "fonts.css", "bulletin.css", "bulletin-search.css", "bulletin-masthead.css",
    "bulletin-home.css", "bulletin-people.css", "bulletin-article.css", "bulletin-footer.css",
    "bulletin-lists.css",
)  # fmt: skip
"""In the order the rules apply: a later one wins a tie."""
BUNDLE = f"{FOLDER}/bulletin-bundle.css"
"""Where the bundle is written in the site (main.html links it)."""


def bundle(theme_dirs: Sequence[str | Path]) -> bytes:
    """The style sheets in their order, each from the first theme folder that has it (a site's
    `custom_dir` before Bulletin's `overrides/`); FileNotFoundError naming one that is not."""
    parts = []
    for name in STYLESHEETS:
        found = [Path(folder) / FOLDER / name for folder in theme_dirs]
        source = next((path for path in found if path.is_file()), None)
        if source is None:
            folders = ", ".join(str(folder) for folder in theme_dirs)
            raise FileNotFoundError(f"no {FOLDER}/{name} in the theme's folders ({folders})")
        parts.append(f"/* {name} */\n".encode() + source.read_bytes().rstrip() + b"\n")
    return b"\n".join(parts)
