"""Which site a request comes from: comments are accepted only from the bulletin's own pages.

Browsers send `Origin` with every form POST and fetch; `Referer` stands in where it is
missing. A request with neither is refused: a page elsewhere could otherwise post in the
reader's name.
"""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import urlsplit

DEFAULT_PORTS = {"http": 80, "https": 443}


def origin_of(url: str) -> str | None:
    """`scheme://host[:port]` of an absolute http(s) URL, lower case and without the
    default port; None for anything else (`null`, a relative URL, a malformed port)."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return None
    scheme, host = parts.scheme.lower(), (parts.hostname or "")
    if scheme not in DEFAULT_PORTS or not host:
        return None
    if ":" in host:
        host = f"[{host}]"
    if port is None or port == DEFAULT_PORTS[scheme]:
        return f"{scheme}://{host}"
    return f"{scheme}://{host}:{port}"


def parse_origin(value: str) -> str:
    """An allowed origin given on the command line; ValueError if it is not one."""
    origin = origin_of(value)
    parts = urlsplit(value.strip())
    extra = parts.path not in ("", "/") or parts.query or parts.fragment or parts.username
    if origin is None or extra:
        raise ValueError(f"{value!r} không phải một nguồn (cần: scheme://host[:port])")
    return origin


def request_origin(environ: Mapping[str, object]) -> str | None:
    """The origin a request declares: its `Origin` header, else its `Referer`'s origin."""
    declared = environ.get("HTTP_ORIGIN")
    if isinstance(declared, str) and declared.strip():
        return origin_of(declared)
    referer = environ.get("HTTP_REFERER")
    if isinstance(referer, str) and referer.strip():
        return origin_of(referer)
    return None
