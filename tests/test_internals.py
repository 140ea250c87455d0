"""MkDocs' private API is used only on the versions it was tested on: elsewhere the speed
machinery is off, with one warning, and the site is the same."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from mkdocs import utils
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure import pages
from mkdocs.structure.files import File
from mkdocs.structure.pages import Page

from bulletin.mkdocs_plugin import internals
from bulletin.mkdocs_plugin.site_files import _named_in_nav
from sites import article, build_site, mkdocs_log, site_tree, site_yml, write_site


def test_the_installed_framework_is_one_the_machinery_was_tested_on() -> None:
    name, version = internals.framework()
    assert name in internals.TESTED
    assert internals.untested_framework() is None, (name, version)


def test_another_version_is_named_with_the_tested_ones(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(internals, "framework", lambda: ("mkdocs", "1.7.0"))
    assert internals.untested_framework() == (
        "mkdocs 1.7.0 is not a version Bulletin was tested on (mkdocs 1.6.0 1.6.1, properdocs "
        "1.6.7): the page cache and the other rendering processes are off, and MkDocs builds every "
        "page itself (the same site, more slowly)"
    )


def test_on_an_untested_version_the_site_is_the_same_without_the_machinery(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    articles = {
        f"articles/2024/05/tin-{n}.md": article(f"Tin số {n}", f"2024-05-0{n}") for n in range(1, 6)
    }
    config = write_site(tmp_path, articles, site_yml().replace("strict: true", "strict: false"))
    usual = site_tree(build_site(config, tmp_path / "usual"))
    monkeypatch.setattr(internals, "framework", lambda: ("properdocs", "1.9.0"))
    with mkdocs_log(logging.INFO) as messages:
        alone = site_tree(build_site(config, tmp_path / "alone"))
    warned = [m for m in messages if "is not a version Bulletin was tested on" in m]
    assert len(warned) == 1 and warned[0].startswith("bulletin: properdocs 1.9.0 ")
    assert not any(m.startswith("bulletin: page cache:") for m in messages)
    assert alone == usual


def test_mkdocs_memo_of_paths_can_be_emptied() -> None:
    """Pages made one at a time empty it now and then: MkDocs never bounds it."""
    utils.get_relative_url("a/b/c/", "d/e/")
    assert utils._norm_parts.cache_info().currsize > 0
    internals.forget_paths()
    assert utils._norm_parts.cache_info().currsize == 0


ADDRESSES = [
    "index.md", "a/b.md", "a/index.md", "tin tức/Đảng bộ.md", "2024/05/tin-1.md", "a/.b.md",
    "x;y.md", "x?y.md", "x#y.md", "a:b.md", "..md", "a/..b/c.md",
]  # fmt: skip
SITE_URLS = [
    "https://example.org/", "https://example.org", "https://example.org/ban-tin",
    "https://example.org/a/../b/", "https://example.org/?x=1", "/ban-tin/", "", None,
]  # fmt: skip


@pytest.mark.parametrize("site_url", SITE_URLS)
@pytest.mark.parametrize("directory_urls", [True, False])
def test_pages_made_here_are_the_ones_mkdocs_makes(
    tmp_path: Path, site_url: str | None, directory_urls: bool
) -> None:
    """Every attribute of a page `make_pages` made is what MkDocs' own `Page` gives it (the
    full address joined as text where `urljoin` would give the same, else by it); MkDocs'
    own functions are back in place after it."""
    config = MkDocsConfig()
    config.load_dict({"site_name": "Bản tin", "site_url": site_url, "docs_dir": str(tmp_path)})
    config.load_dict({"use_directory_urls": directory_urls})
    own_date, own_address = pages.get_build_date, Page._set_canonical_url
    for src in ADDRESSES:
        theirs, ours = (File(src, str(tmp_path), "site", directory_urls) for _ in range(2))
        Page(None, theirs, config)
        internals.make_pages([ours], config)
        assert ours.page is not None and theirs.page is not None
        made, expected = vars(ours.page), vars(theirs.page)
        assert made.pop("file") is ours and expected.pop("file") is theirs
        assert made == expected, src
    assert (pages.get_build_date, Page._set_canonical_url) == (own_date, own_address)


def test_pages_the_configured_menu_names_are_left_to_mkdocs() -> None:
    nav = ["index.md", {"Giới thiệu": "/gioi-thieu.md"}, {"Mục": [{"A": "./muc/a.md"}, "b.md"]}]
    named = set(_named_in_nav(nav))
    assert {"index.md", "gioi-thieu.md", "muc/a.md", "b.md"} <= named
