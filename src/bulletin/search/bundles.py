"""The parts of the search index, each made by `part_index` in a program of its own and kept
in a cache between builds.

A part is made from its articles' records (`records`): what the search page shows of each, and
the body's words read from its page (`records.body_text`). The digest of the records decides
whether the part in the cache can be reused or must be made again.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from functools import cache
from pathlib import Path

import bulletin
from bulletin.build.last_site import (
    FILE,
    LastSite,
    Source,
    files_under,
    identity_of,
    text_of,
)
from bulletin.search.part_index import (
    MOST_CHANGED,
    NEEDS_RECORDS,
    STATE,
    VOCABULARY,
    RecordsNeeded,
)

BUNDLE_DIR = "chi-muc-tim-kiem"
"""The index's folder in the site: `chi-muc-tim-kiem/<part>/`, the manifest beside them."""
SCHEMA = "5"
"""Changes whenever what a part is made from changes shape: every part is made again."""
WRITER = (
    "bulletin.search.part_index",
    "bulletin.search.part_update",
    "bulletin.search.postings",
    "bulletin.search.syllables",
    "bulletin.text.vietnamese",
)
"""The code that makes a part: its source is in every part's digest, so that a part made by
another version of it is made again. Named, not imported: the build's process need not load
what only the part's program runs (NumPy)."""
DIGEST = ".bulletin-digest"
HEADS = ".bulletin-heads"
"""Beside a part in the cache: the digest of its articles' heads, and the views they were made
in (`Stage.views`): the same views, the same heads, which then need not be made."""
TEXTS = ".bulletin-texts"
"""Beside a part in the cache: the digest of each of its articles' body's words, in their
order (`Stage.hashes`), as it was made: with the same heads, a record whose words are the
same is the one the part has (`Bundles._unchanged`)."""
RECORDS = "records.jsonl"
MEMORY = Path("/dev/shm")
"""Where the records a part is made from are written for `part_index`, if the system has it:
written and read once, they need never reach the disk (the cache's folder otherwise)."""
MEMORY_PREFIX = "bulletin-stage"
"""A stage's folder is `bulletin-stage-<pid>-<part>-<random>` in `MEMORY` and
`.new-stage-<pid>-<part>-<random>` in the cache: the process that owns it, so that the next
build removes what a killed one left (`remove_stale_stages`), and only that: no other name has
this shape (an older build's `bulletin-2024-01-01-…` is not taken for process 2024's)."""
WORK_PREFIX = ".new-stage"
_STAGE_NAME = re.compile(r"(?:bulletin|\.new)-stage-(\d+)-.+")


class SearchError(Exception):
    """A part could not be made: the message says which and why."""


ReadBack = Callable[[list[str]], dict[str, str]]
"""The texts kept by these digests (`record_digest`), those there are, by digest: all asked
at once (a query each, thousands at a rebuild, took a third of a part's making)."""


def record_digest(record: str) -> str:
    """The digest of a text a part is made from (a record's head, or the body's words): the
    page cache keeps the body's by it, so that a page written from there need not be read."""
    return hashlib.sha256(record.encode("utf-8")).hexdigest()


Head = Callable[[], dict[str, object]]
"""An article's record but its body's words (`records.record_head`), made when asked."""


