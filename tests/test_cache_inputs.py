"""The page cache's key is complete: each input every page is made of, changed, gives a rebuild
with the cache byte for byte the site a clean build makes; an input the key cannot see turns
the cache off with one notice."""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

import pytest
from mkdocs.config import load_config
from pymdownx.superfences import fence_code_format

from bulletin.cache import folders
from bulletin.cache.folders import Memo, content_digests
from bulletin.cache.pages import UnseenInput, plain
from bulletin.mkdocs_plugin import cache_inputs
from bulletin.mkdocs_plugin.cache_inputs import site_key
from bulletin.mkdocs_plugin.markdown_inputs import extensions_key
from sites import (
    OVERRIDES,
    article,
    cached_build,
    edit,
    rebuild_and_compare,
    site_yml,
    write_site,
)

ARTICLES = {
    f"articles/2024/05/tin-{n}.md": article(
        f"Tin số {n}",
        f"2024-05-0{n} 08:00",
        extra='speakers: ["Nguyễn Văn An"]\n',
        body=f"## Mục {n}\n\nÔng Nguyễn Văn An phát biểu.\n",
    )
    for n in range(1, 6)
}
ARTICLE = "2024/05/tin-so-1/index.html"


def _site(markdown: str = "", theme: str = "overrides") -> Callable[[Path], Path]:
    """A site with Bulletin's templates copied to `theme` (its custom_dir) and `markdown`
    (YAML lines of mkdocs.yml)."""

    def write(root: Path) -> Path:
        shutil.copytree(OVERRIDES, root / theme)
        yml = site_yml(options="      search: false\n").replace(str(OVERRIDES), str(root / theme))
        return write_site(root, ARTICLES, yml + markdown)

    return write


def _served(root: Path) -> None:
    """Built again unchanged, the site comes whole from the cache: it is on, and serves."""
    again = cached_build(root / "mkdocs.yml", root / "again")
    assert again.made == 0 and again.reused > 10


def _page(site: Path, path: str = ARTICLE) -> str:
    return (site / path).read_text(encoding="utf-8")


# End to end: one input changed, the rebuild with the cache is the clean build


def test_an_extensions_configuration_is_in_the_key(tmp_path: Path) -> None:
    """toc's slugify from pymdownx.slugs is a functools.partial: its arguments are the
    configuration (the key once saw its type alone)."""
    slugify = (
        "markdown_extensions:\n  - toc:\n"
        "      slugify: !!python/object/apply:pymdownx.slugs.slugify {kwds: {case: lower}}\n"
    )
    change = edit("mkdocs.yml", "case: lower", "case: none")
    rebuilt = rebuild_and_compare(tmp_path, _site(slugify), change)
    assert 'id="Mục-1"' in _page(rebuilt.site)
    _served(tmp_path)


def test_the_files_snippets_reads_are_in_the_key(tmp_path: Path) -> None:
    """pymdownx.snippets appends a file of its base_path to every page."""
    snippets = tmp_path / "snippets"
    snippets.mkdir()
    (snippets / "nguon.md").write_text("Nguồn: Văn phòng UBND tỉnh.\n", encoding="utf-8")
    config = (
        f"markdown_extensions:\n  - pymdownx.snippets:\n      base_path: [{snippets}]\n"
        "      auto_append: [nguon.md]\n      check_paths: true\n"
    )
    change = edit("snippets/nguon.md", "Văn phòng UBND tỉnh", "Sở Tư pháp")
    rebuilt = rebuild_and_compare(tmp_path, _site(config), change)
    assert "Nguồn: Sở Tư pháp." in _page(rebuilt.site)
    _served(tmp_path)


SHOUT = """
from markdown import Extension
from markdown.postprocessors import Postprocessor

WORD = "phát biểu"


class Shout(Postprocessor):
    def run(self, text):
        return text.replace(WORD, WORD.upper())


class ShoutExtension(Extension):
    def extendMarkdown(self, md):
        md.postprocessors.register(Shout(md), "shout", 1)


def makeExtension(**configs):
    return ShoutExtension(**configs)
"""


