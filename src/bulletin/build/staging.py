"""A build writes its site into a folder beside the last one and takes its place only when it
succeeded: a failed build (an invalid article, a template error, a part of the search index
that could not be made, a warning under `--strict`, a kill) leaves the last good site as it
was, and the preview keeps serving it while it reports the problems."""

from __future__ import annotations

import shutil
from pathlib import Path

STAGING_SUFFIX = ".building"
OLD_SUFFIX = ".old"


def staging_folder(site: Path) -> Path:
    """Where a build of `site` writes (`site/` → `.site.building/` beside it)."""
    return site.parent / f".{site.name}{STAGING_SUFFIX}"


def is_staging(folder: Path) -> bool:
    return folder.name.startswith(".") and folder.name.endswith(STAGING_SUFFIX)


def replace_site(staging: Path, site: Path) -> None:
    """Put the build in `staging` in the place of `site`: two renames, then the old site is
    removed. A site folder that cannot be renamed (a mount point) is emptied and filled."""
    old = site.parent / f".{site.name}{OLD_SUFFIX}"
    shutil.rmtree(old, ignore_errors=True)  # left by a build killed in between
    if site.exists() or site.is_symlink():
        try:
            site.rename(old)
        except OSError:
            _fill(site, staging)
            return
    staging.rename(site)
    shutil.rmtree(old, ignore_errors=True)


def _fill(site: Path, staging: Path) -> None:
    for entry in list(site.iterdir()):
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry)
        else:
            entry.unlink()
    for entry in list(staging.iterdir()):
        entry.rename(site / entry.name)
    staging.rmdir()


def discard(staging: Path) -> None:
    """Remove what a failed build wrote."""
    shutil.rmtree(staging, ignore_errors=True)
