"""Who is posting: the client's address behind trusted proxies, grouped and hashed.

`X-Forwarded-For` is believed only from a trusted proxy: anyone else could write any address
in it and escape the rate limit. IPv6 clients are grouped by /64 (one household or host
usually owns a whole /64). Addresses are stored only as an HMAC-SHA256 under a secret kept
in a file readable by its owner alone.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import ipaddress
import os
import secrets
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Address = ipaddress.IPv4Address | ipaddress.IPv6Address

SECRET_BYTES = 32


def parse_proxies(values: Iterable[str]) -> tuple[Network, ...]:
    """Trusted proxies as networks: `10.0.0.1` or `10.0.0.0/24`; ValueError if malformed."""
    return tuple(ipaddress.ip_network(value.strip(), strict=False) for value in values)


def client_address(environ: Mapping[str, object], proxies: tuple[Network, ...]) -> str:
    """The address of the client: the peer, or what trusted proxies say it is.

    From a trusted peer, `X-Forwarded-For` is read from the right: the first address that
    is not itself a trusted proxy is the client (what lies to its left, the client wrote).
    """
    peer = str(environ.get("REMOTE_ADDR", ""))
    if not _is_trusted(peer, proxies):
        return peer
    forwarded = str(environ.get("HTTP_X_FORWARDED_FOR", ""))
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    for hop in reversed(hops):
        if _parse(hop) is None:
            return peer  # not an address: the proxy chain is broken, trust no further
        if not _is_trusted(hop, proxies):
            return hop
    return hops[0] if hops else peer


def client_key(address: str) -> str:
    """What the rate limit counts: an IPv4 address, or the /64 network of an IPv6 one."""
    parsed = _parse(address)
    if parsed is None:
        return address
    if isinstance(parsed, ipaddress.IPv6Address):
        if parsed.ipv4_mapped is not None:
            return str(parsed.ipv4_mapped)
        return str(ipaddress.IPv6Network(f"{parsed}/64", strict=False))
    return str(parsed)


def keyed_hash(secret: bytes, key: str) -> str:
    """The HMAC-SHA256 of `key`, in hex: the only form in which an address is stored."""
    return hmac.new(secret, key.encode("utf-8"), hashlib.sha256).hexdigest()


def default_secret_path(database: Path) -> Path:
    """The secret's file next to the database: `comments.sqlite3.secret`."""
    return database.with_name(database.name + ".secret")


def load_secret(path: Path) -> bytes:
    """The secret in `path`, created (mode 0600) on first use; ValueError if it is damaged.

    The new secret is written to a temporary file and linked into place, so that two
    processes starting together agree on one secret and never read a half-written one.
    """
    if not path.exists():
        _create_secret(path)
    try:
        secret = bytes.fromhex(path.read_text(encoding="ascii").strip())
    except (UnicodeDecodeError, ValueError):
        secret = b""
    if len(secret) < SECRET_BYTES:
        raise ValueError(
            f"{path}: không phải tệp khóa (cần: {SECRET_BYTES} byte ngẫu nhiên viết dạng hex)"
        )
    return secret


def _create_secret(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=".secret-")
    try:
        with os.fdopen(descriptor, "w", encoding="ascii") as file:
            file.write(secrets.token_hex(SECRET_BYTES) + "\n")
            file.flush()
            os.fsync(file.fileno())
        with contextlib.suppress(FileExistsError):
            os.link(temporary, path)
    finally:
        os.unlink(temporary)


def _is_trusted(address: str, proxies: tuple[Network, ...]) -> bool:
    parsed = _parse(address)
    return parsed is not None and any(parsed in network for network in proxies)


def _parse(address: str) -> Address | None:
    try:
        return ipaddress.ip_address(address)
    except ValueError:
        return None
