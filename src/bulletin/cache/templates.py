"""What the theme's templates read: the variables and attributes of the templates pages are made
with, for the page cache's key (`bulletin.mkdocs_plugin.cache_inputs` keys what MkDocs gives
them by it). Reading the templates again takes half a second: the memo keeps what was found
by the theme's digest, and a process keeps each folder's templates as read. Nothing here
imports MkDocs.
"""

from __future__ import annotations

import contextlib
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, TemplateSyntaxError, nodes

from bulletin.cache.folders import Memo
from bulletin.cache.pages import digest, software_digest


@dataclass(frozen=True)
class Template:
    """One template as the key sees it."""

    name: str
    variables: frozenset[str]
    attributes: frozenset[str]
    """Attributes read (`x.name`, `x["name"]`)."""
    includes: tuple[str, ...]
    """What the names of the templates it includes, extends or imports begin with ("":
    anything)."""


_READ: dict[tuple[str, str, tuple[str, ...]], list[Template]] = {}
"""This process's templates, by folder, its digest and the extensions of Jinja it was read
with."""


def template_reads(
    env: Environment, folders: Sequence[tuple[Path, str]], static: Collection[str], memo: Memo
) -> tuple[set[str], set[str]]:
    """The variables and the attributes the templates pages are made with read; `folders`:
    the theme's folders with their digests, `static`: its static templates."""
    name = digest(software_digest(), *(part for _, part in folders), *sorted(static))
    kept = memo.get("templates")
    if isinstance(kept, list) and len(kept) == 3 and kept[0] == name:
        return set(kept[1]), set(kept[2])
    templates = [one for folder, part in folders for one in _folder(env, folder, part)]
    used = pages_templates(templates, static)
    variables = set().union(*(template.variables for template in used))
    attributes = set().union(*(template.attributes for template in used))
    memo.put("templates", [name, sorted(variables), sorted(attributes)])
    return variables, attributes


def pages_templates(templates: list[Template], static: Collection[str]) -> list[Template]:
    """The templates pages may be made with: all but the static ones (sitemap.xml, 404.html:
    made without a page, never kept), unless another names one."""
    used = [template for template in templates if template.name not in static]
    waiting = [template for template in templates if template.name in static]
    while named := [one for one in waiting if any(_includes(other, one.name) for other in used)]:
        used += named
        waiting = [one for one in waiting if one not in named]
    return used


def _includes(template: Template, name: str) -> bool:
    return any(name.startswith(beginning) for beginning in template.includes)


def _folder(env: Environment, folder: Path, part: str) -> list[Template]:
    """Every file of a folder with Jinja's `{{` or `{%` that parses as a template (one that
    does not stops the build it is used in)."""
    key = (str(folder), part, tuple(sorted(env.extensions)))
    if key not in _READ:
        found: list[Template] = []
        for path in sorted(folder.rglob("*")):
            with contextlib.suppress(OSError, UnicodeDecodeError, TemplateSyntaxError):
                text = path.read_text(encoding="utf-8") if path.is_file() else ""
                if "{{" in text or "{%" in text:
                    found.append(read(path.relative_to(folder).as_posix(), env.parse(text)))
        _READ[key] = found
    return _READ[key]


def read(name: str, tree: nodes.Template) -> Template:
    """The variables a template reads (a wider set than jinja2.meta's undeclared variables,
    which fail on a filter of a plugin this build lacks, as in Material's blog templates),
    its attributes and what it includes."""
    variables = {node.name for node in tree.find_all(nodes.Name) if node.ctx == "load"}
    attributes = {node.attr for node in tree.find_all(nodes.Getattr)}
    for item in tree.find_all(nodes.Getitem):
        if isinstance(item.arg, nodes.Const) and isinstance(item.arg.value, str):
            attributes.add(item.arg.value)
    kinds = (nodes.Extends, nodes.Include, nodes.Import, nodes.FromImport)
    includes = {_beginning(getattr(node, "template", None)) for node in tree.find_all(kinds)}
    return Template(name, frozenset(variables), frozenset(attributes), tuple(sorted(includes)))


def _beginning(name: object) -> str:
    """What every template name an expression makes begins with ("": anything)."""
    if isinstance(name, nodes.Const):
        return name.value if isinstance(name.value, str) else ""
    if isinstance(name, nodes.Concat):
        return _beginning(name.nodes[0]) if name.nodes else ""
    if isinstance(name, nodes.Add):
        return _beginning(name.left)
    return ""
