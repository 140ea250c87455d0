"""Reading many articles on two cores gives what reading them on one gives."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bulletin.articles import reading
from bulletin.articles.problems import Problems
from bulletin.articles.reading import ArticleFile, Read, parse_all, read_articles
from bulletin.build.workers import Send

ZONE = ZoneInfo("Asia/Ho_Chi_Minh")


def _sources(docs: Path) -> list[ArticleFile]:
    """Eight files: good ones with an image that exists or not, one without a date, one not
    in UTF-8."""
    sources = []
    for n in range(8):
        date = "" if n == 3 else "date: 2024-05-01 08:00\n"
        text = (
            f"---\ntitle: Tin {n}\n{date}category: Thời sự\n"
            f"image: {{src: anh-{n % 2}.png, caption: Ảnh}}\n---\nThân bài {n}.\n"
        )
        src_uri = f"articles/2024/05/tin-{n}.md"
        path = docs / src_uri
        path.parent.mkdir(parents=True, exist_ok=True)
        data = text.encode("utf-8")
        path.write_bytes(data.replace("Thân".encode(), b"Th\xe2n") if n == 7 else data)
        sources.append(ArticleFile(src_uri, path, Problems(f"docs/{src_uri}")))
    return sources


def _exists(path: str) -> bool:
    return path.endswith("anh-0.png")


def _seen(reads: list[Read]) -> list[tuple[object, ...]]:
    return [
        (
            None if read.article is None else (read.article.title, read.article.body_line),
            [str(problem) for problem in read.problems],
            read.asked,
        )
        for read in reads
    ]


def test_two_processes_read_what_one_reads(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(reading, "PARALLEL_FROM", 2)
    pids: list[int] = []
    parse = reading.parse

    def noting(
        source: ArticleFile, zone: ZoneInfo, exists: Callable[[str], bool], places: bool = True
    ) -> Read:
        pids.append(os.getpid())
        return parse(source, zone, exists, places)

    monkeypatch.setattr(reading, "parse", noting)
    one = parse_all(_sources(tmp_path), ZONE, _exists)
    two = parse_all(_sources(tmp_path), ZONE, _exists, processes=2)
    assert _seen(two) == _seen(one)
    assert [read.article for read in one][3] is None and one[3].problems  # no date
    assert pids.count(os.getpid()) == 8 + 4  # the other four were read in the child
    assert [str(problem) for problem in two[7].problems] == [
        "docs/articles/2024/05/tin-7.md:7:1: không phải chữ UTF-8 "
        "(byte 0xE2; cần: lưu tệp dạng UTF-8)"
    ]  # read in the child: its problem came back with the rest


def test_a_failed_second_process_leaves_its_files_to_the_first(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(reading, "PARALLEL_FROM", 2)

    def failing(*args: object) -> Callable[[Send], None]:
        def task(send: Send) -> None:
            raise RuntimeError("the child failed")

        return task

    monkeypatch.setattr(reading, "_reading", failing)
    sources = _sources(tmp_path)
    articles = read_articles(sources, ZONE, _exists, processes=2)
    assert _seen(parse_all(_sources(tmp_path), ZONE, _exists)) == _seen(
        [reading.parse(source, ZONE, _exists) for source in _sources(tmp_path)]
    )
    assert [article.title if article else None for article in articles] == [
        "Tin 0", "Tin 1", "Tin 2", None, "Tin 4", "Tin 5", "Tin 6", None,
    ]  # fmt: skip
    problems = [str(problem) for source in sources for problem in source.problems.items]
    assert any("tin-3.md" in problem for problem in problems)
    assert any("anh-1.png" in problem for problem in problems)


def test_without_places_no_article_keeps_where_its_values_stand(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The build's reading (in this process and in others): `Article.places` is for the
    editors' checks alone; everything else is as read with it."""
    monkeypatch.setattr(reading, "PARALLEL_FROM", 2)
    whole = parse_all(_sources(tmp_path), ZONE, _exists)
    assert whole[0].article is not None and whole[0].article.places["title"] == (2, 8)
    for processes in (1, 2):
        reads = parse_all(_sources(tmp_path), ZONE, _exists, processes, places=False)
        assert _seen(reads) == _seen(whole)
        assert [read.article for read in reads] == [read.article for read in whole]
        assert all(read.article.places == {} for read in reads if read.article is not None)
    sources = _sources(tmp_path)
    articles = read_articles(sources, ZONE, _exists, places=False)
    assert articles[0] is not None and articles[0].places == {}
