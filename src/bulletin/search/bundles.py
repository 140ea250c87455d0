"""Pagefind bundles, one per part of the search index, kept in a cache between builds.

Pagefind reads exactly what `indexed_page` keeps of an article page: the element marked
`data-pagefind-body`, without the elements it ignores entirely ("Tin khác", "Tin liên quan",
comments), which change when other articles do. The digest of the pages of a bundle decides
whether the bundle in the cache can be reused or must be indexed again.
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import json
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import datetime
from pathlib import Path

BUNDLE_DIR = "pagefind"
"""The bundles' folder in the site: `pagefind/<part>/`."""
EXCLUDED = (".bulletin-comments", ".bulletin-more", ".bulletin-notice", "nav", "form")
"""Never indexed, even if a template forgets `data-pagefind-ignore` on them."""
UNUSED = ("pagefind-ui", "pagefind-component-ui", "pagefind-modular-ui", "pagefind-highlight")
"""Pagefind's own search interfaces: the search page renders the results itself."""
INDEX_CHUNK_SIZE = 500
"""Word positions per chunk of a full-text part's word index. A query downloads the chunks that
hold its words; Pagefind's default chunks are ~20 times larger, and Vietnamese syllables are
frequent: on 1,000 articles a three-word query downloaded 1,219 KB of them, 408 KB with 500
(bench/search_bench.py). Set through Pagefind's PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE: another
reason for the bound on Pagefind's version."""
HEADLINE_CHUNK_SIZE = 50
"""The same for the headline index, the one every first query reads. On 10,000 generated
articles, 500 made `nguyen phuoc loc` download 169 KB of chunks, 150 105 KB, 50 61 KB, 25 48 KB
but a larger list of chunks in the index's metadata (+7 KB): 50 is the lightest sum."""
SCHEMA = "4"
"""Changes whenever what a bundle is made from changes shape: every part is indexed again."""
DIGEST = ".bulletin-digest"
KEY = ".bulletin-key"
"""A key that stands for a bundle's pages (`Bundles.reuse`), beside their digest."""
DATE_ORDER = "bulletin-order.json"
"""The headline index's pages newest first, by Pagefind id: its date sort, read only when the
reader sorts by date or browses without a query. A Pagefind sort would put the same order in the
index's metadata, which every first query downloads (22 KB at 10,000 articles)."""
_FRAGMENT_MAGIC = b"pagefind_dcd"
MEMORY = Path("/dev/shm")
"""Where the pages a bundle is made from are written for Pagefind, if the system has it:
written and read once, they need never reach the disk (the cache's folder otherwise)."""
MEMORY_PREFIX = "bulletin-stage"
"""A stage's folder is `bulletin-stage-<pid>-<part>-<random>` in `MEMORY` and
`.new-stage-<pid>-<part>-<random>` in the cache: the process that owns it, so that the next
build removes what a killed one left (`remove_stale_stages`), and only that: no other name has
this shape (an older build's `bulletin-2024-01-01-…` is not taken for process 2024's)."""
WORK_PREFIX = ".new-stage"
_STAGE_NAME = re.compile(r"(?:bulletin|\.new)-stage-(\d+)-.+")

