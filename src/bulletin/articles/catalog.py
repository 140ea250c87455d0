"""All articles of a site, read and validated in one pass before anything is rendered."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from functools import lru_cache
from pathlib import Path, PurePosixPath

from bulletin.articles.frontmatter import body_of
from bulletin.articles.model import Article, FileExists
from bulletin.articles.problems import Problem, Problems
from bulletin.articles.reading import ArticleFile, ArticlesReader, file_bytes, read_articles
from bulletin.text.dates import shared_offset
from bulletin.text.vietnamese import slugify

DEFAULT_URL_FORMAT = "{yyyy}/{mm}/{slug}/"
URL_FIELDS = ("yyyy", "mm", "dd", "slug", "name")


@dataclass(frozen=True)
class Settings:
    """What the loader needs to know of the site."""

    zone: tzinfo
    url_format: str = DEFAULT_URL_FORMAT
    articles_dir: str = "articles"


@dataclass
class Catalog:
    """Every valid article (drafts and embargoed ones included) and every problem found."""

    docs_dir: Path
    """The folder the articles' paths (`src_uri`) start from."""
    articles: list[Article] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    dest_uris: dict[str, str] = field(default_factory=dict)
    """Output path (`2022/06/slug/index.html`) of each article, by its source path."""
    shown_dir: str = "docs"
    """The docs folder as messages name it."""
    ids: dict[str, str] = field(default_factory=dict)
    """The stable id of each article (`2024-03-khoi-cong`: its file's path), by source path.
    Comments are kept under it: it does not change when the title or the URL does."""

    def public(self, now: datetime) -> list[Article]:
        """The articles that are published now, newest first."""
        published = [article for article in self.articles if article.is_public(now)]
        return sorted(published, key=lambda article: article.date, reverse=True)

    def withheld_images(self, published: Collection[str], needed: Collection[str]) -> set[str]:
        """Images shown only by articles not `published` (drafts, embargoed): keep them out,
        unless something else of the site (`needed`: pages, registries, the logo) shows them."""
        hidden: set[str] = set()
        shown: set[str] = set(needed)
        for article in self.articles:
            (shown if article.src_uri in published else hidden).update(article.images)
        return hidden - shown

    def body(self, article: Article) -> str:
        """The article's body (Markdown, in NFC), read from its file: an article does not hold
        it. The file read when the catalog was made; an error if it is gone or no longer UTF-8
        (the next build reports it in its place)."""
        text = file_bytes(self.docs_dir / article.src_uri).decode("utf-8")
        return body_of(text)

    def path_of(self, article: Article) -> str:
        """The article's address inside the site: `2022/06/slug/`."""
        return self.dest_uris[article.src_uri].removesuffix("index.html")


def check_url_format(url_format: str) -> str:
    """The format itself, or a ValueError naming what is wrong with it."""
    try:
        sample = url_format.format(yyyy="2022", mm="06", dd="23", slug="tin", name="tin")
    except (KeyError, IndexError, ValueError) as error:
        fields = ", ".join("{" + name + "}" for name in URL_FIELDS)
        raise ValueError(f'url_format: "{url_format}" chỉ được dùng {fields}') from error
    unique = "{slug}" in url_format or "{name}" in url_format
    if not unique or sample.startswith("/"):
        raise ValueError(
            f'url_format: "{url_format}" phải là đường dẫn tương đối, có {{slug}} hoặc {{name}}'
        )
    return url_format


def dest_uri(article: Article, settings: Settings) -> str:
    """Where the article's page is written: `2022/06/slug/index.html` for `{yyyy}/{mm}/{slug}/`.

    `{name}` is the file's own name, made a slug: for sites whose URLs follow their files.
    """
    local = article.date.astimezone(settings.zone)
    url = settings.url_format.format(
        yyyy=f"{local.year:04d}",
        mm=f"{local.month:02d}",
        dd=f"{local.day:02d}",
        slug=article.slug,
        name=slugify(without_suffix(article.src_uri.rpartition("/")[2])) or article.slug,
    )
    return url + "index.html" if url.endswith("/") else url


