"""The front-matter contract: a full article reads into the model; every bad input is named."""

from datetime import datetime, timedelta, timezone

import pytest

from bulletin.articles.model import Correction, Event, Image, Speaker
from conftest import read

PLUS7 = timezone(timedelta(hours=7))
P = "docs/articles/2022/06/bai.md"

FULL = """
---
title: Thực hiện có hiệu quả Kết luận số 21-KL/TW
date: 2022-06-23T18:30:00+07:00
category: Xây dựng Đảng
lead: Chiều 23/6, Tỉnh ủy tổ chức hội nghị.
source: Thanhuytphcm.vn
author: [Quốc Hùng, Thu Hà]
image:
  src: ../../../images/anh.png
  caption: Toàn cảnh hội nghị
  alt: Các đại biểu dự hội nghị
  credit: Việt Dũng
event: {name: Hội nghị Tỉnh ủy, date: 2022-06-23, place: Tân Hải}
speakers:
  - name: Nguyễn Văn An
    title: Bí thư Tỉnh ủy
    role: chủ trì
  - Trần Thị Bình
resolutions:
  - 21-KL/TW
  - code: 30/2020/NĐ-CP
    title: Về công tác văn thư
  - title: Nghị quyết Đại hội XIII của Đảng
tags: [xây dựng Đảng, cán bộ]
updated: 2022-06-24 09:00
corrections:
  - date: 2022-06-24 09:00
    note: Sửa chức danh của đồng chí Trần Thị Bình.
featured: true
draft: false
slug: ket-luan-21
comments: false
---
Thân bài.
"""


def test_a_full_article_reads_into_the_model() -> None:
    article, problems = read(FULL)
    assert problems == []
    assert article is not None
    assert article.title == "Thực hiện có hiệu quả Kết luận số 21-KL/TW"
    assert article.date == datetime(2022, 6, 23, 18, 30, tzinfo=PLUS7)
    assert article.authors == ["Quốc Hùng", "Thu Hà"]
    assert article.image == Image(
        "images/anh.png", "Các đại biểu dự hội nghị", "Toàn cảnh hội nghị", "Việt Dũng"
    )
    assert article.event == Event(
        "Hội nghị Tỉnh ủy", datetime(2022, 6, 23, tzinfo=PLUS7), "Tân Hải"
    )
    assert article.speakers == [
        Speaker("Nguyễn Văn An", "Bí thư Tỉnh ủy", "chủ trì"),
        Speaker("Trần Thị Bình"),
    ]
    codes = [r.code.text if r.code else None for r in article.resolutions]
    assert codes == ["21-KL/TW", "30/2020/NĐ-CP", None]
    assert [r.title for r in article.resolutions] == [
        None,
        "Về công tác văn thư",
        "Nghị quyết Đại hội XIII của Đảng",
    ]
    assert article.corrections == [
        Correction(
            datetime(2022, 6, 24, 9, tzinfo=PLUS7), "Sửa chức danh của đồng chí Trần Thị Bình."
        )
    ]
    assert (article.featured, article.draft, article.comments) == (True, False, False)
    assert (article.slug, article.body_line) == ("ket-luan-21", 34)  # "Thân bài."


def test_the_slug_is_made_from_the_title() -> None:
    article, _ = read("---\ntitle: Đảng bộ Thành phố\ndate: 2022-06-23\ncategory: A\n---\n")
    assert article is not None and article.slug == "dang-bo-thanh-pho"


def test_author_may_be_one_string_and_speakers_plain_names() -> None:
    article, problems = read(
        "---\ntitle: T\ndate: 2022-06-23\ncategory: A\nauthor: Thu Hà\nspeakers: [An, Bình]\n---\n"
    )
    assert problems == [] and article is not None
    assert article.authors == ["Thu Hà"]
    assert [speaker.name for speaker in article.speakers] == ["An", "Bình"]


