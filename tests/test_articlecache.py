"""Articles kept by their text: read again only when the text, or a file it names, changed."""

from __future__ import annotations

import os
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bulletin.articles.model import read_article
from bulletin.articles.problems import Problems
from bulletin.articles.reading import ArticleFile
from bulletin.cache import articles
from bulletin.cache.articles import SHARDS, STATES, ArticleCache

ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
TEXT = (
    "---\ntitle: Hội nghị\ndate: 2024-05-01 08:00\ncategory: Thời sự\n"
    "image: {src: anh.png, caption: Quang cảnh}\n---\nThân bài.\n"
)
SRC = "articles/2024/05/hoi-nghi.md"


def _file(docs: Path, src_uri: str, text: str) -> ArticleFile:
    path = docs / src_uri
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return ArticleFile(src_uri, path, Problems(f"docs/{src_uri}"))


def _read(cache: ArticleCache, text: str, files: set[str], docs: Path) -> tuple[object, list[str]]:
    source = _file(docs, SRC, text)
    [article] = cache.read_all([source], ZONE, files.__contains__)
    return article, [str(problem) for problem in source.problems.items]


def _fresh(text: str, files: set[str]) -> tuple[object, list[str]]:
    problems = Problems(f"docs/{SRC}")
    article = read_article(text, SRC, problems, ZONE, files.__contains__)
    return article, [str(problem) for problem in problems.items]


def test_an_unchanged_article_comes_back_with_its_problems(tmp_path: Path) -> None:
    first = ArticleCache(tmp_path / "articles", "k")
    read = _read(first, TEXT, set(), tmp_path / "docs")
    assert read == _fresh(TEXT, set()) and read[1], "the missing image is a problem"
    first.save()
    kept = b"".join(path.read_bytes() for path in (tmp_path / "articles").iterdir())
    assert "Thân bài".encode() not in kept  # the article's own file has it
    second = ArticleCache(tmp_path / "articles", "k")
    assert _read(second, TEXT, set(), tmp_path / "docs") == read
    assert second.hits == 1


def test_a_changed_text_or_file_reads_it_again(tmp_path: Path) -> None:
    first = ArticleCache(tmp_path / "articles", "k")
    _read(first, TEXT, set(), tmp_path / "docs")
    first.save()
    second = ArticleCache(tmp_path / "articles", "k")
    image = {"articles/2024/05/anh.png"}
    assert _read(second, TEXT, image, tmp_path / "docs") == _fresh(
        TEXT, image
    )  # the image is there now
    changed = TEXT.replace("Hội nghị", "Hội thảo")
    assert _read(second, changed, set(), tmp_path / "docs") == _fresh(changed, set())
    assert second.hits == 0


def test_another_key_or_a_damaged_file_reads_everything(tmp_path: Path) -> None:
    first = ArticleCache(tmp_path / "articles", "k")
    _read(first, TEXT, set(), tmp_path / "docs")
    first.save()
    assert not any(ArticleCache(tmp_path / "articles", "other").kept)
    for path in (tmp_path / "articles").iterdir():
        path.write_bytes(b"\x80 damaged")
    again = ArticleCache(tmp_path / "articles", "k")
    assert not any(again.kept) and _read(again, TEXT, set(), tmp_path / "docs") == _fresh(
        TEXT, set()
    )


def test_only_what_this_build_read_is_kept(tmp_path: Path) -> None:
    first = ArticleCache(tmp_path / "articles", "k")
    _read(first, TEXT, set(), tmp_path / "docs")
    _read(first, TEXT.replace("Hội nghị", "Hội thảo"), set(), tmp_path / "docs")
    first.save()
    second = ArticleCache(tmp_path / "articles", "k")
    _read(second, TEXT, set(), tmp_path / "docs")
    second.save()
    assert sum(map(len, ArticleCache(tmp_path / "articles", "k").kept)) == 1


def _read_many(cache: ArticleCache, docs: Path, changed: int | None = None) -> None:
    sources = []
    for n in range(40):
        text = TEXT.replace("Thân bài.", f"Thân bài {n}{' sửa' if n == changed else ''}.")
        sources.append(_file(docs, f"articles/2024/05/tin-{n}.md", text))
    cache.read_all(sources, ZONE, set().__contains__)
    cache.save()


