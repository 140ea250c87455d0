"""argparse in Vietnamese, for the moderation tool: headings, `-h`, the errors it reports,
and the types of the tool's arguments (each names what it expects).

argparse takes its words from gettext, with no Vietnamese catalogue; rather than install one
for the whole process, this parser names its own headings and translates the few messages
argparse composes (a required argument missing, a wrong value, an unknown command).
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable, Iterable
from typing import Any, NoReturn

from bulletin.comments.clients import parse_proxies
from bulletin.comments.identity import is_day
from bulletin.comments.origins import parse_origin
from bulletin.text.dates import site_zone

USAGE = "cách dùng: "

_MESSAGES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(english), vietnamese)
    for english, vietnamese in (
        (r"the following arguments are required: (.*)", r"thiếu đối số bắt buộc: \1"),
        (r"one of the arguments (.*) is required", r"cần một trong các đối số \1"),
        (r"unrecognized arguments: (.*)", r"đối số không nhận ra: \1"),
        (r"invalid choice: (.*) \(choose from (.*)\)", r"không có lựa chọn \1 (chọn: \2)"),
        (r"expected one argument", "cần một giá trị"),
        (r"expected at most one argument", "cần nhiều nhất một giá trị"),
        (r"expected at least one argument", "cần ít nhất một giá trị"),
        (r"expected (\d+) arguments?", r"cần \1 giá trị"),
        (r"ambiguous option: (.*) could match (.*)", r"tùy chọn \1 chưa rõ: có thể là \2"),
        (r"invalid (.*) value: (.*)", r"giá trị \2 không hợp lệ (cần \1)"),
        (r"not allowed with argument (.*)", r"không dùng được cùng đối số \1"),
        (r"ignored explicit argument (.*)", r"giá trị \1 bị bỏ qua"),
    )
)
_ARGUMENT = re.compile(r"argument (.+?): (.*)", re.DOTALL)


def translate(message: str) -> str:
    """An argparse error message in Vietnamese (a message it does not know stays as it is)."""
    argument = _ARGUMENT.fullmatch(message)
    if argument:
        return f"đối số {argument[1]}: {translate(argument[2])}"
    for english, vietnamese in _MESSAGES:
        if english.fullmatch(message):
            return english.sub(vietnamese, message)
    return message


class VietnameseFormatter(argparse.HelpFormatter):
    """The help, its usage line headed `cách dùng:`."""

    def add_usage(
        self,
        usage: str | None,
        actions: Iterable[argparse.Action],
        groups: Iterable[argparse._MutuallyExclusiveGroup],
        prefix: str | None = None,
    ) -> None:
        super().add_usage(usage, actions, groups, USAGE if prefix is None else prefix)


class VietnameseParser(argparse.ArgumentParser):
    """An ArgumentParser whose help and errors are in Vietnamese; its subcommands' too."""

    def __init__(self, *args: Any, **options: Any) -> None:
        options.setdefault("formatter_class", VietnameseFormatter)
        add_help, parents = options.pop("add_help", True), options.pop("parents", [])
        options["add_help"] = False
        super().__init__(*args, **options)
        self._positionals.title = "đối số"
        self._optionals.title = "tùy chọn"
        if add_help:
            self.add_argument("-h", "--help", action="help", help="in hướng dẫn này rồi thoát")
        for parent in parents:  # as argparse does, once the headings match the parents'
            self._add_container_actions(parent)
            self._defaults.update(parent._defaults)

    def error(self, message: str) -> NoReturn:
        """Print the usage and the error in Vietnamese, and exit 2."""
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: lỗi: {translate(message)}\n")


def typed(convert: Callable[[str], object], what: str) -> Callable[[str], object]:
    """An argument type: `convert`, with the error `'x' không phải {what}`."""

    def parse(value: str) -> object:
        try:
            return convert(value)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{value!r} không phải {what}") from None

    return parse


def _bounded(low: int, high: int) -> Callable[[str], int]:
    def parse(value: str) -> int:
        number = int(value)
        if not low <= number <= high:
            raise ValueError(value)
        return number

    return parse


def _publication_day(value: str) -> str:
    if not is_day(value):
        raise ValueError(value)
    return value


comment_number = typed(_bounded(1, 2**63 - 1), "số của một bình luận")
day_count = typed(_bounded(0, 100_000), "một số ngày")
positive_number = typed(_bounded(1, 1024), "một số dương")
port_number = typed(_bounded(1, 65535), "một số cổng")
site_origin = typed(parse_origin, "một nguồn như https://example.org")
proxy_network = typed(lambda value: parse_proxies([value])[0], "một địa chỉ IP hay mạng")
time_zone = typed(site_zone, "một múi giờ (như Asia/Ho_Chi_Minh)")
iso_day = typed(_publication_day, "một ngày YYYY-MM-DD")
