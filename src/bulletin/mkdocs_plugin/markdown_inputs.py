"""The Markdown extensions as the page cache's key: each one's class, its whole configuration
(its defaults too, as the extension has it) and the files it reads. The key knows the
extensions of `KNOWN` only: any other, or one whose configuration or files it cannot see into,
turns the cache off (`UnseenInput`, whose message names the extension and says why)."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from markdown import Markdown
from markdown.extensions import Extension

from bulletin.cache.folders import Memo, content_digests
from bulletin.cache.pages import UnseenInput, digest, plain

KNOWN = (
    "markdown.extensions",  # Python-Markdown's own
    "pymdownx",  # PyMdown Extensions: those that read files are in `READS`
    "material.extensions",  # Material for MkDocs'
    "bulletin.views.figures",
    "bulletin.views.autolinks",
    "bulletin.cache.pages",  # LinkRecorderExtension
)
"""The modules and packages whose extensions make a page from its Markdown and their
configuration alone (and from the files `READS` says): their code is in the key by the
installed version, or Bulletin's by its source."""

Reads = Callable[[Mapping[str, Any]], list[Path]]
"""From an extension's configuration, the files and folders it reads."""


def _snippets(config: Mapping[str, Any]) -> list[Path]:
    """pymdownx.snippets: its base paths (folders, or files), which hold what it reads, the
    auto_append snippets too."""
    if config.get("url_download"):
        raise UnseenInput("downloads snippets (url_download: true), which the key cannot see")
    if not config.get("restrict_base_path", True):
        raise UnseenInput("reads snippets outside its base_path (restrict_base_path: false)")
    base = config.get("base_path") or []
    return _paths([base] if isinstance(base, str | os.PathLike) else base)


def _b64(config: Mapping[str, Any]) -> list[Path]:
    raise UnseenInput("embeds the image files it reads, which the key does not see")


def _emoji(config: Mapping[str, Any]) -> list[Path]:
    """pymdownx.emoji: Material's index of icons reads the custom icons' folders."""
    options = config.get("options") or {}
    return _paths(options.get("custom_icons") or [] if isinstance(options, Mapping) else [])


def _paths(paths: Sequence[str | os.PathLike[str]]) -> list[Path]:
    return [Path(os.path.abspath(path)) for path in paths]  # from where MkDocs runs, as they do


READS: dict[str, Reads] = {
    "pymdownx.snippets": _snippets,
    "pymdownx.b64": _b64,
    "pymdownx.emoji": _emoji,
}
"""The extensions of `KNOWN` that read files, by module: which (or UnseenInput)."""


def extensions_key(
    extensions: Sequence[str | Extension],
    configs: Mapping[str, Mapping[str, Any]],
    memo: Memo,
    changing: Mapping[str, Path],
) -> list[object]:
    """Each extension as the key sees it: its class, its configuration, the digest of the
    files it reads. An extension named in `extensions` is made as MkDocs makes it, with its
    `configs`; `changing` are the folders every build changes (the site, the page cache),
    which no extension may read."""
    markdown = Markdown()
    keyed: list[object] = []
    unknown: list[str] = []
    for item in extensions:
        if isinstance(item, str):
            extension = markdown.build_extension(item, dict(configs.get(item, {})))
        else:
            extension = item
        kind = type(extension)
        name = item if isinstance(item, str) else f"{kind.__module__}.{kind.__qualname__}"
        if not known(kind.__module__):
            unknown.append(name)
            continue
        try:
            read = READS.get(kind.__module__)
            paths = read(extension.getConfigs()) if read is not None else []
            config = plain(extension.getConfigs())
        except UnseenInput as why:
            raise UnseenInput(f"the Markdown extension {name} {why}") from None
        except TypeError as why:
            raise UnseenInput(f"the Markdown extension {name}'s configuration: {why}") from None
        _apart(name, paths, changing)
        files = digest(*content_digests(paths, memo)) if paths else ""
        keyed.append([f"{kind.__module__}.{kind.__qualname__}", config, files])
    if unknown:
        raise UnseenInput(
            f"the Markdown extension{'s' if len(unknown) > 1 else ''} {', '.join(unknown)} "
            "may read what the key does not see: it knows those of Python-Markdown, PyMdown "
            "Extensions, Material and Bulletin"
        )
    return keyed


def known(module: str) -> bool:
    """Whether an extension's module is in `KNOWN`, or in a package there."""
    return any(module == name or module.startswith(name + ".") for name in KNOWN)


def _apart(name: str, paths: list[Path], changing: Mapping[str, Path]) -> None:
    """No extension reads a folder every build changes: its digest would never be the same."""
    for path in paths:
        for what, folder in changing.items():
            changed, read = folder.resolve(), path.resolve()
            if changed.is_relative_to(read) or read.is_relative_to(changed):
                where = "which holds" if changed.is_relative_to(read) else "inside"
                raise UnseenInput(
                    f"the Markdown extension {name} reads {path}, {where} {what} (which every "
                    "build changes): give it a folder of its own"
                )
