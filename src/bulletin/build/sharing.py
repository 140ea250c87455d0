"""Which pages may share one rendering of a block every page holds (the menu, the style
sheets, Material's configuration script): those from which every address the block names
comes out the same.

A relative address from a page depends on the page's depth and on how many leading folders
it has in common with the target: from `luu-tru/2020/01/02/`, `chuyen-muc/kinh-te/` is
`../../../../chuyen-muc/kinh-te/`, but from `chuyen-muc/kinh-te/trang/2/` it is `../../`.
The depth alone is not enough (a menu rendered once per depth linked the archive's days to
`../../../kinh-te/`): the key below holds both, computed as MkDocs' `get_relative_url`
makes the addresses."""

from __future__ import annotations

from collections.abc import Iterable
from posixpath import normpath


def url_parts(url: str) -> tuple[str, ...]:
    """The folders of an address in the site, as MkDocs splits them (`a/b/` → `a`, `b`)."""
    path = normpath("/" + url)[1:]
    return tuple(path.split("/")) if path else ()


def page_folders(page_url: str) -> tuple[str, ...]:
    """The folder a page's relative addresses start from: its address, less a last part
    with a dot in it (`404.html`, `feed.xml`)."""
    folder, _, last = page_url.rpartition("/")
    return url_parts(folder if "." in last else page_url)


def _common(left: tuple[str, ...], right: tuple[str, ...]) -> int:
    count = 0
    for a, b in zip(left, right, strict=False):
        if a != b:
            break
        count += 1
    return count


class SharedRendering:
    """The key of a page's shared blocks, given every address in the site they name."""

    def __init__(self, targets: Iterable[str]) -> None:
        self.by_first: dict[str, list[tuple[str, ...]]] = {}
        for target in sorted(set(targets)):
            parts = url_parts(target)
            if parts:
                self.by_first.setdefault(parts[0], []).append(parts)

    def key(self, page_url: str) -> str:
        """Equal for two pages exactly when each target's relative address is the same from
        both: the page's depth, and for the targets in its first folder, the folders each has
        in common with the page (the others have none)."""
        folders = page_folders(page_url)
        near = self.by_first.get(folders[0]) if folders else None
        if not near:
            return str(len(folders))
        shared = ",".join(str(_common(folders, target)) for target in near)
        return f"{len(folders)} {folders[0]} {shared}"
