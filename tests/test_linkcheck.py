"""The site-wide link check: every internal address of every page names a file."""

from __future__ import annotations

from pathlib import Path

import pytest

from bulletin.build.linkcheck import (
    BrokenLink,
    base_path,
    broken_links,
    main,
    page_addresses,
    site_path,
)

PAGE = """<!doctype html><html><head>
<link rel="stylesheet" href="../../assets/site.css">
<link rel="canonical" href="https://example.org/bulletin/tin/a/">
</head><body>
<a href="../b/">b</a> <a href="../../tin/c/#muc">c</a> <a href="#top">top</a>
<a href="mailto:ban@example.org">mail</a> <a href="//cdn.example.org/x.js">cdn</a>
<img src="../../images/anh.png"
  srcset="../../images/anh-320.webp 320w, ../../images/anh-9.webp 640w">
<a href="/bulletin/tin/b/">b, from the root</a> <a href="/elsewhere/">outside the site</a>
<a href="../../../../above/">above the root</a>
<script src="../../assets/missing.js"></script>
</body></html>"""


def _site(root: Path) -> Path:
    for path in ("tin/a/index.html", "tin/b/index.html", "assets/site.css", "images/anh.png"):
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text("", encoding="utf-8")
    (root / "images/anh-320.webp").write_bytes(b"")
    (root / "tin/a/index.html").write_text(PAGE, encoding="utf-8")
    return root


def test_every_broken_internal_address_is_named_with_its_page(tmp_path: Path) -> None:
    assert broken_links(_site(tmp_path), "/bulletin/") == [
        BrokenLink("tin/a/index.html", "../../../../above/"),
        BrokenLink("tin/a/index.html", "../../assets/missing.js"),
        BrokenLink("tin/a/index.html", "../../images/anh-9.webp"),
        BrokenLink("tin/a/index.html", "../../tin/c/#muc"),
    ]
    assert str(BrokenLink("tin/a/index.html", "../x/")) == (
        "tin/a/index.html: ../x/ leads to no file of the site"
    )


def test_a_site_checked_in_two_processes_gives_the_same_answer(tmp_path: Path) -> None:
    site = _site(tmp_path)
    for number in range(250):
        page = site / f"trang/{number}/index.html"
        page.parent.mkdir(parents=True)
        page.write_text(f'<a href="../{number + 1}/">sau</a>', encoding="utf-8")
    found = broken_links(site, "/bulletin/", processes=2)
    assert found == broken_links(site, "/bulletin/")
    assert BrokenLink("trang/249/index.html", "../250/") in found
    assert len(found) == 5


def test_addresses_are_read_from_every_attribute_that_holds_one() -> None:
    addresses, base = page_addresses(
        '<base href="/x/"><video poster="p.jpg"><source srcset="a.webp 1x, b.webp 2x"></video>'
        '<object data="d.svg"></object><form action="gui/"></form>'
    )
    assert addresses == ["p.jpg", "a.webp", "b.webp", "d.svg", "gui/"]
    assert base == "/x/"


def test_an_address_resolves_against_its_page_and_the_sites_base_path() -> None:
    assert site_path("../b/", "tin/a/index.html", "/") == "tin/b/index.html"
    assert site_path("anh.png", "tin/a/index.html", "/") == "tin/a/anh.png"
    assert site_path("./", "tin/a/index.html", "/") == "tin/a/index.html"
    assert site_path("#muc", "tin/a/index.html", "/") == "tin/a/index.html"
    assert site_path("/bulletin/tin/", "404.html", "/bulletin/") == "tin/index.html"
    assert site_path("/khac/", "404.html", "/bulletin/") is None
    assert site_path("https://example.org/", "404.html", "/") is None
    assert site_path("t%E1%BB%89nh/", "index.html", "/") == "tỉnh/index.html"


def test_the_command_reads_the_base_path_from_mkdocs_yml_and_fails_on_a_broken_link(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = _site(tmp_path / "site")
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        "site_url: !ENV [SITE_URL, 'https://example.org/bulletin/']\n", encoding="utf-8"
    )
    assert base_path(config) is not None
    config.write_text("site_url: https://example.org/bulletin\n", encoding="utf-8")
    assert base_path(config) == "/bulletin/"
    assert main([str(site), "--config", str(config)]) == 1
    printed = capsys.readouterr().out.splitlines()
    assert printed[0] == "tin/a/index.html: ../../../../above/ leads to no file of the site"
    assert printed[-1] == f"4 broken internal links in 2 pages of {site}"
    (site / "tin/a/index.html").write_text('<a href="../b/">b</a>', encoding="utf-8")
    assert main([str(site), "--config", str(config)]) == 0