def test_image_alt_defaults_to_the_caption() -> None:
    article, problems = read(
        "---\ntitle: T\ndate: 2022-06-23\ncategory: A\n"
        "image: {src: anh-canh.png, caption: Quang cảnh}\n---\n"
    )
    assert problems == [] and article is not None and article.image is not None
    assert (article.image.src, article.image.alt) == ("articles/2022/06/anh-canh.png", "Quang cảnh")


BAD_INPUTS = [
    (
        "missing required fields",
        "---\ntitle: Tin\nlead: x\n---\n",
        [
            f"{P}:2:1: date: bắt buộc mà chưa có (cần: một dòng date: 2022-06-23 18:30)",
            f"{P}:2:1: category: bắt buộc mà chưa có (cần: một dòng category: Xây dựng Đảng)",
        ],
    ),
    (
        "YAML syntax error",
        "---\ntitle: Tin\ndate: 2022-06-23\ncategory: Tin: mới\n---\n",
        [
            f"{P}:4:14: front-matter: lỗi cú pháp YAML: có dấu ': ' ở chỗ không được có "
            "(cần: thụt lề đều nhau; chữ có ': ' hay bắt đầu bằng dấu nháy thì đặt trong "
            "ngoặc kép)",
        ],
    ),
    (
        "date that does not exist",
        "---\ntitle: Tin\ndate: 2022-13-05\ncategory: A\n---\n",
        [
            f'{P}:3:7: date: "2022-13-05" không phải ngày tháng: tháng phải từ 1 đến 12 '
            "(cần: YYYY-MM-DD, YYYY-MM-DD HH:MM hoặc YYYY-MM-DDTHH:MM:SS+07:00)",
        ],
    ),
    (
        "date in another format",
        "---\ntitle: Tin\ndate: 23/06/2022\ncategory: A\n---\n",
        [
            f'{P}:3:7: date: "23/06/2022" không phải ngày tháng (cần: YYYY-MM-DD, '
            "YYYY-MM-DD HH:MM hoặc YYYY-MM-DDTHH:MM:SS+07:00)",
        ],
    ),
    (
        "a number where text is expected",
        "---\ntitle: 2022\ndate: 2022-06-23\ncategory: A\n---\n",
        [
            f'{P}:2:8: title: 2022 là một số (cần: chữ; viết "2022" trong ngoặc kép)',
        ],
    ),
    (
        "YAML's 18:30 trap",
        "---\ntitle: Tin\ndate: 2022-06-23\ncategory: 18:30\n---\n",
        [
            f"{P}:4:11: category: 18:30 bị YAML đọc thành một số: 1110 (cần: chữ; viết "
            '"18:30" trong ngoặc kép)',
        ],
    ),
    (
        "YAML's 0123 trap",
        "---\ntitle: Tin\ndate: 2022-06-23\ncategory: A\ntags:\n  - ok\n  - 0123\n---\n",
        [
            f'{P}:7:5: tags[2]: 0123 bị YAML đọc thành một số: 83 (cần: chữ; viết "0123" '
            "trong ngoặc kép)",
        ],
    ),
    (
        "YAML's yes trap",
        "---\ntitle: Tin\ndate: 2022-06-23\ncategory: A\nlead: yes\n---\n",
        [
            f"{P}:5:7: lead: yes bị YAML đọc thành giá trị đúng/sai: true (cần: chữ; viết "
            '"yes" trong ngoặc kép)',
        ],
    ),
    (
        "text where yes/no is expected",
        '---\ntitle: Tin\ndate: 2022-06-23\ncategory: A\nfeatured: "true"\n---\n',
        [
            f'{P}:5:11: featured: "true" là chữ (cần: true hoặc false)',
        ],
    ),
    (
        "codes in mixed styles and with the wrong issuer",
        "---\ntitle: Tin\ndate: 2022-06-23\ncategory: A\nresolutions:\n  - 21/KL-TW\n"
        "  - code: 21-KL/BCT\n    title: X\n  - {}\n---\n",
        [
            f'{P}:6:5: resolutions[1]: "21/KL-TW" viết lẫn kiểu văn bản của Đảng và của '
            "Nhà nước (cần: 21-KL/TW)",
            f'{P}:7:11: resolutions[2].code: "21-KL/BCT": Ban Chấp hành Trung ương, Bộ '
            "Chính trị, Ban Bí thư đều ký /TW (cần: 21-KL/TW)",
            f"{P}:9:5: resolutions[3]: để trống (cần: code: hoặc title:)",
        ],
    ),
    (
        "event after the article",
        "---\ntitle: Tin\ndate: 2022-06-23 18:30\ncategory: A\nevent:\n  name: Hội nghị\n"
        "  date: 2022-06-24\nupdated: 2022-06-22\n---\n",
        [
            f"{P}:7:9: event.date: 2022-06-24 sau thời gian đăng bài 2022-06-23 18:30 "
            "(cần: ngày diễn ra sự kiện, không sau date)",
            f"{P}:8:10: updated: 2022-06-22 trước thời gian đăng bài 2022-06-23 18:30 "
            "(cần: lần cập nhật gần nhất, sau date)",
        ],
    ),
    (
        "lead image that does not exist",
        "---\ntitle: Tin\ndate: 2022-06-23\ncategory: A\nimage:\n  src: ../../../images/x.png\n"
        "  caption: Ảnh\n---\n",
        [
            f'{P}:6:8: image.src: "../../../images/x.png" không có (đã tìm: docs/images/x.png)',
        ],
    ),
    (
        "lead image from another host",
        "---\ntitle: Tin\ndate: 2022-06-23\ncategory: A\nimage:\n  src: https://x.vn/a.png\n"
        "  alt: Ảnh\n---\n",
        [
            f'{P}:6:8: image.src: "https://x.vn/a.png" là địa chỉ web (cần: tệp ảnh trong '
            "thư mục docs)",
        ],
    ),
    (
        "lead image without alt text or caption",
        "---\ntitle: Tin\ndate: 2022-06-23\ncategory: A\nimage:\n  src: /images/anh.png\n---\n",
        [
            f"{P}:5:1: image.alt: chưa có (cần: mô tả ảnh)",
        ],
    ),
    (
        "a field given twice",
        "---\ntitle: Tin\ndate: 2022-06-23\ncategory: A\ntitle: Tin khác\n---\n",
        [
            f"{P}:5:1: title: đã có ở dòng 2 (cần: giữ một)",
        ],
    ),
    (
        "a slug that is not ASCII",
        "---\ntitle: Tin\ndate: 2022-06-23\ncategory: A\nslug: Đảng bộ\n---\n",
        [
            f'{P}:5:7: slug: "Đảng bộ" không dùng được làm địa chỉ (cần: chữ thường không '
            "dấu, số, dấu -: dang-bo)",
        ],
    ),
    (
        "a title without a letter",
        "---\ntitle: '!!!'\ndate: 2022-06-23\ncategory: A\n---\n",
        [
            f"{P}:2:8: title: không tạo được địa chỉ (cần: thêm trường slug: viết bằng "
            "chữ thường không dấu)",
        ],
    ),
    (
        "corrections without date or note",
        "---\ntitle: Tin\ndate: 2022-06-23\ncategory: A\ncorrections:\n  - date: 2022-06-24\n"
        "  - note: x\n  - x\n---\n",
        [
            f"{P}:6:5: corrections[1].note: bắt buộc mà chưa có",
            f"{P}:7:5: corrections[2].date: bắt buộc mà chưa có",
            f'{P}:8:5: corrections[3]: "x" là chữ (cần: các trường date, note)',
        ],
    ),
    (
        "a list that is not a list",
        "---\ntitle: Tin\ndate: 2022-06-23\ncategory: A\ntags: cán bộ\n---\n",
        [
            f'{P}:5:7: tags: "cán bộ" là chữ (cần: một danh sách, mỗi mục một dòng - …)',
        ],
    ),
    (
        "speaker without a name",
        "---\ntitle: Tin\ndate: 2022-06-23\ncategory: A\nspeakers:\n  - title: Bí thư\n---\n",
        [
            f"{P}:6:5: speakers[1].name: bắt buộc mà chưa có",
        ],
    ),
    (
        "a level-1 heading in the body",
        "---\ntitle: Tin\ndate: 2022-06-23\ncategory: A\n---\nMở đầu.\n\n# Tiêu đề\n",
        [
            f"{P}:8:1: body: tiêu đề mục cấp 1 (# …) tranh chỗ tiêu đề bài (cần: ## …)",
        ],
    ),
    (
        "an alias that is not an address of the site",
        "---\ntitle: Tin\ndate: 2022-06-23\ncategory: A\n"
        "aliases: [https://x.vn/a, /tin-cũ/]\n---\n",
        [
            f'{P}:5:11: aliases[1]: "https://x.vn/a" không phải một địa chỉ cũ của trang '
            "(cần: đường dẫn như /2020/01/ten-cu/ hoặc /tin-cu.html)",
            f'{P}:5:27: aliases[2]: "/tin-cũ/" không phải một địa chỉ cũ của trang (cần: '
            "đường dẫn như /2020/01/ten-cu/ hoặc /tin-cu.html)",
        ],
    ),
    (
        "no front-matter",
        "Chỉ có thân bài.\n",
        [
            f"{P}:1:1: front-matter: chưa có (cần: tệp bắt đầu bằng một dòng ---)",
        ],
    ),
    (
        "front-matter not closed",
        "---\ntitle: Tin\n",
        [
            f"{P}:1:1: front-matter: chưa được đóng (cần: một dòng --- sau các trường)",
        ],
    ),
]


