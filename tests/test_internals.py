"""MkDocs' private API is used only on the versions it was tested on: elsewhere the speed
machinery is off, with one warning, and the site is the same."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from mkdocs import utils

from bulletin.mkdocs_plugin import internals
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
