"""The lead photos in a build: planned and made at `on_files` (after the articles are read,
before any rendering process is forked and any thread starts), their renditions given to
MkDocs as files, copied into the site from the image cache (by the page cache's copying
process while the build goes on, where there is one: `last_build_writer`; else by MkDocs), and
each page's `image_of`."""

from __future__ import annotations

import posixpath
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files

from bulletin.articles.model import Article
from bulletin.articles.problems import Problem, Severity
from bulletin.images.making import cache_folder, make_all
from bulletin.images.memo import SourceMemo
from bulletin.images.plan import MIN_WIDTH, Plan, Source, Unreadable, plan
from bulletin.images.view import ImageView, image_view, site_paths
from bulletin.mkdocs_plugin.site_files import shown_dir
from bulletin.mkdocs_plugin.state import BuildState
from bulletin.views.models import ImageOf

log = get_plugin_logger(__name__)

TOO_SMALL = (
    'ảnh "{path}" chỉ rộng {width} px, quá nhỏ cho danh sách và trang chủ: ở đó là khung '
    "trống, bài viết hiện ảnh gốc (cần: ảnh rộng ít nhất {least} px)"
)
UNREADABLE = (
    'không đọc được ảnh "{path}" ({error}): danh sách và trang chủ hiện khung trống '
    "(cần: ảnh JPEG hoặc PNG)"
)


VIEWS = 4096
"""How many views of photos are kept to be given again (`LeadPhotos.image_of`)."""


@dataclass
class LeadPhotos:
    """Each shown article's photo plan (those too small or unreadable have none)."""

    plans: dict[str, Plan] = field(default_factory=dict)
    """By the article's docs path."""
    files: list[File] = field(default_factory=list)
    """The renditions, as MkDocs' files of the site."""
    copied_elsewhere: bool = False
    """Whether the copying process copies them, not MkDocs."""
    _views: OrderedDict[tuple[str, str], ImageView] = field(default_factory=OrderedDict)
    """The latest views made (`VIEWS`), by the article's docs path and the page's root: the
    lists of pages made one after another show the same articles near them in time."""

    def image_of(self, root: str) -> ImageOf:
        """An article's photo as a page whose address of the site's root is `root` shows it."""

        def of(article: Article) -> ImageView | None:
            found = self.plans.get(article.src_uri)
            if found is None or article.image is None:
                return None
            key = (article.src_uri, root)
            view = self._views.get(key)
            if view is None:
                view = self._views[key] = image_view(found, article.image.alt, root)
                while len(self._views) > VIEWS:
                    self._views.popitem(last=False)
            return view

        return of


def prepare(state: BuildState, files: Files) -> LeadPhotos:
    """Plan every shown article's photo, make the renditions the cache lacks, and add them to
    MkDocs' files; warn of each photo too small or unreadable, naming its article."""
    publication, config = state.publication, state.config
    assert publication is not None
    indexing = state.progress.name  # begun by read_site, ended by the menu (`on_nav`)
    state.progress.phase("lead photos")
    base = Path(config.config_file_path or "").parent
    folder = _cache(base / state.options.image_cache)
    photos, sources, problems = LeadPhotos(), _Sources(state, folder.parent), []
    for article in publication.articles.values():
        if article.image is None:
            continue
        found = sources.plan(article.image.src)
        if isinstance(found, Plan):
            photos.plans[article.src_uri] = found
        else:
            problems.append(_problem(state, article, found))
    sources.memo.save()
    made = make_all(list({p.folder: p for p in photos.plans.values()}.values()), folder,
                    state.processes)  # fmt: skip
    failed = {failure.digest: failure.message for failure in made.failed or []}
    for src_uri, kept in list(photos.plans.items()):
        if kept.folder in failed:
            del photos.plans[src_uri]
            article = publication.articles[src_uri]
            problems.append(_problem(state, article, Unreadable(failed[kept.folder])))
    for problem in sorted(problems):
        log.warning(str(problem))
    _add_files(photos, folder, files, state)
    if state.cache is not None:  # always: it then knows the build sends no more
        copies = [(f.abs_src_path or "", f.abs_dest_path) for f in photos.files]
        photos.copied_elsewhere = state.cache.copy_files(copies)
    count = len({p.folder for p in photos.plans.values()})
    log.info(f"lead photos: {count:,}, {made.count:,} renditions made")
    state.progress.phase(indexing)
    return photos


class _Sources:
    """Each source read and planned once, however many articles show it."""

    def __init__(self, state: BuildState, cache: Path) -> None:
        self.docs = Path(state.config.docs_dir)
        self.by_path = state.by_path
        self.known: dict[str, Plan | Source | Unreadable] = {}
        self.memo = SourceMemo(cache / "sources.json")

    def plan(self, src: str) -> Plan | Source | Unreadable:
        """The plan; or the source, too small; or why it cannot be read."""
        if src not in self.known:
            try:
                file = self.by_path.get(src)  # its name on disk may be in NFD
                path = file.abs_src_path if file is not None else None
                source = self.memo.read(Path(path) if path else self.docs / src)
                self.known[src] = plan(source) or source
            except Unreadable as error:
                self.known[src] = error
            except OSError as error:
                self.known[src] = Unreadable(str(error))
        return self.known[src]


def _problem(state: BuildState, article: Article, found: Source | Unreadable) -> Problem:
    folder = shown_dir(state.config)
    assert article.image is not None
    path = f"{folder}/{article.image.src}"
    if isinstance(found, Source):
        message = TOO_SMALL.format(path=path, width=found.width, least=MIN_WIDTH)
    else:
        message = UNREADABLE.format(path=path, error=found)
    article_path = f"{folder}/{article.src_uri}"
    line = _image_line(Path(state.config.docs_dir) / article.src_uri)
    return Problem(article_path, line, 1, "image", message, Severity.WARNING)


def _image_line(path: Path) -> int:
    """The line of the front-matter's `image:` (1 if it cannot be found)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return 1
    for number, line in enumerate(lines[1:], start=2):
        if line.startswith("image:"):
            return number
        if line.rstrip() == "---":
            break
    return 1


def _cache(root: Path) -> Path:
    folder = cache_folder(root)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        ignore = root / ".gitignore"
        if not ignore.exists():
            ignore.write_text("# Bulletin's image cache: made by mkdocs build\n*\n")
    except OSError as error:
        raise PluginError(f"bulletin: cannot make the image cache {root} ({error})") from error
    return folder


def _add_files(photos: LeadPhotos, folder: Path, files: Files, state: BuildState) -> None:
    """Each rendition a file of the site, copied from the cache (never linked to it)."""
    done: set[str] = set()
    for kept in photos.plans.values():
        if kept.folder in done:
            continue
        done.add(kept.folder)
        for path, rendition in zip(site_paths(kept), kept.renditions(), strict=True):
            if files.get_file_from_path(path) is not None:
                raise PluginError(f"bulletin: docs/{path} takes the place of a lead photo's size")
            source = folder / kept.folder / rendition.name
            file = File.generated(state.config, path, abs_src_path=str(source))
            files.append(file)
            photos.files.append(file)


def copied_elsewhere(photos: LeadPhotos | None) -> list[File]:
    """The renditions MkDocs is not to copy, the copying process does (`on_env`, once
    `on_nav` counted them among the build's files)."""
    return photos.files if photos is not None and photos.copied_elsewhere else []


def root_of(url: str) -> str:
    """The address of the site's root from a page at `url` (`2023/03/x/` → `../../../`)."""
    folder = url if url.endswith("/") or not url else posixpath.dirname(url)
    depth = len([part for part in folder.split("/") if part and part != "."])
    return "../" * depth
