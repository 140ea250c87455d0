"""Bulletin's style sheets reach pages as one file, in their order, a site's own before
Bulletin's; a page links that file alone."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from bulletin.outputs.stylesheets import BUNDLE, FOLDER, STYLESHEETS, bundle
from sites import REPO, build_site


def test_the_bundle_holds_every_style_sheet_in_order() -> None:
    content = bundle([REPO / "overrides"]).decode("utf-8")
    starts = [content.index(f"/* {name} */\n") for name in STYLESHEETS]
    assert starts == sorted(starts) and starts[0] == 0
    for name in STYLESHEETS:
        text = (REPO / "overrides" / FOLDER / name).read_text(encoding="utf-8").rstrip()
        assert text in content, name


def test_a_sites_own_style_sheet_comes_first(tmp_path: Path) -> None:
    own = tmp_path / "mine" / FOLDER
    own.mkdir(parents=True)
    (own / "bulletin-home.css").write_text(".x { color: red; }\n", encoding="utf-8")
    content = bundle([tmp_path / "mine", REPO / "overrides"]).decode("utf-8")
    assert "/* bulletin-home.css */\n.x { color: red; }\n" in content
    assert ".bulletin-front {" not in content  # Bulletin's bulletin-home.css is replaced


def test_a_missing_style_sheet_is_named(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError) as raised:
        bundle([tmp_path])
    assert str(raised.value) == (
        f"no assets/stylesheets/fonts.css in the theme's folders ({tmp_path})"
    )


def test_pages_link_the_bundle_alone(tmp_path: Path) -> None:
    site = build_site(REPO / "mkdocs.yml", tmp_path / "site")
    assert (site / BUNDLE).read_bytes() == bundle([REPO / "overrides"])
    for page in ("index.html", "chuyen-muc/kinh-te/index.html", "tim-kiem/index.html"):
        html = BeautifulSoup((site / page).read_text(encoding="utf-8"), "html.parser")
        ours = [
            str(link["href"])
            for link in html.select('link[rel="stylesheet"]')
            if "bulletin" in str(link["href"]) or "fonts.css" in str(link["href"])
        ]
        assert [href.rsplit("/", 1)[-1] for href in ours] == ["bulletin-bundle.css"], page