_BODY = re.compile(r"<([a-zA-Z][\w-]*)\b[^>]*\sdata-pagefind-body\b[^>]*>")
_IGNORED = re.compile(r"<([a-zA-Z][\w-]*)\b[^>]*\sdata-pagefind-ignore\b[^>]*>")
_KEPT_INSIDE = re.compile(r"data-pagefind-(?:filter|meta|sort|default-meta)\b")
_VOID = {"area", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


class SearchError(Exception):
    """Pagefind is missing or failed: the message says which and what to do."""


def indexed_page(html: str, language: str) -> str | None:
    """What Pagefind indexes of a page, as a document of its own; None without a body marker."""
    body = _BODY.search(html)
    if body is None:
        return None
    kept = _drop_ignored(html[body.start() : _element_end(html, body)])
    return (
        f'<!DOCTYPE html><html lang="{language}"><head><meta charset="utf-8"></head>'
        f"<body>{kept}</body></html>"
    )


def write_date_order(bundle: Path) -> None:
    """Write the bundle's pages newest first (by their `date` meta) as `DATE_ORDER`."""
    dated = []
    for path in (bundle / "fragment").glob("*.pf_fragment"):
        data = gzip.decompress(path.read_bytes())
        if not data.startswith(_FRAGMENT_MAGIC):
            raise SearchError(f"{path}: not a Pagefind fragment (another Pagefind version?)")
        page = json.loads(data[len(_FRAGMENT_MAGIC) :])
        dated.append((datetime.fromisoformat(page["meta"]["date"]), page["url"], path.stem))
    dated.sort(reverse=True)
    order = {"version": 1, "newest_first": [page_id for _, _, page_id in dated]}
    (bundle / DATE_ORDER).write_text(json.dumps(order, separators=(",", ":")), encoding="utf-8")


def _element_end(html: str, start: re.Match[str]) -> int:
    """Where the element opened by `start` closes (the HTML comes from our own templates)."""
    tag = start.group(1).lower()
    if tag in _VOID or start.group(0).endswith("/>"):
        return start.end()
    depth = 0
    for match in re.compile(rf"<(/?){tag}\b[^>]*>", re.IGNORECASE).finditer(html, start.start()):
        depth += -1 if match.group(1) else 1
        if depth == 0:
            return match.end()
    return len(html)


def _drop_ignored(html: str) -> str:
    """Remove the ignored elements that hold no filter, meta or sort for Pagefind."""
    pieces, position, search_from = [], 0, 0
    while (match := _IGNORED.search(html, search_from)) is not None:
        end = _element_end(html, match)
        if _KEPT_INSIDE.search(html, match.start(), end):
            search_from = match.end()  # kept: Pagefind reads the filters in it
            continue
        pieces.append(html[position : match.start()])
        position = search_from = end
    pieces.append(html[position:])
    return "".join(pieces)


def page_digest(page: str) -> str:
    """The digest of what Pagefind reads of a page (`indexed_page`), as a bundle's digest
    counts it: the page cache keeps it, so that a page written from there need not be read."""
    return hashlib.sha256(page.encode("utf-8")).hexdigest()


class Stage:
    """A bundle's pages, kept as they come with the digest of what the bundle is made from;
    written to a folder of the cache (where Pagefind reads them) only when the bundle must be
    indexed again: a rebuild whose part is unchanged writes nothing. A page may come as its
    digest alone (`add_known`): `read_back` gives it by its digest, only if the bundle is
    indexed again."""

    def __init__(
        self, cache: Path, part_id: str, read_back: Callable[[str], str | None] | None = None
    ) -> None:
        self.cache = cache
        self.part_id = part_id
        self.read_back = read_back
        self.pages: dict[str, bytes | None] = {}
        self.hashes: dict[str, str] = {}
        self.work: Path | None = None
        self.site: Path | None = None

    def add(self, path: str, html: str) -> None:
        """A page of the bundle, at `path` in the site."""
        self.pages[path] = html.encode("utf-8")
        self.hashes[path] = page_digest(html)

    def add_known(self, path: str, digest: str) -> None:
        """A page of the bundle known by its digest (`page_digest`), read back if need be."""
        if self.read_back is None:
            raise ValueError(f"{path}: a page known by its digest needs read_back")
        self.pages[path] = None
        self.hashes[path] = digest

    def digest(self, language: str, version: str, chunk_size: int) -> str:
        """What the bundle is made from: its pages (path and content) and how it is made."""
        made = f"{SCHEMA}\0{version}\0{language}\0{self.part_id}\0{chunk_size}"
        hashed = hashlib.sha256(made.encode())
        for path in sorted(self.hashes):
            hashed.update(f"\0{path}\0{self.hashes[path]}".encode())
        return hashed.hexdigest()

    def write(self) -> Path:
        """The pages written in a new folder (in memory where the system has a folder for it,
        `MEMORY`: Pagefind reads them once); that folder. `work`, beside the cache, then holds
        what Pagefind writes."""
        self.cache.mkdir(parents=True, exist_ok=True)
        ignore_file = self.cache / ".gitignore"
        if not ignore_file.exists():
            ignore_file.write_text("# Bulletin's search cache: rebuilt by mkdocs build\n*\n")
        self.work = Path(
            tempfile.mkdtemp(dir=self.cache, prefix=_stage_prefix(WORK_PREFIX, self.part_id))
        )
        # In the order of their paths, whatever order the build wrote them in: Pagefind
        # numbers pages in the order it finds them in the folder, which follows the order
        # they were written in.
        pages = [
            (path, data if data is not None else self._read_back(path))
            for path, data in sorted(self.pages.items())
        ]
        self.pages.clear()
        if MEMORY.is_dir() and os.access(MEMORY, os.W_OK):
            prefix = _stage_prefix(MEMORY_PREFIX, self.part_id)
            self.site = Path(tempfile.mkdtemp(dir=MEMORY, prefix=prefix))
            try:
                return _write_pages(self.site, pages)
            except OSError:  # full: on the disk then
                shutil.rmtree(self.site, ignore_errors=True)
        self.site = self.work / "site"
        return _write_pages(self.site, pages)

    def _read_back(self, path: str) -> bytes:
        assert self.read_back is not None  # add_known says so
        page = self.read_back(self.hashes[path])
        if page is None or page_digest(page) != self.hashes[path]:
            raise SearchError(
                f"{path}: the page cache no longer has what search read of this page (build "
                "again; if it happens again, delete the folder page_cache names in mkdocs.yml)"
            )
        return page.encode("utf-8")

    def remove(self) -> None:
        self.pages.clear()
        for folder in (self.site, self.work):
            if folder is not None:
                shutil.rmtree(folder, ignore_errors=True)


def _write_pages(site: Path, pages: list[tuple[str, bytes]]) -> Path:
    for path, data in pages:
        target = site / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return site


class Bundles:
    """The cache of bundles: `<cache>/<part>/`, each with the digest it was made from."""

    def __init__(self, cache: Path, language: str) -> None:
        self.cache = cache.absolute()  # Pagefind runs in another folder
        self.language = language.split("-")[0].split("_")[0].lower()
        self.executable = _executable()
        self.version = _version(self.executable)
        remove_stale_stages(self.cache)

    def stage(self, part_id: str, read_back: Callable[[str], str | None] | None = None) -> Stage:
        """A new folder for the pages of the part `part_id` (`Stage` says what `read_back`
        is)."""
        return Stage(self.cache, part_id, read_back)

    def publish(
        self,
        part_id: str,
        pages: dict[str, str],
        target: Path,
        chunk_size: int = INDEX_CHUNK_SIZE,
        finish: Callable[[Path], None] | None = None,
    ) -> bool:
        """`publish_stage` for pages at hand."""
        stage = self.stage(part_id)
        for path, html in pages.items():
            stage.add(path, html)
        return self.publish_stage(stage, target, chunk_size, finish)

    def publish_stage(
        self,
        stage: Stage,
        target: Path,
        chunk_size: int = INDEX_CHUNK_SIZE,
        finish: Callable[[Path], None] | None = None,
        slot: AbstractContextManager[object] | None = None,
        key: str | None = None,
    ) -> bool:
        """Put the part's bundle at `target`, indexing its stage first unless the cache has
        it (`finish` completes a bundle just indexed, before it goes in the cache; `slot` is
        held while Pagefind indexes it; `key`, if any, stands for the stage's pages: see
        `reuse`).

        Returns whether it was indexed.
        """
        try:
            wanted = stage.digest(self.language, self.version, chunk_size)
            cached = self.cache / stage.part_id
            fresh = _read(cached / DIGEST) != wanted
            if fresh:
                with slot or contextlib.nullcontext():
                    self._index(stage, wanted, chunk_size, finish)
            if key is not None:
                (cached / KEY).write_text(self._keyed(key, chunk_size), encoding="utf-8")
        finally:
            stage.remove()
        self._copy(cached, target)
        return fresh

    def kept(self, part_id: str, key: str, chunk_size: int) -> bool:
        """Whether the cache has the bundle of `part_id` made from the pages that `key` stands
        for (given to `publish_stage`): then they need not be made to know them."""
        cached = self.cache / part_id
        return (
            _read(cached / KEY) == self._keyed(key, chunk_size)
            and _read(cached / DIGEST) is not None
        )

    def reuse(self, part_id: str, key: str, target: Path, chunk_size: int) -> bool:
        """Put the bundle of `part_id` at `target` if `kept`; whether it was."""
        if not self.kept(part_id, key, chunk_size):
            return False
        self._copy(self.cache / part_id, target)
        return True

    def _keyed(self, key: str, chunk_size: int) -> str:
        made = f"{SCHEMA}\0{self.version}\0{self.language}\0{chunk_size}\0{key}"
        return hashlib.sha256(made.encode()).hexdigest()

    @staticmethod
    def _copy(cached: Path, target: Path) -> None:
        """Copies, never links: the site shares no file with the cache, so that a step that
        edits the site after the build (a deploy, a minifier) cannot change what the next
        build publishes."""
        shutil.copytree(
            cached,
            target,
            copy_function=shutil.copyfile,
            ignore=shutil.ignore_patterns(DIGEST, KEY),
        )

    def _index(
        self, stage: Stage, wanted: str, chunk_size: int, finish: Callable[[Path], None] | None
    ) -> None:
        site = stage.write()
        assert stage.work is not None
        bundle = stage.work / "bundle"
        self._run(stage.part_id, site, bundle, chunk_size)
        for name in os.listdir(bundle):
            if name.startswith(UNUSED):
                (bundle / name).unlink()
        if finish is not None:
            finish(bundle)
        (bundle / DIGEST).write_text(wanted, encoding="utf-8")
        shutil.rmtree(self.cache / stage.part_id, ignore_errors=True)
        bundle.rename(self.cache / stage.part_id)

    def _run(self, part_id: str, site: Path, bundle: Path, chunk_size: int) -> None:
        command = [str(self.executable), "--site", str(site), "--output-path", str(bundle)]
        command += ["--force-language", self.language, "--quiet"]
        for selector in EXCLUDED:
            command += ["--exclude-selectors", selector]
        # Pagefind also reads pagefind.yml and PAGEFIND_* variables: neither applies here.
        env = {name: value for name, value in os.environ.items() if not name.startswith("PAGEFIND")}
        env["PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE"] = str(chunk_size)
        done = subprocess.run(command, cwd=site, env=env, capture_output=True, text=True)
        if done.returncode != 0 or not (bundle / "pagefind-entry.json").exists():
            output = (done.stderr + done.stdout).strip().splitlines()[-5:]
            raise SearchError(
                f"Pagefind failed on the part {part_id} of the index (exit {done.returncode}): "
                + " / ".join(output)
            )

    def prune(self, keep: set[str]) -> None:
        """Forget the bundles of parts that no longer exist."""
        if self.cache.is_dir():
            for folder in self.cache.iterdir():
                if folder.is_dir() and folder.name not in keep:
                    shutil.rmtree(folder, ignore_errors=True)


def _stage_prefix(kind: str, part_id: str) -> str:
    return f"{kind}-{os.getpid()}-{part_id}-"


def remove_stale_stages(cache: Path) -> list[Path]:
    """Remove the stage folders (in `MEMORY` and in the cache) of builds that were killed:
    those whose process no longer runs. Those of a build running beside this one stay.
    Returns what was removed."""
    found = list(MEMORY.glob(f"{MEMORY_PREFIX}-*")) if MEMORY.is_dir() else []
    found += cache.glob(f"{WORK_PREFIX}-*") if cache.is_dir() else []
    stale = [folder for folder in found if not _owner_runs(folder.name)]
    for folder in stale:
        shutil.rmtree(folder, ignore_errors=True)
    return stale


def _owner_runs(name: str) -> bool:
    """Whether the process named in a stage folder's name runs (a name of another shape is
    not a stage's: it stays)."""
    shape = _STAGE_NAME.fullmatch(name)
    if shape is None:
        return True
    try:
        os.kill(int(shape.group(1)), 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


def clear(folder: Path) -> None:
    """Remove a previous build's bundles (`mkdocs build --dirty` keeps the site folder)."""
    shutil.rmtree(folder, ignore_errors=True)


def _executable() -> Path:
    try:
        from pagefind.service import get_executable
    except ImportError as error:
        raise SearchError(
            "search needs Pagefind: pip install 'pagefind[bin]' (or set search: false)"
        ) from error
    executable = get_executable()
    if executable is None or not executable.exists():
        raise SearchError(
            "search needs the Pagefind program: pip install 'pagefind[bin]' "
            "(or set PAGEFIND_BINARY_PATH, or set search: false)"
        )
    return executable


def _version(executable: Path) -> str:
    done = subprocess.run([str(executable), "--version"], capture_output=True, text=True)
    return done.stdout.strip()


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        return None
