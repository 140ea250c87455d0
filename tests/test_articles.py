"""The front-matter contract: a full article reads into the model; every bad input is named."""

from datetime import datetime, timedelta, timezone

import pytest

from bulletin.articles import Correction, Event, Image, Speaker
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
    assert (article.slug, article.body) == ("ket-luan-21", "Thân bài.\n")


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
            f"{P}:2: date: is required but missing (expected a line date: 2022-06-23 18:30)",
            f"{P}:2: category: is required but missing (expected a line category: Xây dựng Đảng)",
        ],
    ),
    (
        "YAML syntax error",
        "---\ntitle: Tin\ndate: 2022-06-23\ncategory: Tin: mới\n---\n",
        [
            f"{P}:4: front-matter: YAML syntax error: mapping values are not allowed in this "
            "context (check the indentation, and put text containing ': ' or starting with a quote "
            "in quotes)"
        ],
    ),
    (
        "date that does not exist",
        "---\ntitle: Tin\ndate: 2022-13-05\ncategory: A\n---\n",
        [
            f"{P}:3: date: '2022-13-05' is not a date: month must be in 1..12 (expected "
            "YYYY-MM-DD, YYYY-MM-DD HH:MM or YYYY-MM-DDTHH:MM:SS+07:00)"
        ],
    ),
    (
        "date in another format",
        "---\ntitle: Tin\ndate: 23/06/2022\ncategory: A\n---\n",
        [
            f"{P}:3: date: '23/06/2022' is not a date (expected YYYY-MM-DD, YYYY-MM-DD HH:MM "
            "or YYYY-MM-DDTHH:MM:SS+07:00)"
        ],
    ),
    (
        "a number where text is expected",
        "---\ntitle: 2022\ndate: 2022-06-23\ncategory: A\n---\n",
        [f'{P}:2: title: 2022 is a number (expected text; write "2022" in quotes)'],
    ),
    (
        "YAML's 18:30 trap",
        "---\ntitle: Tin\ndate: 2022-06-23\ncategory: 18:30\n---\n",
        [
            f"{P}:4: category: 18:30 is read by YAML as a number, 1110 "
            '(expected text; write "18:30" in quotes)'
        ],
    ),
    (
        "YAML's 0123 trap",
        "---\ntitle: Tin\ndate: 2022-06-23\ncategory: A\ntags:\n  - ok\n  - 0123\n---\n",
        [
            f"{P}:7: tags[2]: 0123 is read by YAML as a number, 83 "
            '(expected text; write "0123" in quotes)'
        ],
    ),
    (
        "YAML's yes trap",
        "---\ntitle: Tin\ndate: 2022-06-23\ncategory: A\nlead: yes\n---\n",
        [
            f"{P}:5: lead: yes is read by YAML as a yes/no value, true "
            '(expected text; write "yes" in quotes)'
        ],
    ),
    (
        "text where yes/no is expected",
        '---\ntitle: Tin\ndate: 2022-06-23\ncategory: A\nfeatured: "true"\n---\n',
        [f'{P}:5: featured: "true" is text (expected true or false)'],
    ),
    (
        "codes in mixed styles and with the wrong issuer",
        "---\ntitle: Tin\ndate: 2022-06-23\ncategory: A\nresolutions:\n  - 21/KL-TW\n"
        "  - code: 21-KL/BCT\n    title: X\n  - {}\n---\n",
        [
            f"{P}:6: resolutions[1]: '21/KL-TW' mixes the Party and State styles "
            "(expected 21-KL/TW)",
            f"{P}:7: resolutions[2].code: '21-KL/BCT': the central Party organs sign as /TW "
            "(expected 21-KL/TW)",
            f"{P}:9: resolutions[3]: is empty (expected code: or title:)",
        ],
    ),
    (
        "event after the article",
        "---\ntitle: Tin\ndate: 2022-06-23 18:30\ncategory: A\nevent:\n  name: Hội nghị\n"
        "  date: 2022-06-24\nupdated: 2022-06-22\n---\n",
        [
            f"{P}:7: event.date: 2022-06-24 is after the article's date 2022-06-23 18:30 "
            "(expected the day of the event, on or before date)",
            f"{P}:8: updated: 2022-06-22 is before the article's date 2022-06-23 18:30 "
            "(expected the time of the last update, after date)",
        ],
    ),
    (
        "lead image that does not exist",
        "---\ntitle: Tin\ndate: 2022-06-23\ncategory: A\nimage:\n  src: ../../../images/x.png\n"
        "  caption: Ảnh\n---\n",
        [
            f'{P}:6: image.src: "../../../images/x.png" does not exist '
            "(looked for docs/images/x.png)"
        ],
    ),
    (
        "lead image from another host",
        "---\ntitle: Tin\ndate: 2022-06-23\ncategory: A\nimage:\n  src: https://x.vn/a.png\n"
        "  alt: Ảnh\n---\n",
        [
            f'{P}:6: image.src: "https://x.vn/a.png" is a web address (expected a file next to '
            "the article)"
        ],
    ),
    (
        "lead image without alt text or caption",
        "---\ntitle: Tin\ndate: 2022-06-23\ncategory: A\nimage:\n  src: /images/anh.png\n---\n",
        [f"{P}:5: image.alt: is missing (describe the photo)"],
    ),
    (
        "a field given twice",
        "---\ntitle: Tin\ndate: 2022-06-23\ncategory: A\ntitle: Tin khác\n---\n",
        [f"{P}:5: title: is given twice (first at line 2; keep one)"],
    ),
    (
        "a slug that is not ASCII",
        "---\ntitle: Tin\ndate: 2022-06-23\ncategory: A\nslug: Đảng bộ\n---\n",
        [f'{P}:5: slug: "Đảng bộ" is not a URL slug (expected a-z, 0-9, -: "dang-bo")'],
    ),
    (
        "a title without a letter",
        "---\ntitle: '!!!'\ndate: 2022-06-23\ncategory: A\n---\n",
        [f"{P}:2: title: gives no URL (add slug: with a-z words)"],
    ),
    (
        "corrections without date or note",
        "---\ntitle: Tin\ndate: 2022-06-23\ncategory: A\ncorrections:\n  - date: 2022-06-24\n"
        "  - note: x\n  - x\n---\n",
        [
            f"{P}:6: corrections[1].note: is required but missing",
            f"{P}:7: corrections[2].date: is required but missing",
            f'{P}:8: corrections[3]: "x" is text (expected fields date, note)',
        ],
    ),
    (
        "a list that is not a list",
        "---\ntitle: Tin\ndate: 2022-06-23\ncategory: A\ntags: cán bộ\n---\n",
        [f'{P}:5: tags: "cán bộ" is text (expected a list: lines - item)'],
    ),
    (
        "speaker without a name",
        "---\ntitle: Tin\ndate: 2022-06-23\ncategory: A\nspeakers:\n  - title: Bí thư\n---\n",
        [f"{P}:6: speakers[1].name: is required but missing"],
    ),
    (
        "a level-1 heading in the body",
        "---\ntitle: Tin\ndate: 2022-06-23\ncategory: A\n---\nMở đầu.\n\n# Tiêu đề\n",
        [f"{P}:8: body: a level-1 heading (# …) competes with the title (expected ## …)"],
    ),
    (
        "an alias that is not an address of the site",
        "---\ntitle: Tin\ndate: 2022-06-23\ncategory: A\n"
        "aliases: [https://x.vn/a, /tin-cũ/]\n---\n",
        [
            f'{P}:5: aliases[1]: "https://x.vn/a" is not an old address of this site '
            "(expected a path such as /2020/01/ten-cu/ or /tin-cu.html)",
            f'{P}:5: aliases[2]: "/tin-cũ/" is not an old address of this site '
            "(expected a path such as /2020/01/ten-cu/ or /tin-cu.html)",
        ],
    ),
    (
        "no front-matter",
        "Chỉ có thân bài.\n",
        [f"{P}:1: front-matter: missing (expected the file to start with a line ---)"],
    ),
    (
        "front-matter not closed",
        "---\ntitle: Tin\n",
        [f"{P}:1: front-matter: is not closed (expected a line --- after the fields)"],
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
        [f'{P}:5: speaker: unknown field, ignored (did you mean "speakers"?)'],
    ),
    (
        "a misspelt sub-field",
        "---\ntitle: Tin\ndate: 2022-06-23\ncategory: A\nspeakers:\n  - name: An\n"
        "    tittle: Bí thư\n---\n",
        [f'{P}:7: speakers[1].tittle: unknown field, ignored (did you mean "title"?)'],
    ),
    (
        "an unknown field",
        "---\ntitle: Tin\ndate: 2022-06-23\ncategory: A\nxyzzy: 1\n---\n",
        [
            f"{P}:5: xyzzy: unknown field, ignored (known fields: title, date, category, lead, "
            "source, author, image, event, speakers, resolutions, tags, updated, corrections, "
            "featured, draft, slug, comments, aliases)"
        ],
    ),
    (
        "a body image without alt text",
        "---\ntitle: Tin\ndate: 2022-06-23\ncategory: A\n---\n![](anh-canh.png)\n",
        [
            f'{P}:6: body: image "anh-canh.png" has no alt text '
            "(expected ![what the photo shows](…))"
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