class Stage:
    """A part's records, kept as they come with the digest of what the part is made from;
    written for `part_index` (in memory where the system has a folder for it) only when the
    part must be made again: a rebuild whose part is unchanged writes nothing. An article's
    head comes first (`describe`), made only if its digest is not known by the views it is
    made of (`views`) or the part is made again; its body's words when its page is written
    (`add`), or as their digest alone (`add_known`): `read_back` gives them by their digest,
    only if the part is made again."""

    def __init__(
        self,
        cache: Path,
        part_id: str,
        order: list[str],
        read_back: ReadBack | None = None,
        views: str | None = None,
    ) -> None:
        self.cache = cache
        self.part_id = part_id
        self.order = order
        """The articles' paths, oldest first: their numbers in the part."""
        self.read_back = read_back
        self.views = views
        """What every page's view is made of (the page cache's digest), if known: the same,
        and the part's articles' heads are the same (`HEADS` says which they were)."""
        self.heads: dict[str, str] = {}
        self.made: dict[str, Head] = {}
        self.heads_digest: str | None = None
        """The digest of every article's head, once known."""
        self.heads_as_kept = False
        """Whether the heads are known to be those the part in the cache was made from
        (`Bundles._known_heads`)."""
        self.texts: dict[str, str | None] = {}
        self.hashes: dict[str, str] = {}
        self.work: Path | None = None
        self.records: Path | None = None

    def describe(self, path: str, head: Head) -> None:
        """How the record of the article at `path` but its body's words is made (`Head`)."""
        self.made[path] = head

    def _head(self, path: str) -> str:
        head = self.heads.get(path)
        if head is None:
            make = self.made.get(path)
            record = make() if make is not None else {}
            head = self.heads[path] = json.dumps(record, ensure_ascii=False, separators=(",", ":"))
        return head

    def views_key(self) -> str | None:
        """What the heads are made of, if known: the views and the articles, in order."""
        if self.views is None:
            return None
        made_of = "\0".join([self.views, self.part_id, *self.order])
        return hashlib.sha256(made_of.encode()).hexdigest()

    def add(self, path: str, text: str | None) -> None:
        """The body's words of the article at `path` (None: its page has none)."""
        self.texts[path] = text
        self.hashes[path] = record_digest(text) if text is not None else ""

    def add_known(self, path: str, digest: str) -> None:
        """The body's words known by their digest (`record_digest`), read back if need be."""
        if self.read_back is None:
            raise ValueError(f"{path}: words known by their digest need read_back")
        self.texts[path] = None
        self.hashes[path] = digest

    def digest(self) -> str:
        """What the part is made from: its records, in their order, and how it is made."""
        if self.heads_digest is None:
            heads = hashlib.sha256()
            for path in self.order:
                heads.update(f"\0{path}\0{record_digest(self._head(path))}".encode())
            self.heads_digest = heads.hexdigest()
        made = f"{SCHEMA}\0{_writer_digest()}\0{self.part_id}\0{self.heads_digest}"
        hashed = hashlib.sha256(made.encode())
        for path in self.order:
            hashed.update(f"\0{path}\0{self.hashes.get(path, '')}".encode())
        return hashed.hexdigest()

    def write(self, unchanged: dict[str, str] | None = None) -> Path:
        """The records written, one JSON object a line, in a folder of their own (in memory
        where the system has a folder for it, `MEMORY`); their file. `work`, beside the cache,
        then holds what `part_index` writes. `unchanged`: the records known to be those the part
        in the cache has, by path: written as their digest alone (`part_index.known_digest`),
        their words not read back; the others' words are kept, should every record be
        needed whole after all (written again, without `unchanged`)."""
        known = unchanged or {}
        self._read_back(known)
        lines = [
            json.dumps(known[path]) if path in known else self._line(path) for path in self.order
        ]
        if not known:
            self.texts.clear()
        if self.work is None:
            self._make_folders()
        assert self.work is not None and self.records is not None
        try:
            return _write_lines(self.records, lines)
        except OSError:  # in memory, full: on the disk then
            if self.records.parent == self.work:
                raise
            shutil.rmtree(self.records.parent, ignore_errors=True)
            self.records = self.work / RECORDS
            return _write_lines(self.records, lines)

    def _make_folders(self) -> None:
        self.cache.mkdir(parents=True, exist_ok=True)
        ignore_file = self.cache / ".gitignore"
        if not ignore_file.exists():
            ignore_file.write_text("# Bulletin's search cache: rebuilt by mkdocs build\n*\n")
        self.work = Path(
            tempfile.mkdtemp(dir=self.cache, prefix=_stage_prefix(WORK_PREFIX, self.part_id))
        )
        self.records = self.work / RECORDS
        if MEMORY.is_dir() and os.access(MEMORY, os.W_OK):
            prefix = _stage_prefix(MEMORY_PREFIX, self.part_id)
            self.records = Path(tempfile.mkdtemp(dir=MEMORY, prefix=prefix)) / RECORDS

    def hashes_in_order(self) -> list[str]:
        """The digest of each article's body's words, in the part's order (`TEXTS`)."""
        return [self.hashes.get(path, "") for path in self.order]

    def _line(self, path: str) -> str:
        """The article's record: its head, with its body's words (`json.dumps` of the head
        with `text` added, without reading the head back)."""
        head = self._head(path)
        text = self.texts.get(path) if path in self.hashes else None
        if text is None:
            return head
        words = json.dumps(text, ensure_ascii=False)
        return f'{head[:-1]},"text":{words}}}' if head != "{}" else f'{{"text":{words}}}'

    def _read_back(self, unchanged: dict[str, str]) -> None:
        """The words known by their digest alone (`add_known`), read back and checked; not
        those of the `unchanged` records (`write`)."""
        wanted = {
            path: digest
            for path, digest in self.hashes.items()
            if digest and self.texts.get(path) is None and path not in unchanged
        }
        if not wanted:
            return
        assert self.read_back is not None  # add_known says so
        found = self.read_back(sorted(set(wanted.values())))
        for path in self.order:
            digest = wanted.get(path)
            if digest is None:
                continue
            text = found.get(digest)
            if text is None or record_digest(text) != digest:
                raise SearchError(
                    f"{path}: the page cache no longer has what search read of this page "
                    "(build again; if it happens again, delete the folder page_cache names in "
                    "mkdocs.yml)"
                )
            self.texts[path] = text

    def remove(self) -> None:
        self.texts.clear()
        folders = (self.records.parent if self.records else None, self.work)
        for folder in folders:
            if folder is not None and folder != self.cache:
                shutil.rmtree(folder, ignore_errors=True)


