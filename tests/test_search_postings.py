"""A part's terms and postings made in arrays (`postings`): each term's articles in order, with
the fields it is in, whatever the batches and however large the numbers; and NumPy kept out of
the build's process."""

from __future__ import annotations

import os
import subprocess
import sys
from collections import defaultdict

import pytest

from bulletin.search import postings
from bulletin.search.postings import BODY, PEOPLE, TITLE, PartPostings, entry, fielded_terms
from test_search_parts import Record, corpus


def expected_entries(numbered: list[tuple[int, Record]]) -> list[tuple[bytes, bytes]]:
    """Each term's entry from each article's terms one at a time: what the arrays must make."""
    articles: defaultdict[str, list[int]] = defaultdict(list)
    for number, record in numbered:
        for term, fields in fielded_terms(record).items():
            articles[term].append(number << 3 | fields)
    return [(term.encode(), entry(term, articles[term])) for term in sorted(articles)]


@pytest.mark.parametrize("step", [1, 977])
def test_each_term_s_articles_are_in_order_across_batches(
    monkeypatch: pytest.MonkeyPatch, step: int
) -> None:
    """Batches of 7 articles, varints made 5 at a time; article numbers up to 292,000 (four
    bytes a posting with its fields), a record with no text, one with nothing but a facet."""
    monkeypatch.setattr(postings, "BATCH", 7)
    monkeypatch.setattr(postings, "VARINTS", 5)
    records = [*corpus(300), {"title": "Đảng bộ", "text": ""}, {"facets": ["#year:2020"]}]
    numbered = [(number * step, record) for number, record in enumerate(records)]
    part = PartPostings()
    for number, record in numbered:
        part.add(number, record)
    grouped = part.grouped()
    assert list(grouped.entries()) == expected_entries(numbered)
    assert grouped.terms == sorted(grouped.terms) and "#year:2020" in grouped.terms


def test_an_article_s_term_is_one_posting_with_every_field_it_is_in() -> None:
    record: Record = {
        "title": "Đảng bộ tỉnh",
        "lead": "Hội nghị",
        "speakers": ["Nguyễn Phước Lộc"],
        "documents": ["Kết luận số 21-KL/TW"],
        "text": "Đảng bộ tỉnh họp. Đồng chí Nguyễn Phước Lộc nói về Kết luận 21-KL/TW; đảng bộ",
        "facets": ["#year:2024", "#year:2024"],
    }
    terms = fielded_terms(record)
    assert terms["dang bo"] == TITLE | BODY and terms["dang bo tinh"] == TITLE | BODY
    assert terms["nguyen phuoc loc"] == PEOPLE | BODY and terms["21 kl tw"] == PEOPLE | BODY
    assert terms["hoi nghi"] == TITLE and terms["ket luan so"] == PEOPLE
    assert terms["#year:2024"] == 0 and "tinh hoi" not in terms  # title and lead: two texts
    assert "tinh hop dong" not in terms and fielded_terms({}) == {}


def test_the_build_s_process_never_loads_numpy_and_loading_it_starts_no_thread() -> None:
    """A process with a thread beside its own may not fork its rendering processes: NumPy's
    linear algebra would start one a core."""
    code = (
        "import os, sys\n"
        "import bulletin.mkdocs_plugin.plugin, bulletin.search.indexer, bulletin.search.bundles\n"
        "print('numpy' in sys.modules)\n"
        "import bulletin.search.postings\n"
        "print('numpy' in sys.modules, len(os.listdir('/proc/self/task')))\n"
    )
    environment = {k: v for k, v in os.environ.items() if not k.endswith("_NUM_THREADS")}
    shown = subprocess.run(
        [sys.executable, "-c", code], env=environment, capture_output=True, text=True, check=True
    )
    assert shown.stdout.split() == ["False", "True", "1"]


def test_a_filter_s_value_that_could_be_a_term_of_text_is_refused() -> None:
    with pytest.raises(ValueError, match=r"a filter's value must begin with '#', not 'nam 2024'"):
        PartPostings().add(0, {"text": "năm 2024", "facets": ["nam 2024"]})
