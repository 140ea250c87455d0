"""MkDocs 1.6.1 and ProperDocs build the sample bulletin the same (README: "Dependencies, and
why"): every file byte for byte but for the generator `<meta>` tag, the search index's too.
Runs where ProperDocs is installed beside MkDocs: `make test GENERATOR=properdocs`, and
CI's test jobs with that generator."""

from __future__ import annotations

import difflib
import os
import re
import shutil
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest

from bulletin.search.bundles import BUNDLE_DIR
from sites import REPO, site_tree

BIN = Path(sys.executable).parent
"""The virtual environment's commands (`mkdocs`, `properdocs`), beside its Python."""
GENERATOR_TAG = re.compile(rb'<meta name="generator" content="([^"]*)">')
SOURCE_DATE_EPOCH = "1767225600"  # 2026-01-01 00:00 UTC: MkDocs' date of undated pages


def _copy_sample(root: Path) -> Path:
    """The sample site (mkdocs.yml, docs/, overrides/) copied into `root`; its config. Its
    caches (`.cache/bulletin/`, relative to mkdocs.yml) are then under `root`, its own."""
    root.mkdir()
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    for folder in ("docs", "overrides"):
        shutil.copytree(REPO / folder, root / folder)
    return root / "mkdocs.yml"


def _build(command: str, config: Path) -> Path:
    """Build `config` with the venv's `command` as `make site` does; return the site."""
    environment = {
        **os.environ,
        "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH,
        "NO_MKDOCS_2_WARNING": "1",
    }
    arguments = [str(BIN / command), "build", "--strict", "--clean", "--quiet", "-f", str(config)]
    result = subprocess.run(
        arguments, cwd=config.parent, env=environment, capture_output=True, text=True
    )
    assert result.returncode == 0, f"{command} build failed:\n{result.stderr}"
    return config.parent / "site"


def _without_generator_tag(files: dict[str, bytes]) -> tuple[dict[str, bytes], dict[str, bytes]]:
    """`files` with the generator `<meta>` tag taken out of each HTML page, and the tag's value
    in each page that had it (once: Material's base template)."""
    untagged, values = {}, {}
    for path, data in files.items():
        found = GENERATOR_TAG.findall(data) if path.endswith(".html") else []
        assert len(found) <= 1, f"{path}: {len(found)} generator <meta> tags"
        if found:
            values[path] = found[0]
            data = GENERATOR_TAG.sub(b"", data)
        untagged[path] = data
    return untagged, values


def _difference(path: str, first: bytes | None, second: bytes | None) -> str:
    """What differs in `path` between the MkDocs and the ProperDocs site, readably."""
    if first is None or second is None:
        return f"{path}: only in the {'ProperDocs' if first is None else 'MkDocs'} site"
    try:
        lines = difflib.unified_diff(
            first.decode("utf-8").splitlines(),
            second.decode("utf-8").splitlines(),
            f"mkdocs/{path}",
            f"properdocs/{path}",
            lineterm="",
        )
        return "\n".join(list(lines)[:80])
    except UnicodeDecodeError:
        at = next(
            (i for i, (a, b) in enumerate(zip(first, second, strict=False)) if a != b),
            min(len(first), len(second)),
        )
        return f"{path}: binary, {len(first)} and {len(second)} bytes, first difference at {at}"


def test_mkdocs_and_properdocs_build_the_sample_the_same(tmp_path: Path) -> None:
    if not (BIN / "properdocs").is_file():
        pytest.skip(
            f"ProperDocs is not installed in {BIN.parent} "
            "(make install GENERATOR=properdocs installs it beside MkDocs)"
        )
    mkdocs_config = _copy_sample(tmp_path / "mkdocs")
    properdocs_config = tmp_path / "properdocs" / "mkdocs.yml"
    shutil.copytree(mkdocs_config.parent, properdocs_config.parent)  # the same input, twice
    mkdocs_site = _build("mkdocs", mkdocs_config)
    properdocs_site = _build("properdocs", properdocs_config)

    mkdocs_files, mkdocs_tags = _without_generator_tag(site_tree(mkdocs_site))
    properdocs_files, properdocs_tags = _without_generator_tag(site_tree(properdocs_site))
    # The one difference allowed is there: each generator names itself in the same pages.
    material = f"mkdocs-material-{version('mkdocs-material')}"
    assert "index.html" in mkdocs_tags and mkdocs_tags.keys() == properdocs_tags.keys()
    assert set(mkdocs_tags.values()) == {f"mkdocs-{version('mkdocs')}, {material}".encode()}
    assert set(properdocs_tags.values()) == {
        f"mkdocs-ProperDocs {version('properdocs')}, {material}".encode()
    }

    paths = sorted(mkdocs_files.keys() | properdocs_files.keys())
    differing = [path for path in paths if mkdocs_files.get(path) != properdocs_files.get(path)]
    if differing:
        first = differing[0]
        pytest.fail(
            f"{len(differing)} of {len(paths)} files differ: {differing[:10]}\n"
            + _difference(first, mkdocs_files.get(first), properdocs_files.get(first))
        )

    assert any(path.startswith(f"{BUNDLE_DIR}/") for path in paths), "no search index"