def writer_key() -> str:
    """What a part made by this code says it was made by (`part_index.STATE`)."""
    return f"{SCHEMA}:{_writer_digest()}"


@cache
def _writer_digest() -> str:
    """The digest of the source of the code that makes a part (`WRITER`)."""
    hashed = hashlib.sha256()
    for name in WRITER:
        spec = importlib.util.find_spec(name)
        hashed.update(Path(spec.origin if spec and spec.origin else name).read_bytes())
    return hashed.hexdigest()


def _write_lines(path: Path, lines: list[str]) -> Path:
    with path.open("w", encoding="utf-8") as out:
        for line in lines:
            out.write(line + "\n")
    return path


FILE_DIGESTS = ".bulletin-files.json"
"""The digest of each file of a part in the cache (`file_digests`)."""
NOT_PUBLISHED = {DIGEST, HEADS, TEXTS, VOCABULARY, STATE, FILE_DIGESTS}
"""What a part in the cache has that the site's copy has not."""


def file_digests(cached: Path) -> dict[str, str]:
    """What each file of a part in the cache that the site has is: the digest of its bytes,
    by its path in the part; made once for a part (a part made again has none yet), and
    kept beside it."""
    kept = cached / FILE_DIGESTS
    try:
        found = json.loads(kept.read_bytes())
        if isinstance(found, dict):
            return found
    except (OSError, ValueError):
        pass
    names = [name for name in files_under(cached) if name not in NOT_PUBLISHED]
    found = {name: identity_of((cached / name).read_bytes()) for name in names}
    _write_digests(cached, found)
    return found


def _carry_digests(previous: Path, made: Path) -> None:
    """Give a part made from the one before (`part_update`) the digests of the files it
    took from it unchanged (linked: the same file), so that only the others are read."""
    before = file_digests(previous)
    same = {}
    for name, digest in before.items():
        try:
            if os.path.samestat(os.stat(previous / name), os.stat(made / name)):
                same[name] = digest
        except OSError:
            continue
    names = [name for name in files_under(made) if name not in NOT_PUBLISHED]
    found = {name: same.get(name) or identity_of((made / name).read_bytes()) for name in names}
    _write_digests(made, found)


