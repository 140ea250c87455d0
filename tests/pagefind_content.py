"""What a Pagefind bundle holds, read back from its files: two bundles with the same content
compare equal even where Pagefind writes it in another order (its filters list their values
in a hash map's order, which changes from run to run, and so do the names of the files that
hold them, which are digests of their bytes).

Pagefind's files are gzipped, start with `pagefind_dcd`, and hold JSON (fragments) or CBOR
(the rest): the small CBOR reader below knows the types Pagefind writes."""

from __future__ import annotations

import gzip
import json
import re
import struct
from pathlib import Path
from typing import Any

MAGIC = b"pagefind_dcd"
HASHED_NAME = re.compile(r"^[a-z]{2,3}(?:-[a-z0-9]+)*_[0-9a-f]{7,}$")


def _decoded_bytes(path: Path) -> bytes:
    data = gzip.decompress(path.read_bytes())
    return data[len(MAGIC) :] if data.startswith(MAGIC) else data


def _length(data: bytes, at: int, info: int) -> tuple[int, int]:
    if info < 24:
        return info, at
    size = {24: 1, 25: 2, 26: 4, 27: 8}[info]
    return int.from_bytes(data[at : at + size], "big"), at + size


def _item(data: bytes, at: int) -> tuple[Any, int]:
    major, info = data[at] >> 5, data[at] & 31
    at += 1
    if major == 7:
        simple = {20: False, 21: True, 22: None}
        if info in simple:
            return simple[info], at
        size, kind = {25: (2, ">e"), 26: (4, ">f"), 27: (8, ">d")}[info]
        return struct.unpack(kind, data[at : at + size])[0], at + size
    value, at = _length(data, at, info)
    if major == 0:
        return value, at
    if major == 1:
        return -1 - value, at
    if major in (2, 3):
        raw = data[at : at + value]
        return (raw if major == 2 else raw.decode("utf-8")), at + value
    if major == 4:
        items = []
        for _ in range(value):
            item, at = _item(data, at)
            items.append(item)
        return items, at
    if major == 5:
        mapping = {}
        for _ in range(value):
            key, at = _item(data, at)
            mapping[key], at = _item(data, at)
        return mapping, at
    raise ValueError(f"CBOR major type {major} is not one Pagefind writes")


def cbor(data: bytes) -> Any:
    value, end = _item(data, 0)
    assert end == len(data), "trailing bytes after the CBOR item"
    return value


def _unnamed(value: Any) -> Any:
    """`value` with the digests that name other files left out (they follow their bytes),
    and the lists of such files in a canonical order."""
    if isinstance(value, str) and HASHED_NAME.match(value):
        return "<file>"
    if isinstance(value, list):
        items = [_unnamed(item) for item in value]
        if items and all(isinstance(item, list) and "<file>" in item for item in items):
            return sorted(items, key=repr)  # filters named in a hash map's order
        return items
    if isinstance(value, dict):
        return {key: _unnamed(item) for key, item in value.items()}
    return value


def _filter_content(path: Path) -> Any:
    name, values = cbor(_decoded_bytes(path))
    return name, sorted((value, pages) for value, pages in values)


def bundle_content(bundle: Path) -> dict[str, Any]:
    """What one bundle (a folder with `pagefind-entry.json`) holds, in a canonical order."""
    content: dict[str, Any] = {}
    for path in sorted(bundle.rglob("*")):
        if not path.is_file():
            continue
        relative = path.relative_to(bundle).as_posix()
        if path.suffix == ".pf_fragment":
            content.setdefault("fragments", []).append(json.loads(_decoded_bytes(path)))
        elif path.suffix == ".pf_filter":
            content.setdefault("filters", []).append(_filter_content(path))
        elif path.suffix in (".pf_index", ".pf_meta"):
            content.setdefault(path.suffix, []).append(_unnamed(cbor(_decoded_bytes(path))))
        elif path.name == "pagefind-entry.json":
            content[relative] = _unnamed(json.loads(path.read_text(encoding="utf-8")))
        else:
            content[relative] = path.read_bytes()
    for key in ("fragments", "filters", ".pf_index"):
        content[key] = sorted(content.get(key, []), key=repr)
    return content


def search_content(pagefind: Path) -> dict[str, Any]:
    """Every bundle under a site's `pagefind/` folder, and its other files, read back."""
    content: dict[str, Any] = {}
    for path in sorted(pagefind.rglob("*")):
        relative = path.relative_to(pagefind).as_posix()
        if path.name == "pagefind-entry.json":
            content[path.parent.relative_to(pagefind).as_posix()] = bundle_content(path.parent)
        elif path.is_file() and not any(
            (parent / "pagefind-entry.json").exists() for parent in path.parents
        ):
            content[relative] = path.read_bytes()
    return content
