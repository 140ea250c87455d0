"""The last build's pages, written into the site by a forked process while the build reads the
articles and renders what changed (most pages come out the same).

Two processes then write into one site at once, so each path has one writer. The copying
process never writes over a file (`copy_pages` opens with O_EXCL); a build process that
writes a page at a path the copying process may write first `claim`s it. When the build has
written everything else, `Copier.finish` waits for the copying process, removes what it
wrote where this build makes nothing, and says which of the pages the build counted on it
for it did not write (a lost page, a full disk): the build writes those itself.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from bulletin.build.workers import Forked
from bulletin.cache.pages import PageCache


class Copier:
    """The copying process of one build, and what it writes."""

    def __init__(self, cache: PageCache, pages: list[tuple[str, str]], site_dir: Path) -> None:
        """Start writing `pages` (keys, paths in the site: `PageCache.last_pages`)."""
        self.pages, self.site_dir = pages, site_dir
        written = Counter(target for _, target in pages)
        self.key_at = {target: key for key, target in pages if written[target] == 1}
        """The page written at each path; a path kept twice (by a build that failed) is
        written once, which page is left to chance: the build writes it again."""
        self.targets = set(written)
        self.unwritten: list[tuple[str, str]] = []
        self.process = Forked(
            lambda send: send(copy_pages(cache, pages, site_dir)),
            self._received,
            "the copying process",
        )

    def _received(self, message: object) -> None:
        assert isinstance(message, list)
        self.unwritten.extend(message)

    def writes(self, key: str, target: str) -> bool:
        """Whether it writes (or wrote) the page of `key` at `target`."""
        return self.key_at.get(target) == key

    def may_write(self, target: str) -> bool:
        """Whether it may write at `target`: a build process writing there `claim`s it."""
        return target in self.targets

    def finish(self, made: set[str], counted: list[tuple[str, str]]) -> list[tuple[str, str]]:
        """Wait for the process (WorkerError if it failed); remove what it wrote at a path
        not in `made` (this build's), with the folders left empty (OSError if it cannot); of
        the pages `counted` on (`writes`), those it did not write."""
        self.process.join()
        for _, target in self.pages:
            if target not in made and inside(target):
                remove(self.site_dir, target)
        unwritten = set(self.unwritten)
        return [page for page in counted if page in unwritten]

    def stop(self) -> None:
        self.process.stop()


def copy_pages(
    cache: PageCache, pages: list[tuple[str, str]], site_dir: Path
) -> list[tuple[str, str]]:
    """Write each kept page (key, path in the site) into `site_dir` as the last build wrote
    it, never over a file already there (a build process `claim`ed it): the pages not written."""
    unwritten = []
    for key, target in pages:
        if (
            not inside(target)
            or copy_page(cache, key, site_dir / target, exclusive=True) is not None
        ):
            unwritten.append((key, target))
    return unwritten


def copy_page(cache: PageCache, key: str, path: Path, exclusive: bool = False) -> str | None:
    """Write the page kept with the entry of `key` at `path` (`exclusive`: unless a file is
    there): None, or why it was not."""
    html = cache.page(key)
    if html is None:
        return f"the page cache {cache.path} lost it: delete it and build again"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("xb" if exclusive else "wb") as stream:
            stream.write(html)
    except OSError as error:
        return str(error)
    return None


def claim(path: Path) -> None:
    """Make `path` this process's to write while `copy_pages` may still run in another:
    whatever is there goes, and an empty file takes its place, which `copy_pages` leaves
    alone (a page it was writing there at that moment goes with the name it lost)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    while True:
        path.unlink(missing_ok=True)
        try:
            path.open("xb").close()
            return
        except FileExistsError:  # written by `copy_pages` in between: removed again
            continue


def remove(site_dir: Path, target: str) -> None:
    """Remove a file of the site, and the folders it leaves empty."""
    path = site_dir / target
    path.unlink(missing_ok=True)
    for folder in path.parents:
        if folder == site_dir or not folder.is_relative_to(site_dir):
            return
        try:
            folder.rmdir()  # only an empty one
        except OSError:
            return


def inside(target: str) -> bool:
    """Whether a path kept in the cache is the path of a file in the site, as MkDocs writes
    them (a damaged cache may say anything: `/x`, `../x`, `a/`, `a//b`, `./a`)."""
    parts = target.split("/")
    return all(part not in ("", ".", "..") for part in parts)