def test_one_changed_article_rewrites_one_file(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    _read_many(ArticleCache(folder, "k"), tmp_path / "docs")
    before = {path.name: path.stat().st_ino for path in folder.iterdir()}
    assert 1 < len(before) <= SHARDS
    again = ArticleCache(folder, "k")
    _read_many(again, tmp_path / "docs", changed=7)
    assert again.hits == 39
    after = {path.name: path.stat().st_ino for path in folder.iterdir()}
    assert sum(before[name] != after[name] for name in before) == 1  # written anew: renamed


def test_the_older_single_file_gives_way_to_the_folder(tmp_path: Path) -> None:
    (tmp_path / "articles").write_bytes(b"kept by an older version")
    cache = ArticleCache(tmp_path / "articles", "k")
    assert _read(cache, TEXT, set(), tmp_path / "docs") == _fresh(TEXT, set())
    cache.save()
    assert sum(map(len, ArticleCache(tmp_path / "articles", "k").kept)) == 1


def _unreadable(path: Path) -> bytes:
    raise AssertionError(f"{path} was read")


def test_a_file_in_the_state_it_was_read_in_is_not_read_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = ArticleCache(tmp_path / "articles", "k", settled=0)
    read = _read(first, TEXT, set(), tmp_path / "docs")
    assert first.read == 1
    first.save()
    again = ArticleCache(tmp_path / "articles", "k", settled=0)
    source = ArticleFile(SRC, tmp_path / "docs" / SRC, Problems(f"docs/{SRC}"))
    with monkeypatch.context() as patched:
        patched.setattr(articles, "file_bytes", _unreadable)
        [article] = again.read_all([source], ZONE, set().__contains__)
    assert (article, [str(problem) for problem in source.problems.items]) == read
    assert again.read == 0 and again.hits == 1
    assert again.sources == first.sources  # the key its pages are kept by


def test_a_file_changed_touched_or_shown_elsewhere_is_read_again(tmp_path: Path) -> None:
    docs, folder = tmp_path / "docs", tmp_path / "articles"
    first = ArticleCache(folder, "k", settled=0)
    _read(first, TEXT, set(), docs)
    first.save()
    longer = TEXT.replace("Thân bài.", "Thân bài dài hơn.")
    changed = ArticleCache(folder, "k", settled=0)
    assert _read(changed, longer, set(), docs) == _fresh(longer, set())
    assert changed.read == 1 and changed.hits == 0
    changed.save()
    path = docs / SRC
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns - 10**9))
    touched = ArticleCache(folder, "k", settled=0)
    source = ArticleFile(SRC, path, Problems(f"docs/{SRC}"))
    assert touched.read_all([source], ZONE, set().__contains__) == [_fresh(longer, set())[0]]
    assert touched.read == 1 and touched.hits == 1  # its bytes read: the article as kept
    touched.save()
    elsewhere = ArticleCache(folder, "k", settled=0)
    moved = ArticleFile(SRC, path, Problems(f"site/{SRC}"))
    elsewhere.read_all([moved], ZONE, set().__contains__)
    assert elsewhere.read == 1 and moved.problems.items[0].path == f"site/{SRC}"


def test_a_file_changed_just_before_its_reading_is_read_by_the_next_build(
    tmp_path: Path,
) -> None:
    """Written again within the clock's tick at the same size, its state may be the same: a
    file changed less than `SETTLED_NS` before a build began is never known by its state."""
    docs, folder = tmp_path / "docs", tmp_path / "articles"
    first = ArticleCache(folder, "k")
    _read(first, TEXT, set(), docs)
    first.save()
    same_size = TEXT.replace("Hội nghị", "Hội thảo")
    assert len(same_size.encode()) == len(TEXT.encode())
    (docs / SRC).write_text(same_size, encoding="utf-8")
    again = ArticleCache(folder, "k")
    assert not again.known
    assert _read(again, same_size, set(), docs) == _fresh(same_size, set())
    assert again.read == 1


def test_kept_states_of_another_key_or_damaged_are_not_used(tmp_path: Path) -> None:
    docs, folder = tmp_path / "docs", tmp_path / "articles"
    first = ArticleCache(folder, "k", settled=0)
    _read(first, TEXT, set(), docs)
    first.save()
    assert ArticleCache(folder, "k", settled=0).known
    assert not ArticleCache(folder, "other", settled=0).known
    (folder / STATES).write_bytes(b"\x80 damaged")
    damaged = ArticleCache(folder, "k", settled=0)
    assert not damaged.known
    assert _read(damaged, TEXT, set(), docs) == _fresh(TEXT, set()) and damaged.read == 1


