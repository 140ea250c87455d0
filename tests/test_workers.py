"""The build's other processes: what they send reaches the first, their warnings count under
--strict, their failures stop the build, and a site built by several processes is the same, byte
for byte, as one built by MkDocs alone."""

from __future__ import annotations

import fcntl
import gc
import os
import signal
import threading
import time
from pathlib import Path

import pytest

from bulletin.build.workers import (
    CHUNK,
    CHUNKS,
    PIPE_BYTES,
    Dealer,
    Forked,
    Send,
    ThreadsRunning,
    WorkerError,
    thread_count,
)
from bulletin.mkdocs_plugin.plugin import GENERATOR_LOG
from sites import (
    article,
    build_site,
    failed_build,
    forks_named,
    mkdocs_log,
    site_tree,
    site_yml,
    write_site,
)
from test_search import write_search_site


def test_what_the_child_sends_and_logs_reaches_the_parent() -> None:
    received: list[object] = []
    parent = os.getpid()

    def task(send: Send) -> None:
        for number in range(500):  # more than a pipe holds at once
            send(("trang", number, os.getpid() != parent))
        GENERATOR_LOG.getChild("plugins.bulletin").warning("bulletin: cảnh báo từ tiến trình hai")

    with mkdocs_log() as warnings:
        worker = Forked(task, received.append)
        worker.join()
    assert received == [("trang", number, True) for number in range(500)]
    assert warnings == ["bulletin: cảnh báo từ tiến trình hai"]


def test_a_failing_child_is_an_error_with_its_traceback() -> None:
    def task(send: Send) -> None:
        raise ValueError("hỏng ở tiến trình hai")

    worker = Forked(task, lambda message: None)
    with pytest.raises(WorkerError, match="ValueError: hỏng ở tiến trình hai"):
        worker.join()


def test_a_child_can_be_stopped() -> None:
    started = threading.Event()

    def task(send: Send) -> None:
        send("bắt đầu")
        threading.Event().wait(60)

    worker = Forked(task, lambda message: started.set())
    worker.listen()
    assert started.wait(10)
    worker.stop()  # returns: the child is gone


SITEMAP_PROCESS = "the process of the sitemap"

AUTO_MENU = {  # no nav: in mkdocs.yml: the menu's titles come from the pages' Markdown
    "index.md": "# Bản tin thử nghiệm\n",
    "gioi-thieu.md": "# Giới thiệu\n\nVề bản tin.\n",
    **{
        f"articles/2024/05/tin-{n}.md": article(f"Tin {n}", f"2024-05-0{n} 08:00")
        for n in range(1, 7)
    },
}


@pytest.mark.parametrize("menu", ["in mkdocs.yml", "from the pages"])
def test_two_processes_build_the_same_site_as_one(tmp_path: Path, menu: str) -> None:
    if menu == "in mkdocs.yml":
        config = write_search_site(tmp_path)
    else:
        config = write_site(tmp_path, AUTO_MENU, site_yml(options="      search: false\n"))
    two = build_site(config, tmp_path / "two")
    config.write_text(config.read_text() + "      workers: 1\n", encoding="utf-8")
    one = build_site(config, tmp_path / "one")
    assert site_tree(two) == site_tree(one)
    assert len([name for name in site_tree(one) if name.endswith(".html")]) > 12
    # Written by the second process (`_aside`) while the first takes pages, by the only one.
    for name in ("sitemap.xml", "sitemap.xml.gz", "rss.xml", "comments/articles.json"):
        assert (two / name).is_file() and (one / name).is_file()
    if menu == "from the pages":  # a page of the second process shows the home page's title
        assert "<lastmod>2024-05-02T08:00:00+07:00</lastmod>" in (two / "sitemap.xml").read_text()
        page = (two / "2024/05/tin-2/index.html").read_text(encoding="utf-8")
        assert "Bản tin thử nghiệm" in page


def test_a_menu_page_s_warning_is_said_once_whatever_the_processes(tmp_path: Path) -> None:
    """The other processes read the menu's pages too (their titles), quietly."""
    pages = {**AUTO_MENU, "gioi-thieu.md": "# Giới thiệu\n\nXem [trang mất](khong-co.md).\n"}
    for workers in (1, 2):
        options = f"      search: false\n      workers: {workers}\n"
        config = write_site(tmp_path / str(workers), pages, site_yml(options=options))
        messages = failed_build(config, tmp_path / str(workers) / "site")
        assert sum("'khong-co.md'" in message for message in messages) == 1, messages


