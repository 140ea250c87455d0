"""Every use of MkDocs' private API, in one place, with the versions it was tested on.

The speed machinery (the page cache, the other rendering processes, blank list pages rendered
without a Markdown converter) reaches into MkDocs: its functions that read and build one
page, a page's `render` method replaced for one call, the title a page's Markdown gave. On a
MkDocs (or ProperDocs, its continuation) version not listed in `TESTED`, the plugin turns that
machinery off with one warning (`untested_framework`) and MkDocs builds every page itself: the
same site, more slowly. Adding a version to `TESTED` is a statement that the tests passed on
it (`make test GENERATOR=…`).
"""

from __future__ import annotations

import importlib.metadata
from collections.abc import Callable, Collection, Iterable, Sequence

from jinja2 import Environment
from mkdocs import utils
from mkdocs.commands.build import _build_page, _populate_page
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure import pages
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from bulletin.outputs.addresses import joins_as_text, path_of

TESTED: dict[str, tuple[str, ...]] = {"mkdocs": ("1.6.0", "1.6.1"), "properdocs": ("1.6.7",)}
"""The frameworks, by distribution, and the versions the speed machinery was tested on."""

Render = Callable[[MkDocsConfig, Files], None]


def framework() -> tuple[str, str]:
    """The generator that runs, and its version: MkDocs, or ProperDocs, whose package is
    `properdocs` and whose command makes every `mkdocs.*` import its own (`properdocs.replacement`:
    `mkdocs` is then the `properdocs` package). MkDocs stays installed beside it, since
    mkdocs-material requires it: which distribution provides an importable `mkdocs` says
    nothing of which one runs."""
    name = Page.__module__.partition(".")[0]
    try:
        return name, importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return name, "unknown"


def untested_framework() -> str | None:
    """None on a tested version; else what the warning says."""
    name, version = framework()
    if version in TESTED.get(name, ()):
        return None
    tested = ", ".join(f"{known} {' '.join(versions)}" for known, versions in TESTED.items())
    return (
        f"{name} {version} is not a version Bulletin was tested on ({tested}): the page cache "
        "and the other rendering processes are off, and MkDocs builds every page itself (the same "
        "site, more slowly)"
    )


def populate_page(page: Page, config: MkDocsConfig, files: Files) -> None:
    """Read a page's Markdown and render it to HTML, every plugin's events included."""
    _populate_page(page, config, files)


def build_page(
    page: Page, config: MkDocsConfig, files: Sequence[File], nav: Navigation, env: Environment
) -> None:
    """Render a page's template and write it, every plugin's events included."""
    _build_page(page, config, files, nav, env)


def leave_template(config: MkDocsConfig, name: str) -> None:
    """MkDocs does not render the theme's static template `name` in this build (Bulletin
    writes the file)."""
    config.theme.static_templates.discard(name)


def render_once(page: Page, render: Render) -> None:
    """MkDocs calls `render` instead of the page's own `render`, once: `render` must call
    `own_render_again` first."""
    page.render = render  # type: ignore[method-assign, assignment]


def own_render_again(page: Page) -> None:
    """The page's next render is MkDocs' own."""
    del page.render


def replaces_render(page: Page) -> bool:
    return "render" in vars(page)


def rendered_title(page: Page) -> str | None:
    """The title the page's Markdown gave (its first heading), as MkDocs found it."""
    title: str | None = page._title_from_render
    return title


def set_rendered_title(page: Page, title: str | None) -> None:
    page._title_from_render = title


def forget_address(file: File) -> None:
    """After `file.dest_uri` changed: its URL and path are made again from it when asked."""
    for derived in ("url", "abs_dest_path"):
        vars(file).pop(derived, None)


def forget_paths() -> None:
    """Empty MkDocs' memo of every path it split (`utils._norm_parts`, never bounded: 88,000
    lists at 10,000 articles, ten times that at 100,000)."""
    utils._norm_parts.cache_clear()


def leave_out_of_reading(files: Files, left_out: Collection[str]) -> None:
    """MkDocs' loop that reads and renders every page's Markdown (after `on_nav`) skips the
    pages of `left_out` (docs paths), until `list_all_pages`: it lists them with
    `files.documentation_pages`, which this shadows."""
    listed = files.documentation_pages

    def documentation_pages(
        *, inclusion: Callable[[InclusionLevel], bool] = InclusionLevel.is_included
    ) -> Sequence[File]:
        return [file for file in listed(inclusion=inclusion) if file.src_uri not in left_out]

    files.documentation_pages = documentation_pages  # type: ignore[method-assign]


def list_all_pages(files: Files) -> None:
    """`files.documentation_pages` lists every page again (`leave_out_of_reading`)."""
    vars(files).pop("documentation_pages", None)


def make_pages(files: Iterable[File], config: MkDocsConfig) -> None:
    """Make MkDocs' page object of each file, as `get_navigation` makes it for a page the
    configuration's `nav` does not name (it takes one made already), in under a third of the
    time: the build's date worked out once, not for every page, and a page's full address
    joined as text where `urljoin` gives the same (3.4 s → 0.9 s at 50,000 pages, py-spy)."""
    own_date = pages.get_build_date  # type: ignore[attr-defined]
    date = own_date()
    pages.get_build_date = lambda: date  # type: ignore[attr-defined]
    Page._set_canonical_url = _set_address  # type: ignore[method-assign, assignment]
    try:
        for file in files:
            Page(None, file, config)
    finally:
        pages.get_build_date = own_date  # type: ignore[attr-defined]
        Page._set_canonical_url = _OWN_ADDRESS  # type: ignore[method-assign]


def _set_address(page: Page, base: str | None) -> None:
    """`Page._set_canonical_url`, with `urljoin` and `urlsplit` only where text joined would
    not give what they give (`addresses`)."""
    if base and not base.endswith("/"):
        base += "/"
    url = page.url
    if not base or not joins_as_text(base, url):
        _OWN_ADDRESS(page, base)
        return
    page.canonical_url, page.abs_url = base + url, path_of(base) + url


_OWN_ADDRESS = Page._set_canonical_url
