"""`aliases:`: each old address of an article gets a page that sends readers on."""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup

from sites import REPO, article, build_site, failed_build, write_site

CONFIG = f"""
site_name: Bản tin thử
site_url: https://example.org/ban-tin/
strict: true
theme: {{name: material, language: vi, custom_dir: {REPO / "overrides"}, font: false}}
plugins: [bulletin]
"""


def test_old_addresses_redirect_to_the_article(tmp_path: Path) -> None:
    files = {
        "articles/a.md": article(
            "Tin <mới>", "2022-06-23", "aliases: [/2020/01/tin-cu/, tin-cu.html]\n"
        )
    }
    site = build_site(write_site(tmp_path, files, CONFIG), tmp_path / "site")
    target = "https://example.org/ban-tin/2022/06/tin-moi/"
    for path in ("2020/01/tin-cu/index.html", "tin-cu.html"):
        page = BeautifulSoup((site / path).read_text(encoding="utf-8"), "html.parser")
        refresh = page.select_one('meta[http-equiv="refresh"]')
        assert refresh is not None and refresh["content"] == f"0; url={target}"
        canonical = page.select_one('link[rel="canonical"]')
        assert canonical is not None and canonical["href"] == target
        link = page.select_one("body a")
        assert link is not None and link.get_text() == "Tin <mới>"
    assert (site / "2022/06/tin-moi/index.html").is_file()


def test_an_old_address_cannot_be_that_of_a_page(tmp_path: Path) -> None:
    files = {
        "articles/a.md": article("Tin A", "2022-06-23", "aliases: [/2022/06/tin-b/]\n"),
        "articles/b.md": article("Tin B", "2022-06-24", "aliases: [/gioi-thieu/, /cu/]\n"),
        "articles/c.md": article("Tin C", "2022-06-25", "aliases: [/cu/]\n"),
        "gioi-thieu.md": "# Giới thiệu\n",
    }
    [error] = failed_build(write_site(tmp_path, files, CONFIG), tmp_path / "site")
    assert error.splitlines()[1:] == [
        "docs/articles/a.md:2:1: aliases: /2022/06/tin-b/ đã là địa chỉ của một trang đang có "
        "của trang web (cần: một địa chỉ cũ)",
        "docs/articles/b.md:2:1: aliases: /gioi-thieu/ đã là địa chỉ của một trang đang có của "
        "trang web (cần: một địa chỉ cũ)",
        "docs/articles/c.md:2:1: aliases: /cu/ đã là địa chỉ của docs/articles/b.md "
        "(cần: một địa chỉ cũ)",
    ]