def test_a_warning_from_the_second_process_fails_a_strict_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Articles link to each other's anchors, one article of each pair rendered by each
    process: the anchors that exist raise nothing, the two that do not, one warning each."""
    forked = forks_named(monkeypatch)
    yml = site_yml() + "validation:\n  anchors: warn\n"

    def linking(n: int, other: int, anchor: str) -> str:
        body = f"## Mục hai\n\nXem [tin kia](tin-{other}.md#{anchor}).\n"
        return article(f"Tin {n}", f"2024-05-0{n} 08:00", body=body)

    articles = {
        "articles/2024/05/tin-1.md": linking(1, 2, "khong-co"),
        "articles/2024/05/tin-2.md": linking(2, 1, "khong-co"),
        "articles/2024/05/tin-3.md": linking(3, 4, "muc-hai"),
        "articles/2024/05/tin-4.md": linking(4, 3, "muc-hai"),
    }
    messages = failed_build(write_site(tmp_path, articles, yml), tmp_path / "site")
    assert len(messages) == 2 and all("#khong-co" in message for message in messages), messages
    assert forked == [SITEMAP_PROCESS, "rendering process 2"]


@pytest.mark.parametrize(("command", "dirty"), [("serve", False), ("build", True)])
def test_the_preview_and_dirty_builds_use_one_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str, dirty: bool
) -> None:
    forked: list[object] = []
    monkeypatch.setattr(
        "bulletin.mkdocs_plugin.rendering.Forked", lambda *args: forked.append(args)
    )
    config = write_search_site(tmp_path)
    text = config.read_text(encoding="utf-8")  # MkDocs warns of any dirty build
    config.write_text(text.replace("strict: true\n", ""), encoding="utf-8")
    site = build_site(config, tmp_path / "site", command, dirty)
    assert forked == [] and (site / "index.html").is_file()


@pytest.mark.parametrize("workers", [2, 3, 5])
def test_workers_is_the_number_of_rendering_processes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, workers: int
) -> None:
    """`workers: n`: n - 1 forked processes render a share each, and the site is the one
    MkDocs makes alone, byte for byte."""
    forked = forks_named(monkeypatch)
    config = write_search_site(tmp_path)
    text = config.read_text(encoding="utf-8")
    config.write_text(text + f"      workers: {workers}\n", encoding="utf-8")
    many = build_site(config, tmp_path / "many")
    assert forked == [
        SITEMAP_PROCESS,  # first; it ends once it wrote the sitemap, feeds and comment list
        *(f"rendering process {n}" for n in range(2, workers + 1)),
    ]
    config.write_text(text + "      workers: 1\n", encoding="utf-8")
    assert site_tree(many) == site_tree(build_site(config, tmp_path / "one"))


def test_workers_default_to_the_machines_cores(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    forked = forks_named(monkeypatch)
    monkeypatch.setattr("bulletin.mkdocs_plugin.config.os.cpu_count", lambda: 4)
    build_site(write_search_site(tmp_path), tmp_path / "site")
    assert forked == [
        SITEMAP_PROCESS,
        "rendering process 2",
        "rendering process 3",
        "rendering process 4",
    ]


def test_no_process_is_forked_while_a_thread_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every fork of a build (the copying process, the reading and rendering processes) comes
    before any thread of the build; with a thread of someone else's running, the build forks
    nothing and makes the same site."""
    monkeypatch.setattr("bulletin.articles.reading.PARALLEL_FROM", 2)  # the reading ones too
    forks: list[int] = []
    fork = os.fork

    def counting_fork() -> int:
        forks.append(thread_count())
        return fork()

    monkeypatch.setattr("bulletin.build.workers.os.fork", counting_fork)
    config = write_search_site(tmp_path)
    config.write_text(config.read_text(encoding="utf-8") + "      workers: 3\n", encoding="utf-8")
    first = build_site(config, tmp_path / "first")
    _edit_an_article(tmp_path)
    second = build_site(config, tmp_path / "second")  # the copying process too
    # the first build: 2 reading, the sitemap's and 2 rendering; the second: the copying
    # one and the sitemap's (too few pages left for a rendering one)
    assert len(forks) == 2 + 3 + 2 and set(forks) == {1}, forks
    forks.clear()
    stop = threading.Event()
    other = threading.Thread(target=stop.wait, name="someone else's")
    other.start()
    try:
        alone = build_site(config, tmp_path / "alone")
    finally:
        stop.set()
        other.join()
        _until_one_thread()
    assert forks == []
    assert site_tree(alone) == site_tree(second) != site_tree(first)