def load(
    docs_dir: Path,
    src_uris: Iterable[str],
    settings: Settings,
    exists: FileExists,
    shown_dir: str = "docs",
    taken: Mapping[str, str] | None = None,
    reader: ArticlesReader = read_articles,
) -> Catalog:
    """Read every article (with `reader`, `read_articles` or a cache of it); `taken` maps the
    output paths of other pages to their sources."""
    catalog = Catalog(docs_dir, shown_dir=shown_dir)
    sources = [
        ArticleFile(src_uri, docs_dir / src_uri, Problems(f"{shown_dir}/{src_uri}"))
        for src_uri in sorted(src_uris)
    ]
    catalog.articles = [a for a in reader(sources, settings.zone, exists) if a is not None]
    for article in catalog.articles:  # read now or kept: compared often (`shared_offset`)
        article.date = shared_offset(article.date)
        article.updated = article.updated and shared_offset(article.updated)
    for source in sources:
        catalog.problems.extend(source.problems.items)
    _assign_urls(catalog, settings, shown_dir, taken or {})
    _assign_ids(catalog, settings.articles_dir, shown_dir)
    return catalog


def _assign_urls(
    catalog: Catalog, settings: Settings, shown_dir: str, taken: Mapping[str, str]
) -> None:
    """Give each article its output path; two pages on one URL is an error naming both."""
    owners: dict[str, Article] = {}
    clashing: list[Article] = []
    for article in catalog.articles:
        dest = dest_uri(article, settings)
        url = "/" + dest.removesuffix("index.html")
        other = owners.get(dest)
        other_src = other.src_uri if other else taken.get(dest)
        if other_src is not None and not article.draft:
            for src, line, rival in _pair(article, other, other_src):
                catalog.problems.append(
                    Problem(
                        f"{shown_dir}/{src}",
                        line,
                        1,
                        "url",
                        f"{url} cũng là địa chỉ của {shown_dir}/{rival} "
                        "(cần: tiêu đề khác, hoặc một trường slug:)",
                    )
                )
            clashing.append(article)
            continue
        if not article.draft:
            owners[dest] = article
        catalog.dest_uris[article.src_uri] = dest
    # An article without an address of its own has no page, even in the preview.
    left_out = {id(article) for article in clashing}
    catalog.articles = [article for article in catalog.articles if id(article) not in left_out]


def _pair(article: Article, other: Article | None, other_src: str) -> list[tuple[str, int, str]]:
    """The problem's place in each file of a clash (the other may be a page, not an article)."""
    places = [(article.src_uri, article.line, other_src)]
    if other is not None:
        places.append((other.src_uri, other.line, article.src_uri))
    return places


def article_id(src_uri: str, articles_dir: str) -> str:
    """`articles/2024/03/Khởi công.md` → `2024-03-khoi-cong`."""
    folder = _folder(articles_dir)
    inside = src_uri.removeprefix(f"{folder}/") if folder != "." else src_uri
    return slugify(without_suffix(inside), max_length=200) or "bai-viet"


def without_suffix(path: str) -> str:
    """A docs path (relative, normalized, as MkDocs gives it) without the suffix of its last
    part, as `PurePosixPath.with_suffix("")` makes it (`a/b.c.md` → `a/b.c`, `.md` stays), in
    string operations: for every article at every build, a tenth of the time."""
    folder, slash, name = path.rpartition("/")
    dot = name.rfind(".")
    return folder + slash + (name[:dot] if 0 < dot < len(name) - 1 else name)


@lru_cache(maxsize=8)
def _folder(path: str) -> str:
    """A folder as `PurePosixPath` writes it (`articles/` → `articles`, `./a` → `a`)."""
    return PurePosixPath(path).as_posix()


def _assign_ids(catalog: Catalog, articles_dir: str, shown_dir: str) -> None:
    """Give each article its id; two files with one id (`a/b.md`, `a-b.md`) is an error."""
    owners: dict[str, Article] = {}
    for article in catalog.articles:
        made = article_id(article.src_uri, articles_dir)
        other = owners.setdefault(made, article)
        if other is not article:
            catalog.problems.append(
                Problem(
                    f"{shown_dir}/{article.src_uri}",
                    1,
                    1,
                    "",
                    f"mã {made} của bài (dùng cho bình luận) trùng với {shown_dir}/{other.src_uri} "
                    "(cần: tên tệp khác nhau không chỉ ở dấu - và /)",
                )
            )
        catalog.ids[article.src_uri] = made