@pytest.mark.parametrize(
    ("text", "expected"), [case[1:] for case in BAD_INPUTS], ids=[case[0] for case in BAD_INPUTS]
)
def test_bad_input_is_named_with_its_line(text: str, expected: list[str]) -> None:
    _, problems = read(text)
    assert problems == expected


WARNINGS = [
    (
        "a misspelt field",
        "---\ntitle: Tin\ndate: 2022-06-23\ncategory: A\nspeaker: Nguyễn Văn An\n---\n",
        [
            f"{P}:5:1: speaker: trường lạ, bị bỏ qua (cần: speakers?)",
        ],
    ),
    (
        "a misspelt sub-field",
        "---\ntitle: Tin\ndate: 2022-06-23\ncategory: A\nspeakers:\n  - name: An\n"
        "    tittle: Bí thư\n---\n",
        [
            f"{P}:7:5: speakers[1].tittle: trường lạ, bị bỏ qua (cần: title?)",
        ],
    ),
    (
        "an unknown field",
        "---\ntitle: Tin\ndate: 2022-06-23\ncategory: A\nxyzzy: 1\n---\n",
        [
            f"{P}:5:1: xyzzy: trường lạ, bị bỏ qua (cần: một trong title, date, category, "
            "lead, source, author, image, event, speakers, resolutions, tags, updated, "
            "corrections, featured, draft, slug, comments, aliases)",
        ],
    ),
    (
        "a body image without alt text",
        "---\ntitle: Tin\ndate: 2022-06-23\ncategory: A\n---\n![](anh-canh.png)\n",
        [
            f'{P}:6:1: body: ảnh "anh-canh.png" chưa có mô tả (cần: ![ảnh chụp gì](…))',
        ],
    ),
]


@pytest.mark.parametrize(
    ("text", "expected"), [case[1:] for case in WARNINGS], ids=[case[0] for case in WARNINGS]
)
def test_doubtful_input_is_a_warning_and_the_article_stays(text: str, expected: list[str]) -> None:
    article, problems = read(text)
    assert problems == expected
    assert article is not None


def test_every_problem_of_a_file_is_reported_at_once() -> None:
    _, problems = read(
        "---\ntitle: 2022\ndate: 2022-13-05\ncategory: A\nresolutions: [21-KL/BCT]\n---\n"
    )
    assert [problem.split(": ")[1] for problem in problems] == ["title", "date", "resolutions[1]"]


def test_code_with_lines_in_body_fence_is_not_a_heading() -> None:
    _, problems = read("---\ntitle: T\ndate: 2022-06-23\ncategory: A\n---\n```\n# x\n```\n")
    assert problems == []
