"""Material's Vietnamese strings, with the English and mistranslated ones put right."""

import re
from importlib import resources
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
OURS = REPO / "overrides/partials/languages/vi.html"


def strings(text: str) -> dict[str, str]:
    return dict(re.findall(r'^\s*"([\w.]+)": "(.*)",?$', text, flags=re.MULTILINE))


def materials() -> dict[str, str]:
    path = resources.files("material") / "templates/partials/languages/vi.html"
    return strings(path.read_text(encoding="utf-8"))


def test_every_key_of_material_is_translated() -> None:
    assert set(materials()) <= set(strings(OURS.read_text(encoding="utf-8")))


def test_no_string_is_left_in_english_or_mistranslated() -> None:
    ours = strings(OURS.read_text(encoding="utf-8"))
    english = {"Metadata", "RSS feed", "Initializing search", "Contributors", "Tabs"}
    assert not english & set(ours.values())
    assert ours["top"] == "Lên đầu trang"  # Material says "back to the table of contents"
    assert ours["blog.meta"] == "Thông tin bài viết"