def _edit_an_article(root: Path) -> None:
    path = root / "docs/articles/2023/03/loc.md"  # published
    path.write_text(path.read_text(encoding="utf-8") + "\nMột đoạn thêm.\n", encoding="utf-8")


def test_a_fork_with_a_thread_running_is_refused() -> None:
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        with pytest.raises(ThreadsRunning, match=r"^the test process: not forked, 2 threads "):
            Forked(lambda send: None, lambda message: None, "the test process")
    finally:
        stop.set()
        other.join()
        _until_one_thread()


def _until_one_thread() -> None:
    """A joined thread may still be listed by the system for a moment (it is ending): the
    next test forks."""
    deadline = time.monotonic() + 5
    while thread_count() > 1 and time.monotonic() < deadline:
        time.sleep(0.01)


def test_a_child_that_ends_badly_is_named_with_how_it_ended() -> None:
    worker = Forked(lambda send: os._exit(3), lambda message: None, "the test process")
    with pytest.raises(WorkerError, match=r"^the test process ended with exit code 3$"):
        worker.join()
    killed = Forked(lambda send: os.kill(os.getpid(), signal.SIGKILL), lambda message: None)
    with pytest.raises(WorkerError, match=r"^the forked process was stopped by signal 9$"):
        killed.join()


def test_stopping_or_joining_twice_is_harmless() -> None:
    worker = Forked(lambda send: None, lambda message: None)
    worker.join()
    worker.join()
    worker.stop()
    assert worker.status == 0


@pytest.mark.parametrize(("command", "frozen"), [("build", True), ("serve", False)])
def test_a_build_skips_the_last_collections_at_exit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str, frozen: bool
) -> None:
    """`mkdocs build` ends its process: the objects it made are frozen at exit, not walked;
    the preview goes on building, and never freezes what a later build would free."""
    registered: list[object] = []
    monkeypatch.setattr("bulletin.mkdocs_plugin.plugin.atexit.register", registered.append)
    config = write_site(tmp_path, AUTO_MENU, site_yml(options="      search: false\n"))
    build_site(config, tmp_path / "site", command)
    assert (gc.freeze in registered) is frozen


def test_a_dealer_hands_out_each_item_once_in_chunks_in_their_order() -> None:
    items = list(range(1000))
    dealer = Dealer(items, chunk=32)
    first, second = iter(dealer), iter(Dealer.__iter__(dealer))
    taken: list[list[int]] = [[], []]
    for turn in range(1000):  # two takers in turn, as two processes would ask
        item = next((first, second)[turn % 2], None)
        if item is None:
            break
        taken[turn % 2].append(item)
    taken[0].extend(first)
    assert sorted(taken[0] + taken[1]) == items  # each once
    assert all(share == sorted(share) for share in taken)  # in their order
    assert all(len(share) % 32 == 0 or 999 in share for share in taken)  # whole chunks


def test_a_dealer_shares_its_items_with_the_processes_forked_after_it() -> None:
    items = list(range(5000))
    dealer = Dealer(items, chunk=8)
    theirs: list[object] = []

    def take(send: Send) -> None:
        for item in dealer:
            time.sleep(0.0001)
            send(item)

    child = Forked(take, theirs.append)
    child.listen()
    mine: list[object] = []
    for item in dealer:
        time.sleep(0.0001)
        mine.append(item)
    child.join()
    assert sorted(mine + theirs) == items and not set(mine) & set(theirs)  # type: ignore[type-var]
    assert mine and theirs  # both took some: the one done asks for more
    assert list(dealer) == []  # none left, and the pipe is closed


def test_a_long_list_is_dealt_in_larger_chunks() -> None:
    items = range(CHUNKS * CHUNK * 3)
    dealer = Dealer(items)
    assert dealer.chunk == CHUNK * 3
    assert list(dealer) == list(items)  # every number fits the pipe, written before a fork


def test_a_pipe_to_a_forked_process_has_room_for_many_pages() -> None:
    worker = Forked(lambda send: None, lambda message: None)
    assert worker._stream is not None
    assert fcntl.fcntl(worker._stream.fileno(), fcntl.F_GETPIPE_SZ) == PIPE_BYTES
    worker.join()
