"""What a build logs is true: the count of pages written, links that work (never "excluded"),
and the full address of each page the preview alone shows."""

from __future__ import annotations

import logging
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from bulletin.build.progress import Progress
from bulletin.views.indexes import Indexes, build_indexes
from sites import article, build_site, mkdocs_log, site_yml, write_site

WRITTEN = re.compile(r"writing pages: ([\d,]+)/([\d,]+) pages")
MADE_AGAIN = re.compile(r"page cache: [\d,]+ pages as they were, [1-9][\d,]* made again")
REPO = Path(__file__).resolve().parent.parent


def written(messages: list[str]) -> tuple[int, int]:
    [found] = [match for message in messages if (match := WRITTEN.search(message))]
    done, total = (int(number.replace(",", "")) for number in found.groups())
    return done, total


def build(config: Path, site: Path, command: str = "build") -> list[str]:
    with mkdocs_log(logging.INFO) as messages:
        build_site(config, site, command)
    return messages


def retitled(root: Path) -> None:
    """A title every other article's "Tin khác" shows: their pages are made again."""
    path = root / "docs/articles/2024/05/tin-3.md"
    path.write_text(path.read_text(encoding="utf-8").replace("Tin số 3", "Tin đã sửa"))


def sample(root: Path, workers: int) -> Path:
    """A copy of the sample site (its page cache beside it); its mkdocs.yml."""
    for folder in ("docs", "overrides"):
        shutil.copytree(REPO / folder, root / folder)
    yml = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    options = f"      search: false\n      workers: {workers}\n"
    config = root / "mkdocs.yml"
    config.write_text(yml.replace("      articles_dir:", options + "      articles_dir:"))
    return config


def retitle(root: Path) -> None:
    """A title other articles' "Tin khác" show: their pages are made again, not the pages of
    the people they name, which they link to."""
    path = root / "docs/articles/2024/03/khai-mac-le-hoi-dinh-phuoc-lam.md"
    text = path.read_text(encoding="utf-8")
    assert "năm 2024" in text
    path.write_text(text.replace("năm 2024", "lần thứ 20", 1), encoding="utf-8")


@pytest.mark.parametrize("workers", [1, 2])
def test_a_rebuild_counts_the_pages_it_writes_once_and_calls_no_link_excluded(
    tmp_path: Path, workers: int
) -> None:
    config = sample(tmp_path, workers)
    first = build(config, tmp_path / "site")
    pages = written(first)
    assert pages[0] == pages[1] > 100
    retitle(tmp_path)
    again = build(config, tmp_path / "site")
    assert written(again) == pages, [line for line in again if "writing" in line]
    assert MADE_AGAIN.search("\n".join(again))  # some pages were made again
    assert [line for line in [*first, *again] if "excluded" in line] == []


def test_the_preview_logs_the_full_address_of_drafts_and_embargoed_articles(
    tmp_path: Path,
) -> None:
    drafts = {
        "articles/a.md": article("Tin nháp", "2022-06-24", "draft: true\n"),
        "articles/b.md": article("Tin hẹn giờ", "2099-01-15 08:00"),
    }
    yml = site_yml().replace("https://example.org/", "http://127.0.0.1:8000/ban-tin/")
    messages = build(write_site(tmp_path, drafts, yml), tmp_path / "site", "serve")
    assert [line for line in messages if "Xem trước" in line] == [
        "bulletin: Xem trước (bản nháp): http://127.0.0.1:8000/ban-tin/2022/06/tin-nhap/ "
        "(docs/articles/a.md)",
        "bulletin: Xem trước (chưa đến giờ đăng): "
        "http://127.0.0.1:8000/ban-tin/2099/01/tin-hen-gio/ (docs/articles/b.md)",
    ]


def test_the_indexes_are_built_in_the_indexing_phase_not_the_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The log's phases say where the time went: the people, documents and archives are
    indexed after the line of the reading, in the phase named for them."""
    steps: list[str] = []
    phase = Progress.phase

    def noting_phase(self: Progress, name: str, total: int = 0) -> None:
        steps.append(name)
        phase(self, name, total)

    def noting_indexes(*args: Any) -> Indexes:
        steps.append("(the indexes built)")
        return build_indexes(*args)

    monkeypatch.setattr(Progress, "phase", noting_phase)
    monkeypatch.setattr("bulletin.publication.build_indexes", noting_indexes)
    config = write_site(tmp_path, {"articles/2024/05/tin.md": article("Tin", "2024-05-02")})
    build(config, tmp_path / "site")
    built = steps.index("(the indexes built)")
    assert steps[built - 1] == "indexing 1 articles: people, documents, archives", steps
