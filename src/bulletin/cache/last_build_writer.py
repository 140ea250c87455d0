"""The last build's pages, written into the site by a forked process while the build reads the
articles and renders what changed (most pages come out the same); then the files the build
hands it once it knows them (the lead photos' sizes, copied from the image cache: 8,000 files
for 1,000 photos, which MkDocs copied in the build's own process).

Two processes then write into one site at once, so each path has one writer. The copying
process never writes over a file (`copy_pages` opens with O_EXCL); a build process that
writes a page at a path the copying process may write first `claim`s it. When the build has
written everything else, `Copier.finish` waits for the copying process, removes what it
wrote where this build makes nothing, and says which of the pages the build counted on it
for it did not write (a lost page, a full disk): the build writes those itself.

The files come through a pipe of their own, which a thread of the copying process reads while
it writes the pages (the build never waits for it to take them). They are copied, never
linked: the site shares no file with the caches, so a step that edits the site cannot change
what the next build takes from them. No other process writes at their paths.
"""

from __future__ import annotations

import os
import pickle
import shutil
import threading
from collections import Counter
from collections.abc import Mapping
from pathlib import Path

from bulletin.build.last_site import Check, FileState, check
from bulletin.build.workers import Forked, Send
from bulletin.cache.pages import PageCache

Copy = tuple[str, str]
"""A file to copy and where its copy goes."""


class Copier:
    """The copying process of one build, and what it writes."""

    def __init__(
        self,
        cache: PageCache,
        pages: list[tuple[str, str]],
        site_dir: Path,
        last_site: tuple[Path, Mapping[str, FileState]] | None = None,
    ) -> None:
        """Start writing `pages` (keys, paths in the site: `PageCache.last_pages`); first,
        `check` the last site (its folder and record), if given: `checked`."""
        self.pages, self.site_dir = pages, site_dir
        written = Counter(target for _, target in pages)
        self.key_at = {target: key for key, target in pages if written[target] == 1}
        """The page written at each path; a path kept twice (by a build that failed) is
        written once, which page is left to chance: the build writes it again."""
        self.targets = set(written)
        self.unwritten: list[tuple[str, str]] = []
        self.problems: list[str] = []
        """The files (`copy_files`) it could not copy, each with why."""
        self.checked: Check | None = None
        more, build_end = os.pipe()
        self._more: int | None = build_end
        """The pipe's end the build writes the files into (`copy_files`)."""
        try:
            self.process = Forked(
                lambda send: _work(cache, pages, site_dir, (more, build_end), send, last_site),
                self._received,
                "the copying process",
            )
        except BaseException:
            os.close(build_end)
            raise
        finally:
            os.close(more)

    def copy_files(self, copies: list[Copy]) -> None:
        """Have it copy these files as well, after the pages; once (no more files after)."""
        more, self._more = self._more, None
        if more is None:
            return
        try:
            with os.fdopen(more, "wb") as stream:
                if copies:
                    stream.write(pickle.dumps(copies, protocol=pickle.HIGHEST_PROTOCOL))
        except BrokenPipeError:  # it ended: `finish` says why
            pass

    def _received(self, message: object) -> None:
        if isinstance(message, Check):
            self.checked = message
        elif isinstance(message, tuple):  # ("files", problems)
            self.problems.extend(message[1])
        else:
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
        the pages `counted` on (`writes`), those it did not write; the files it did not copy
        are in `problems`."""
        self.copy_files([])  # if the build had none to give
        self.process.join()
        for _, target in self.pages:
            if target not in made and inside(target):
                remove(self.site_dir, target)
        unwritten = set(self.unwritten)
        return [page for page in counted if page in unwritten]

    def stop(self) -> None:
        self.copy_files([])
        self.process.stop()


def _work(
    cache: PageCache,
    pages: list[tuple[str, str]],
    site_dir: Path,
    pipe: tuple[int, int],
    send: Send,
    last_site: tuple[Path, Mapping[str, FileState]] | None,
) -> None:
    """The copying process: the last site checked, the pages, then the files the build
    sends."""
    more, build_end = pipe
    os.close(build_end)  # else the pipe never ends
    files = _Files(more)
    if last_site is not None:
        send(check(*last_site))
    send(copy_pages(cache, pages, site_dir))
    send(("files", copy_files(files.wait())))


class _Files:
    """What the build sends through the pipe, read by a thread as it comes."""

    def __init__(self, fd: int) -> None:
        self.copies: list[Copy] = []
        self.thread = threading.Thread(target=self._read, args=(fd,), name="bulletin-files")
        self.thread.start()

    def _read(self, fd: int) -> None:
        with os.fdopen(fd, "rb") as stream:
            data = stream.read()
        self.copies = pickle.loads(data) if data else []

    def wait(self) -> list[Copy]:
        self.thread.join()
        return self.copies


def copy_files(copies: list[Copy]) -> list[str]:
    """Copy each file (its folder made once): the files not copied, each with why."""
    problems = []
    folders: set[str] = set()
    for source, target in copies:
        try:
            folder = os.path.dirname(target)
            if folder not in folders:
                os.makedirs(folder, exist_ok=True)
                folders.add(folder)
            shutil.copyfile(source, target)  # the kernel copies (sendfile); never a link
        except OSError as error:
            problems.append(f"{target} ({error})")
    return problems


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
