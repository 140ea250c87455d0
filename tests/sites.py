"""Build real sites in temporary folders, the way `mkdocs build --strict` does."""

from __future__ import annotations

import logging
import re
import shutil
import textwrap
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort
from PIL import Image

from bulletin.build.workers import Forked, Send
from bulletin.mkdocs_plugin.plugin import GENERATOR_LOG

REPO = Path(__file__).resolve().parent.parent
OVERRIDES = REPO / "overrides"
GENERATOR_COMMAND = GENERATOR_LOG.name
"""The generator the tests run, and its command: `mkdocs` or `properdocs` (conftest.py)."""


def site_yml(nav: str = "", options: str = "") -> str:
    """The mkdocs.yml of a test site: Bulletin's templates, strict; `nav` and the plugin's
    `options` as YAML lines, if any."""
    plugin = f"  - bulletin:\n{options}" if options else "  - bulletin\n"
    return f"""
site_name: Bản tin thử
site_url: https://example.org/
strict: true
theme:
  name: material
  language: vi
  custom_dir: {OVERRIDES}
  font: false
{nav}plugins:
{plugin}"""


MKDOCS_YML = site_yml()
PHOTO_SIZE = (480, 320)
"""The photo an empty image file of a test site becomes."""


def build_site(
    config_file: Path, site_dir: Path, command: str = "build", dirty: bool = False
) -> Path:
    """Build the site of `config_file` into `site_dir` and return `site_dir`.

    `command="serve"` builds as `make serve` does (`mkdocs serve --no-strict`), unserved;
    `dirty` as `mkdocs build --dirty`.
    """
    overrides = {"strict": False} if command == "serve" else {}
    config = load_config(str(config_file), site_dir=str(site_dir), **overrides)
    config.plugins.on_startup(command=command, dirty=dirty)
    try:
        build(config, dirty=dirty)
    finally:
        config.plugins.on_shutdown()
    return site_dir


def site_tree(site: Path) -> dict[str, bytes]:
    """Every file of a built site and its bytes (the gzipped ones are written with the time
    zeroed: the sitemap's, the search index's)."""
    tree = {}
    for path in sorted(site.rglob("*")):
        if path.is_file():
            tree[path.relative_to(site).as_posix()] = path.read_bytes()
    return tree


def write_site(root: Path, articles: dict[str, str], config: str = MKDOCS_YML) -> Path:
    """Write an mkdocs.yml, a home page and `articles` (paths under docs/); return the config.
    An empty `.png` or `.jpg` is a photo (`PHOTO_SIZE`), as a lead photo must be."""
    (root / "docs").mkdir(parents=True, exist_ok=True)
    (root / "docs" / "index.md").write_text("# Trang chủ\n", encoding="utf-8")
    for path, text in articles.items():
        target = root / "docs" / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if not text and target.suffix in (".png", ".jpg"):
            Image.new("RGB", PHOTO_SIZE, (120, 40, 40)).save(target)
            continue
        target.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    config_file = root / "mkdocs.yml"
    config_file.write_text(textwrap.dedent(config), encoding="utf-8")
    return config_file


def article(title: str, date: str, extra: str = "", body: str = "Thân bài.\n") -> str:
    return f"---\ntitle: {title}\ndate: {date}\ncategory: Thời sự\n{extra}---\n{body}"


class _Collect(logging.Handler):
    def __init__(self, level: int) -> None:
        super().__init__(level)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def mkdocs_log(level: int = logging.WARNING) -> Iterator[list[str]]:
    """What MkDocs (or ProperDocs) and its plugins log at `level` and above while the block
    runs."""
    handler, logger = _Collect(level), GENERATOR_LOG
    before = logger.level
    if level < logging.WARNING:
        logger.setLevel(level)
    logger.addHandler(handler)
    try:
        yield handler.messages
    finally:
        logger.removeHandler(handler)
        logger.setLevel(before)


def failed_build(config_file: Path, site_dir: Path) -> list[str]:
    """Build a site that must fail; return what MkDocs logged as warnings and errors."""
    with mkdocs_log() as messages, pytest.raises(Abort):
        build_site(config_file, site_dir)
    return messages


def edit(path: str, old: str, new: str) -> Callable[[Path], None]:
    """A change to a site: `old` (which must be there) becomes `new` in the file at `path`."""

    def change(root: Path) -> None:
        target = root / path
        text = target.read_text(encoding="utf-8")
        assert old in text
        target.write_text(text.replace(old, new), encoding="utf-8")

    return change


CACHE_LINE = re.compile(r"page cache: ([\d,]+) pages as they were, ([\d,]+) made again")


@dataclass
class Rebuilt:
    """A build with the page cache: its site, the pages it took from the cache and those it
    made, what it logged."""

    site: Path
    reused: int
    made: int
    messages: list[str] = field(default_factory=list)
    before: dict[str, bytes] = field(default_factory=dict)
    """The site as the build before this one left it (`rebuild_and_compare`)."""


def cached_build(config: Path, site: Path, command: str = "build", cache: bool = True) -> Rebuilt:
    """Build; the page cache says how much it gave (`cache`), or is off and says nothing of
    pages."""
    with mkdocs_log(logging.INFO) as messages:
        build_site(config, site, command)
    found = [match for match in map(CACHE_LINE.search, messages) if match]
    assert len(found) == (1 if cache else 0), messages
    numbers = [int(number.replace(",", "")) for number in found[0].groups()] if found else [0, 0]
    return Rebuilt(site, numbers[0], numbers[1], messages)


def rebuild_and_compare(
    root: Path, write: Callable[[Path], Path], change: Callable[[Path], None], cache: bool = True
) -> Rebuilt:
    """Write a site (`write`: its mkdocs.yml), build it, change it, build again into the same
    folder with the cache (on, or off as `cache` says: the build writes only what changed),
    build again without: both the same site."""
    config = write(root)
    first = cached_build(config, root / "first")
    assert first.reused == 0 and first.made > 10
    before = site_tree(first.site)
    change(root)
    cached = cached_build(config, root / "first", cache=cache)
    cached.before = before
    shutil.rmtree(root / ".cache" / "bulletin" / "pages")
    clean = cached_build(config, root / "clean", cache=cache)
    assert clean.reused == 0
    assert site_tree(cached.site) == site_tree(clean.site)
    return cached


def forks_named(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the processes the build forks from now on (`RenderingProcesses`), in
    the order they are forked."""
    names: list[str] = []

    def fork(
        task: Callable[[Send], None], on_message: Callable[[object], None], name: str
    ) -> Forked:
        names.append(name)
        return Forked(task, on_message, name)

    monkeypatch.setattr("bulletin.mkdocs_plugin.rendering.Forked", fork)
    return names
