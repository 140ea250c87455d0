"""Pages share a rendering of the menu exactly when every address in it comes out the same."""

from __future__ import annotations

import random

from mkdocs.utils import get_relative_url

from bulletin.build.sharing import SharedRendering, page_folders, url_parts

FOLDERS = ["chuyen-muc", "kinh-te", "luu-tru", "2020", "01", "02", "trang", "2", "nguoi"]


def _random_url(rng: random.Random) -> str:
    parts = [rng.choice(FOLDERS) for _ in range(rng.randrange(0, 5))]
    url = "/".join(parts) + ("/" if parts else "")
    return url if rng.random() < 0.9 or not parts else url[:-1] + ".html"


def test_the_key_is_equal_exactly_when_every_relative_address_is() -> None:
    rng = random.Random(15)
    for _ in range(120):
        targets = sorted({_random_url(rng) for _ in range(rng.randrange(1, 8))} - {""})
        sharing = SharedRendering(targets)
        pages = [_random_url(rng) for _ in range(25)]
        for first in pages:
            for second in pages:
                same_links = all(
                    get_relative_url(t, first) == get_relative_url(t, second) for t in targets
                )
                same_base = get_relative_url(".", first) == get_relative_url(".", second)
                same_key = sharing.key(first) == sharing.key(second)
                assert same_key == (same_links and same_base), (targets, first, second)


def test_the_archive_and_a_category_page_of_one_depth_do_not_share() -> None:
    sharing = SharedRendering(["chuyen-muc/kinh-te/", "luu-tru/", ""])
    day, category_page = "luu-tru/2020/01/02/", "chuyen-muc/kinh-te/trang/2/"
    assert get_relative_url("chuyen-muc/kinh-te/", day) == "../../../../chuyen-muc/kinh-te/"
    assert get_relative_url("chuyen-muc/kinh-te/", category_page) == "../../"
    assert sharing.key(day) != sharing.key(category_page)
    assert sharing.key("2020/01/tin-a/") == sharing.key("2021/05/tin-b/")


def test_folders_are_split_as_mkdocs_splits_them() -> None:
    assert url_parts("a/b/") == ("a", "b")
    assert url_parts("") == ()
    assert url_parts("a/../b/") == ("b",)
    assert page_folders("404.html") == ()
    assert page_folders("tin/ban-in.html") == ("tin",)
    assert page_folders("tin/") == ("tin",)