def _write_digests(cached: Path, found: dict[str, str]) -> None:
    written = cached / f"{FILE_DIGESTS}.{os.getpid()}"
    written.write_text(json.dumps(found), encoding="utf-8")
    written.replace(cached / FILE_DIGESTS)  # whole or not at all: another build may read it


def part_identities(cache: Path, paths: list[str]) -> dict[str, str]:
    """What the site's files of the parts among `paths` are (`file_digests`)."""
    found: dict[str, str] = {}
    parts: dict[str, dict[str, str]] = {}
    for path in paths:
        folder, _, rest = path.partition("/")
        part, _, name = rest.partition("/")
        if folder != BUNDLE_DIR or not name:
            continue
        if part not in parts:
            parts[part] = file_digests(cache / part) if (cache / part).is_dir() else {}
        digest = parts[part].get(name)
        if digest is not None:
            found[path] = digest
    return found


class Bundles:
    """The cache of parts: `<cache>/<part>/`, each with the digest it was made from."""

    def __init__(self, cache: Path, last: LastSite | None = None) -> None:
        self.cache = cache.absolute()  # the part's program runs in another folder
        self.last = last
        """The site as the last build published it: the files of a part it has as they are
        stay there (`_place`)."""
        remove_stale_stages(self.cache)

    def stage(
        self,
        part_id: str,
        order: list[str],
        read_back: ReadBack | None = None,
        views: str | None = None,
    ) -> Stage:
        """A new stage for the records of the part `part_id` (`Stage` says what `read_back`
        and `views` are), its articles' paths in `order`."""
        return Stage(self.cache, part_id, order, read_back, views)

    def publish_stage(
        self, stage: Stage, target: Path, slot: AbstractContextManager[object] | None = None
    ) -> bool:
        """Put the part at `target`, making it first unless the cache has it (`slot` is held
        while it is made). Returns whether it was made."""
        try:
            cached = self.cache / stage.part_id
            if stage.heads_digest is None:
                stage.heads_digest = self._known_heads(cached, stage)
                stage.heads_as_kept = stage.heads_digest is not None
            wanted = stage.digest()
            fresh = text_of(cached / DIGEST) != wanted
            if fresh:
                with slot or nullcontext():
                    self._make(stage, wanted)
            self._note_heads(cached, stage)
        finally:
            stage.remove()
        self._place(cached, target)
        return fresh

    @staticmethod
    def _known_heads(cached: Path, stage: Stage) -> str | None:
        """The digest of the part's heads, if it was made or kept last in the same views."""
        key = stage.views_key()
        kept = (text_of(cached / HEADS) or "").split("\n")
        return kept[1] if key is not None and len(kept) == 2 and kept[0] == key else None

    @staticmethod
    def _note_heads(cached: Path, stage: Stage) -> None:
        """Say beside the part which views its heads were made in (`_known_heads`)."""
        key = stage.views_key()
        if key is None or stage.heads_digest is None:
            (cached / HEADS).unlink(missing_ok=True)
        elif text_of(cached / HEADS) != f"{key}\n{stage.heads_digest}":
            (cached / HEADS).write_text(f"{key}\n{stage.heads_digest}", encoding="utf-8")

    def _place(self, cached: Path, target: Path) -> None:
        """Copy the part into the site, but the files the last site has as they are, which
        stay there (`LastSite.keep`)."""
        if self.last is None:
            self._copy(cached, target)
            return
        folder, source = f"{BUNDLE_DIR}/{target.name}", str(cached)
        for name, digest in file_digests(cached).items():
            path = f"{folder}/{name}"  # text, not `Path`s: thousands of files a part (as
            # `Path`s, 2.5 s of CPU in a profile of the 100,000-article rebuild)
            if self.last.holds(path, digest):
                self.last.keep(path, Source(FILE, f"{source}/{name}"))
            else:
                (target / name).parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(cached / name, target / name)

    def vocabulary(self, part_id: str) -> Path:
        """The kept part's syllables and their numbers of articles (`part_index`)."""
        return self.cache / part_id / VOCABULARY

    @staticmethod
    def _copy(cached: Path, target: Path) -> None:
        """Copies, never links: the site shares no file with the cache, so that a step that
        edits the site after the build (a deploy, a minifier) cannot change what the next
        build publishes."""
        shutil.copytree(
            cached,
            target,
            copy_function=shutil.copyfile,
            ignore=shutil.ignore_patterns(*NOT_PUBLISHED),
        )

    def _make(self, stage: Stage, wanted: str) -> None:
        previous = self.cache / stage.part_id
        kept = previous if (previous / DIGEST).is_file() else None
        records = stage.write(self._unchanged(kept, stage) if kept is not None else None)
        assert stage.work is not None
        bundle = stage.work / "part"
        try:
            self._run(stage.part_id, records, bundle, kept)
        except RecordsNeeded:  # the part before could not be used after all
            shutil.rmtree(bundle, ignore_errors=True)
            self._run(stage.part_id, stage.write(), bundle, kept)
        (bundle / TEXTS).write_text(json.dumps(stage.hashes_in_order()), encoding="utf-8")
        (bundle / DIGEST).write_text(wanted, encoding="utf-8")
        if kept is not None:
            _carry_digests(kept, bundle)
        else:
            file_digests(bundle)  # here, while the build goes on, not when it publishes
        shutil.rmtree(self.cache / stage.part_id, ignore_errors=True)
        bundle.rename(self.cache / stage.part_id)

    @staticmethod
    def _unchanged(kept: Path, stage: Stage) -> dict[str, str]:
        """The records of the part that are those the part in the cache was made from (its
        heads the same, `heads_as_kept`, and its body's words, `TEXTS`), by path: their
        digests (`part_index.STATE`); none if more changed than `part_update` takes."""
        if not stage.heads_as_kept:
            return {}
        try:
            texts = json.loads((kept / TEXTS).read_bytes())
            state = json.loads((kept / STATE).read_bytes())
            records, key = state["records"], state["key"]
        except (OSError, ValueError, LookupError, TypeError):
            return {}
        order = stage.order
        if key != writer_key() or not len(texts) == len(records) == len(order):
            return {}
        hashes = stage.hashes_in_order()
        same = {path: records[n] for n, path in enumerate(order) if hashes[n] == texts[n]}
        changed = len(order) - len(same)
        return same if changed <= max(1, int(len(order) * MOST_CHANGED)) else {}

    @staticmethod
    def _run(part_id: str, records: Path, bundle: Path, previous: Path | None = None) -> None:
        """`part_index` in a program of its own: its work runs beside the build's, on
        another core, and its memory is given back when it ends. It makes again only what
        changed since `previous`, the part as an earlier build made it, if the same code
        made it (`writer_key`)."""
        command = [sys.executable, "-m", "bulletin.search.part_index", str(records), str(bundle)]
        command.append(writer_key())  # a part made anew says so too: the next is made from it
        if previous is not None:
            command.append(str(previous))
        env = dict(os.environ)
        package_root = str(Path(bulletin.__file__).resolve().parent.parent)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, (package_root, env.get("PYTHONPATH"))))
        done = subprocess.run(command, env=env, capture_output=True, text=True)
        if done.returncode == NEEDS_RECORDS:
            raise RecordsNeeded(done.stderr.strip())
        if done.returncode != 0:
            output = (done.stderr + done.stdout).strip().splitlines()[-5:]
            raise SearchError(
                f"the part {part_id} of the search index could not be made (exit "
                f"{done.returncode}): " + " / ".join(output)
            )

    def prune(self, keep: set[str]) -> None:
        """Forget the parts that no longer exist."""
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
