"""Rate limits per client, proxies, IPv6 grouping, and addresses kept only as keyed hashes."""

from __future__ import annotations

import stat
from pathlib import Path
from urllib.parse import urlencode

import pytest

from bulletin.comments.app import CommentsApp
from bulletin.comments.clients import (
    client_address,
    client_key,
    keyed_hash,
    load_secret,
    parse_proxies,
)
from comments_helpers import SECRET, Site, call, fields, make_site, post_form

PROXY = parse_proxies(["127.0.0.1", "127.0.9.0/24"])


def statuses(site: Site, count: int, **options: str) -> list[int]:
    return [post_form(site.app, **options).status for _ in range(count)]


def xff(app: CommentsApp, forwarded: str, remote: str = "127.0.0.1") -> int:
    """Post a comment from `remote` with this `X-Forwarded-For`; return the status."""
    body = urlencode(fields()).encode()
    return call(app, body, remote=remote, headers={"HTTP_X_FORWARDED_FOR": forwarded}).status


def test_a_fourth_comment_within_ten_minutes_is_refused(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    assert statuses(site, 4) == [303, 303, 303, 429]
    refused = post_form(site.app)
    assert refused.headers["Retry-After"] == "600"
    assert "thử lại sau 10 phút" in refused.text
    assert post_form(site.app, remote="127.0.0.2").status == 303  # another client
    site.clock.now += 599
    assert post_form(site.app).headers["Retry-After"] == "1"
    site.clock.now += 1
    assert statuses(site, 4) == [303, 303, 303, 429]


def test_at_most_twenty_comments_a_day(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    accepted = 0
    for _ in range(10):  # 10 windows of 10 minutes: 30 tries
        accepted += statuses(site, 3).count(303)
        site.clock.now += 601
    assert accepted == 20
    assert post_form(site.app).status == 429
    site.clock.now = site.clock.now - 10 * 601 + 24 * 3600
    assert post_form(site.app).status == 303


def test_the_limit_is_shared_by_servers_on_one_database(tmp_path: Path) -> None:
    first = make_site(tmp_path)
    second = make_site(tmp_path)
    assert [post_form(app).status for app in (first.app, second.app, first.app)] == [303] * 3
    assert post_form(second.app).status == 429


def test_x_forwarded_for_from_an_untrusted_peer_is_not_believed(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    spoofed = [xff(site.app, f"127.0.3.{n}", remote="127.0.0.5") for n in range(4)]
    assert spoofed == [303, 303, 303, 429]


def test_behind_a_trusted_proxy_each_client_has_its_own_limit(tmp_path: Path) -> None:
    site = make_site(tmp_path, proxies=PROXY)
    assert [xff(site.app, f"127.0.3.{n}") for n in range(6)] == [303] * 6
    assert [xff(site.app, "127.0.4.1") for _ in range(4)] == [303, 303, 303, 429]
    # What a client writes itself is to the left of what the proxy appends: not believed.
    assert [xff(site.app, f"127.0.5.{n}, 127.0.6.1") for n in range(4)] == [303] * 3 + [429]
    # Several trusted proxies: the right-most address that is not one of them is the client.
    chain = [xff(site.app, "127.0.7.1, 127.0.9.3", "127.0.9.4") for _ in range(4)]
    assert chain == [303, 303, 303, 429]


@pytest.mark.parametrize(
    ("peer", "forwarded", "client"),
    [
        ("127.0.0.2", "127.0.3.1", "127.0.0.2"),
        ("127.0.0.1", "127.0.3.1", "127.0.3.1"),
        ("127.0.0.1", "127.0.3.1, 127.0.3.2", "127.0.3.2"),
        ("127.0.0.1", "127.0.3.1, 127.0.9.7", "127.0.3.1"),
        ("127.0.0.1", "127.0.9.8, 127.0.9.7", "127.0.9.8"),
        ("127.0.0.1", "127.0.3.1, bogus", "127.0.0.1"),
        ("127.0.0.1", "", "127.0.0.1"),
        ("::1", "127.0.3.1", "::1"),
    ],
)
def test_client_address(peer: str, forwarded: str, client: str) -> None:
    environ = {"REMOTE_ADDR": peer, "HTTP_X_FORWARDED_FOR": forwarded}
    assert client_address(environ, PROXY) == client


def test_ipv6_clients_are_grouped_by_64(tmp_path: Path) -> None:
    assert client_key("2001:db8:1:2:aaaa::1") == "2001:db8:1:2::/64"
    assert client_key("::ffff:127.0.0.7") == "127.0.0.7"
    site = make_site(tmp_path)
    same = [post_form(site.app, remote=f"2001:db8:1:2::{n}").status for n in range(1, 5)]
    assert same == [303, 303, 303, 429]
    assert post_form(site.app, remote="2001:db8:1:3::1").status == 303


def test_addresses_are_stored_only_as_keyed_hashes(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    post_form(site.app, remote="127.0.0.42")
    dump = "\n".join(site.database.connection().iterdump())
    assert "127.0.0.42" not in dump
    assert keyed_hash(SECRET, "127.0.0.42") in dump
    assert keyed_hash(b"another secret" * 3, "127.0.0.42") not in dump


def test_the_secret_is_created_once_readable_by_its_owner_only(tmp_path: Path) -> None:
    path = tmp_path / "var" / "comments.sqlite3.secret"
    secret = load_secret(path)
    assert len(secret) == 32 and load_secret(path) == secret
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert list(path.parent.iterdir()) == [path]
    path.write_text("short\n", encoding="ascii")
    with pytest.raises(ValueError) as error:
        load_secret(path)
    assert str(error.value) == (
        f"{path}: không phải tệp khóa (cần: 32 byte ngẫu nhiên viết dạng hex)"
    )
