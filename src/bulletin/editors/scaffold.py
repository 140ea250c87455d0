"""`bulletin new`: start an article from its title, with the front-matter filled in."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from bulletin.articles.catalog import Catalog
from bulletin.text.vietnamese import normalize, slugify, tone_key

TEMPLATE = """\
---
title: {title}
date: {date}
category: {category}
# Bài mới là bản nháp: xóa dòng dưới (hoặc ghi false) khi bài được duyệt đăng.
draft: true
# Các dòng mẫu bắt đầu bằng dấu #: bỏ dấu # ở những dòng cần dùng rồi điền.
#lead: Sapo, một đến ba câu tóm tắt nội dung bài.
#source: Baotinh.vn
#author: Tên phóng viên
image:
#  src: /images/ten-anh.png
#  caption: Chú thích ảnh.
#  alt: Mô tả ảnh cho người không xem được ảnh
#  credit: Tên người chụp
speakers:
#  - name: Nguyễn Văn A
#    title: Bí thư Tỉnh ủy
#    role: chủ trì
#  - Trần Thị B
resolutions:
#  - 21-KL/TW
#  - code: 30/2020/NĐ-CP
#    title: Về công tác văn thư
#  - title: Nghị quyết Đại hội XIII của Đảng
tags:
#  - từ khóa
---

Nội dung bài viết.
"""
"""A field that takes several lines (image, speakers, resolutions, tags) is written empty, its
example lines commented below it: removing the `#` of an example (a one-line field, a list
item with its lines, or all of image) gives valid front-matter, whatever else is uncommented."""


class ScaffoldError(Exception):
    """The article cannot be created; the message says why and what to do."""


def known_categories(catalog: Catalog) -> list[str]:
    """Categories the site already uses, each in its most common spelling."""
    spellings: dict[str, dict[str, int]] = {}
    for article in catalog.articles:
        counts = spellings.setdefault(tone_key(article.category), {})
        counts[article.category] = counts.get(article.category, 0) + 1
    return sorted(max(counts, key=counts.__getitem__) for counts in spellings.values())


def choose_category(wanted: str, known: list[str]) -> str:
    """The known spelling of `wanted` (case and tone placement aside), or a ScaffoldError."""
    if not known:
        return normalize(wanted).strip()
    for category in known:
        if tone_key(category) == tone_key(wanted):
            return category
    listed = "\n".join(f"  - {category}" for category in known)
    raise ScaffoldError(
        f'"{wanted}" không phải chuyên mục của trang (cần: một chuyên mục đang có):\n{listed}'
    )


def create(
    articles_dir: Path,
    title: str,
    category: str,
    now: datetime,
    shown: Callable[[Path], str] = Path.as_posix,
) -> Path:
    """Write `<articles_dir>/<yyyy>/<mm>/<slug>.md`, never over an existing file (named by
    `shown` in the message that says so)."""
    title = normalize(title).strip()
    slug = slugify(title)
    if not slug:
        raise ScaffoldError(
            f'"{title}" không có chữ hay số nào để đặt tên tệp (cần: tiêu đề có chữ)'
        )
    path = articles_dir / f"{now:%Y}" / f"{now:%m}" / f"{slug}.md"
    text = TEMPLATE.format(
        title=_quoted(title), date=f"{now:%Y-%m-%d %H:%M}", category=_quoted(category)
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8") as file:
            file.write(text)
    except FileExistsError as error:
        raise ScaffoldError(f"{shown(path)} đã có: không ghi gì (cần: một tiêu đề khác)") from error
    return path


def _quoted(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML), safe for any title."""
    return json.dumps(text, ensure_ascii=False)