def test_an_unknown_extension_turns_the_cache_off(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A user's own extension may read anything (here: its module's WORD): the cache is off,
    with one notice that names it."""
    code = tmp_path / "code"
    code.mkdir()
    (code / "bulletin_test_shout.py").write_text(SHOUT, encoding="utf-8")
    monkeypatch.syspath_prepend(str(code))

    def add(root: Path) -> None:
        config = root / "mkdocs.yml"
        text = config.read_text(encoding="utf-8")
        config.write_text(text + "markdown_extensions:\n  - bulletin_test_shout\n", "utf-8")

    rebuilt = rebuild_and_compare(tmp_path, _site(), add, cache=False)  # the first one: on
    notice = (
        "bulletin: page cache off: the Markdown extension bulletin_test_shout may read what "
        "the key does not see: it knows those of Python-Markdown, PyMdown Extensions, "
        "Material and Bulletin"
    )
    assert rebuilt.messages.count(notice) == 1, rebuilt.messages
    assert "PHÁT BIỂU" in _page(rebuilt.site)


def test_a_theme_file_inside_an_installed_package_is_in_the_key(tmp_path: Path) -> None:
    """A theme folder in site-packages is keyed by its files, not by a version."""
    theme = "lib/site-packages/bulletin_theme"
    change = edit(f"{theme}/article.html", "{% block content %}", "{% block content %}<!-- v2 -->")
    rebuilt = rebuild_and_compare(tmp_path, _site(theme=theme), change)
    assert rebuilt.reused == 0
    assert "<!-- v2 -->" in _page(rebuilt.site)
    _served(tmp_path)


def test_the_build_date_is_in_the_key_of_templates_that_print_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An override that prints `build_date_utc` gets a fresh page when SOURCE_DATE_EPOCH
    changes; the sample's templates print no such date: their pages stay in the cache (CI's
    SOURCE_DATE_EPOCH is the last commit's time)."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01

    def next_day(root: Path) -> None:
        monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767312000")

    def printing(root: Path) -> Path:
        config = _site()(root)
        block = "{% block content %}"
        edit("overrides/article.html", block, block + "<!-- {{ build_date_utc }} -->")(root)
        return config

    rebuilt = rebuild_and_compare(tmp_path / "prints", printing, next_day)
    assert "<!-- 2026-01-02 00:00:00+00:00 -->" in _page(rebuilt.site)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    sample = rebuild_and_compare(tmp_path / "sample", _site(), next_day)
    assert sample.made == 0 and sample.reused > 10


# Units: what the key cannot see, the memo


def test_nested_configuration_is_keyed_whole_and_unseen_code_is_an_error() -> None:
    fences = [{"name": "mermaid", "class": "mermaid", "format": fence_code_format}]
    named = "<pymdownx.superfences.fence_code_format>"
    keyed = [{"name": "mermaid", "class": "mermaid", "format": named}]
    deep = {"custom_fences": [{"inner": [{"deeper": fences}]}]}
    assert plain(deep) == {"custom_fences": [{"inner": [{"deeper": keyed}]}]}
    lower, none = (partial(fence_code_format, classes=[case]) for case in ("lower", "none"))
    assert plain(lower) != plain(none)  # arguments, not only the function

    def local() -> None: ...

    local.__module__ = "bulletin_test_nowhere"
    with pytest.raises(TypeError, match=r"bulletin_test_nowhere\..+local, code of no installed"):
        plain({"slugify": local})


class _Link:
    def __init__(self, inner: object) -> None:
        self.inner = inner


def test_an_object_too_deep_for_the_key_is_an_error_not_a_cut() -> None:
    assert plain(_Link(_Link("x")))
    with pytest.raises(TypeError, match="an object the key cannot read"):
        plain(_Link(_Link(_Link(_Link(_Link("x"))))))


@pytest.mark.parametrize(
    ("extension", "config", "why"),
    [
        (
            "pymdownx.snippets",
            {"base_path": ["snippets"], "url_download": True},
            "downloads snippets (url_download: true), which the key cannot see",
        ),
        (
            "pymdownx.snippets",
            {"base_path": ["snippets"], "restrict_base_path": False},
            "reads snippets outside its base_path (restrict_base_path: false)",
        ),
        (
            "pymdownx.snippets",
            {},  # base_path ".": where MkDocs runs, the site's folder
            "reads {root}, which holds the built site (which every build changes): give it a "
            "folder of its own",
        ),
        ("pymdownx.b64", {}, "embeds the image files it reads, which the key does not see"),
    ],
)
def test_files_an_extension_reads_that_the_key_cannot_see_turn_it_off(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    extension: str,
    config: dict[str, object],
    why: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    changing = {"the built site": tmp_path / "site", "the page cache": tmp_path / ".cache"}
    with pytest.raises(UnseenInput) as raised:
        extensions_key([extension], {extension: config}, Memo(tmp_path / ".cache"), changing)
    assert str(raised.value) == f"the Markdown extension {extension} " + why.format(root=tmp_path)


def test_the_custom_icons_material_reads_are_in_the_key(tmp_path: Path) -> None:
    icons = tmp_path / "icons"
    icons.mkdir()
    (icons / "logo.svg").write_text("<svg/>", encoding="utf-8")
    config = {"pymdownx.emoji": {"options": {"custom_icons": [str(icons)]}}}

    def key() -> list[object]:
        return extensions_key(["pymdownx.emoji"], config, Memo(tmp_path / ".cache"), {})

    before = key()
    (icons / "logo.svg").write_text("<svg></svg>", encoding="utf-8")
    assert key() != before


def test_the_memo_reads_a_folder_again_when_a_file_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Same size, same mtime (set back): the ctime tells."""
    monkeypatch.setattr(folders, "RECENT", 0)
    theme = tmp_path / "theme"
    theme.mkdir()
    page = theme / "main.html"
    page.write_text("<p>một</p>", encoding="utf-8")
    memo = Memo(tmp_path / "cache")
    first = content_digests([theme], memo)
    memo.save()
    stat = page.stat()
    time.sleep(0.01)
    page.write_text("<p>mốt</p>", encoding="utf-8")
    os.utime(page, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert page.stat().st_size == stat.st_size
    folders._KNOWN.clear()  # a new process
    memo = Memo(tmp_path / "cache")
    assert memo.get(f"folder {theme}") is not None
    second = content_digests([theme], memo)
    assert second != first
    memo.save()

    def unread(paths: object) -> str:
        raise AssertionError("read again")

    folders._KNOWN.clear()
    monkeypatch.setattr(folders, "folder_digest", unread)
    assert content_digests([theme], Memo(tmp_path / "cache")) == second


def test_a_value_mkdocs_gives_that_the_key_does_not_know_turns_the_cache_off(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A later MkDocs gives templates `build_host`, which an override prints."""
    config_file = _site()(tmp_path)
    template = tmp_path / "overrides/article.html"
    template.write_text(template.read_text(encoding="utf-8") + "{{ build_host }}", "utf-8")
    config = load_config(str(config_file))
    given = cache_inputs.get_context

    def later(*args: object) -> dict[str, object]:
        return {**given(*args), "build_host": "ci-7"}

    monkeypatch.setattr(cache_inputs, "get_context", later)
    memo = Memo(tmp_path / ".cache")
    with pytest.raises(UnseenInput) as raised:
        site_key(config, config.plugins["bulletin"].config, False, memo)
    assert str(raised.value) == (
        "the theme's templates read build_host, which MkDocs gives them and the key does not know"
    )