def test_the_states_are_written_again_only_when_one_changed(tmp_path: Path) -> None:
    docs, folder = tmp_path / "docs", tmp_path / "articles"
    first = ArticleCache(folder, "k", settled=0)
    _read(first, TEXT, set(), docs)
    first.save()
    written = (folder / STATES).stat().st_ino
    source = ArticleFile(SRC, docs / SRC, Problems(f"docs/{SRC}"))
    same = ArticleCache(folder, "k", settled=0)
    same.read_all([source], ZONE, set().__contains__)
    same.save()
    assert same.read == 0 and (folder / STATES).stat().st_ino == written
    shards = {path.name: path.stat().st_ino for path in folder.iterdir() if path.name != STATES}
    os.utime(docs / SRC, ns=(0, 10**18))
    touched = ArticleCache(folder, "k", settled=0)
    touched.read_all([source], ZONE, set().__contains__)
    touched.save()
    assert touched.read == 1 and (folder / STATES).stat().st_ino != written
    assert shards == {
        path.name: path.stat().st_ino for path in folder.iterdir() if path.name != STATES
    }


def _many(docs: Path, count: int) -> list[ArticleFile]:
    return [
        _file(docs, f"articles/2024/05/tin-{n}.md", TEXT.replace("Thân bài.", f"Thân bài {n}."))
        for n in range(count)
    ]


def _stated_by(pids: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each process that takes a file's state writes its number into `pids`."""
    state = articles._state

    def noted(source: ArticleFile) -> tuple[str, int] | None:
        with pids.open("a", encoding="utf-8") as stream:
            stream.write(f"{os.getpid()}\n")
        return state(source)

    monkeypatch.setattr(articles, "_state", noted)


def test_many_files_keys_are_made_by_another_process_while_the_kept_load(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    docs, folder = tmp_path / "docs", tmp_path / "articles"
    monkeypatch.setattr(articles, "KEYS_FORKED_FROM", 5)
    first = ArticleCache(folder, "k", settled=0)
    first.read_all(_many(docs, 6), ZONE, set().__contains__)
    first.save()
    pids = tmp_path / "pids"
    _stated_by(pids, monkeypatch)
    forked = ArticleCache(folder, "k", processes=2, settled=0)
    sources = _many(docs, 6)  # written again: each file's bytes are read for its key
    articles_read = forked.read_all(sources, ZONE, set().__contains__)
    stating = {int(pid) for pid in pids.read_text().split()}
    assert stating and os.getpid() not in stating, "every state was taken by the other process"
    assert forked.read == 6 and forked.hits == 6
    assert articles_read == [_fresh_of(source) for source in sources]
    here = ArticleCache(folder, "k", settled=0)
    here.read_all(_many_unwritten(docs, 6), ZONE, set().__contains__)
    assert forked.sources == here.sources
    forked.save()
    again = ArticleCache(folder, "k", settled=0)
    again.read_all(_many_unwritten(docs, 6), ZONE, set().__contains__)
    assert again.read == 0 and again.hits == 6, "the states it sent were kept"


def _many_unwritten(docs: Path, count: int) -> list[ArticleFile]:
    return [
        ArticleFile(f"articles/2024/05/tin-{n}.md", docs / f"articles/2024/05/tin-{n}.md",
                    Problems(f"docs/articles/2024/05/tin-{n}.md"))
        for n in range(count)
    ]  # fmt: skip


def _fresh_of(source: ArticleFile) -> object:
    text = source.path.read_text(encoding="utf-8")
    return read_article(text, source.src_uri, Problems("x"), ZONE, set().__contains__)


def test_the_keys_are_made_here_if_their_process_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    docs, folder = tmp_path / "docs", tmp_path / "articles"
    monkeypatch.setattr(articles, "KEYS_FORKED_FROM", 5)

    def failing(self: ArticleCache, sources: list[ArticleFile], started: int, send: object) -> None:
        raise OSError("the disk went away")

    monkeypatch.setattr(ArticleCache, "_send_keys", failing)
    cache = ArticleCache(folder, "k", processes=2, settled=0)
    sources = _many(docs, 6)
    assert cache.read_all(sources, ZONE, set().__contains__) == [
        _fresh_of(source) for source in sources
    ]
    assert cache.read == 6 and cache.hits == 0
