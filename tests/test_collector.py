"""The garbage collector during a build: paused while the articles are read, then frozen."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from bulletin.build.garbage import freeze, lasting_objects, release
from bulletin.mkdocs_plugin.plugin import BulletinPlugin
from sites import article, build_site, failed_build, write_site


class Node:
    def __init__(self) -> None:
        self.other: Node | None = None


def _cycle() -> weakref.ref[Node]:
    """Garbage only the collector frees (two objects pointing at each other)."""
    first, second = Node(), Node()
    first.other, second.other = second, first
    return weakref.ref(first)


@pytest.fixture(autouse=True)
def _collector_restored() -> Iterator[None]:
    yield
    gc.unfreeze()
    gc.enable()


def test_the_collector_waits_in_the_block_then_runs_again() -> None:
    with lasting_objects():
        assert not gc.isenabled()
        made = Node()
    assert gc.isenabled()
    walked = (found for generation in range(3) for found in gc.get_objects(generation))
    assert not any(found is made for found in walked)  # left out of every later pass


def test_the_collector_runs_again_when_the_block_fails() -> None:
    with pytest.raises(RuntimeError), lasting_objects():
        raise RuntimeError("reading failed")
    assert gc.isenabled()


def test_a_disabled_collector_stays_disabled() -> None:
    gc.disable()
    with lasting_objects():
        pass
    assert not gc.isenabled()


def test_what_an_earlier_build_left_is_collected_first() -> None:
    gc.collect()
    left = _cycle()
    freeze()  # as the earlier build left it
    with lasting_objects(collect_first=True):
        pass
    assert left() is None


def test_without_collecting_first_an_earlier_build_s_garbage_waits() -> None:
    gc.collect()
    left = _cycle()
    with lasting_objects():
        pass
    assert left() is not None  # frozen with the rest
    release()
    gc.collect()
    assert left() is None


def test_a_build_leaves_the_collector_running_and_nothing_frozen(tmp_path: Path) -> None:
    config = write_site(tmp_path, {"articles/2024/05/tin.md": article("Tin", "2024-05-02")})
    build_site(config, tmp_path / "site")
    assert gc.isenabled() and gc.get_freeze_count() == 0


def test_a_failed_build_leaves_the_collector_running(tmp_path: Path) -> None:
    config = write_site(tmp_path, {"articles/2024/05/tin.md": "---\ntitle: [\n---\nThân.\n"})
    assert failed_build(config, tmp_path / "site")
    assert gc.isenabled() and gc.get_freeze_count() == 0


def test_the_preview_frees_its_last_build_when_it_builds_again(tmp_path: Path) -> None:
    """`mkdocs serve` builds again with the same plugin: the pages of the build before (held
    in cycles, page ↔ file) are collected, not frozen with the new ones."""
    config_file = write_site(tmp_path, {"articles/2024/05/tin.md": article("Tin", "2024-05-02")})
    config = load_config(str(config_file), site_dir=str(tmp_path / "site"), strict=False)
    config.plugins.on_startup(command="serve", dirty=False)
    try:
        build(config, serve_url="http://127.0.0.1:8000/")
        plugin = config.plugins["bulletin"]
        assert isinstance(plugin, BulletinPlugin) and plugin.state is not None
        assert plugin.state.nav is not None
        last = weakref.ref(plugin.state.nav.pages[0])
        build(config, serve_url="http://127.0.0.1:8000/")
        assert last() is None
    finally:
        config.plugins.on_shutdown()
