"""Editorial checks across articles: probable duplicate people and tags, codes not listed."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from bulletin.articles.catalog import Catalog
from bulletin.articles.model import Article
from bulletin.articles.problems import Problem, Severity
from bulletin.registries.registry import Registry
from bulletin.text.codes import find_codes
from bulletin.text.vietnamese import fold, tone_key

Comparable = Callable[[str, str], bool]
"""Whether two spellings one typo apart may be compared at all."""


@dataclass(frozen=True)
class Mention:
    """A name as written in one article: a speaker or a tag."""

    text: str
    article: Article
    field: str


def lint(catalog: Catalog, registry: Registry | None = None) -> list[Problem]:
    """Warnings that need every article at hand (and so are not part of reading one).

    Names the people registry lists (as people or aliases) are never a probable duplicate."""
    known = registry or Registry()
    articles, shown_dir = catalog.articles, catalog.shown_dir

    people = [
        Mention(speaker.name, article, _speaker_field(article, i))
        for article in articles
        for i, speaker in enumerate(article.speakers, start=1)
    ]
    tags = [
        Mention(tag, article, f"tags[{i}]")
        for article in articles
        for i, tag in enumerate(article.tags, start=1)
    ]
    return [
        *_near_duplicates(people, shown_dir, "người", _same_given_name, known),
        *_near_duplicates(tags, shown_dir, "từ khóa", lambda a, b: len(a) >= 6, None),
        *(
            problem
            for article in articles
            for problem in _uncited(article, catalog.body(article), shown_dir)
        ),
    ]


def _speaker_field(article: Article, index: int) -> str:
    field = f"speakers[{index}].name"
    return field if field in article.places else f"speakers[{index}]"


def _same_given_name(first: str, second: str) -> bool:
    """People's typos are checked only among names with the same given name (the last word)
    that differ in one word of four letters or more (`Võ`/`Vũ`, `Lê`/`Lý` are other people)."""
    words, others = first.split(), second.split()
    if words[-1:] != others[-1:] or len(words) < 2 or len(words) != len(others):
        return False
    changed = [(a, b) for a, b in zip(words, others, strict=True) if a != b]
    return len(changed) == 1 and min(len(changed[0][0]), len(changed[0][1])) >= 4


def _near_duplicates(
    mentions: list[Mention],
    shown_dir: str,
    kind: str,
    comparable: Comparable,
    registry: Registry | None,
) -> Iterable[Problem]:
    """Spellings that differ by diacritics only, or by one typo, from a commoner spelling."""
    by_key: dict[str, list[Mention]] = defaultdict(list)
    for mention in mentions:
        by_key[tone_key(mention.text)].append(mention)
    spellings = Counter({key: len(found) for key, found in by_key.items()})
    folded = {key: fold(found[0].text) for key, found in by_key.items()}
    for rare, common, how in _pairs(spellings, folded, comparable):
        other = by_key[common][0]
        if registry and _both_registered(registry, by_key[rare][0].text, other.text):
            continue
        where = f"{shown_dir}/{other.article.src_uri}:{_line(other)}"
        for mention in by_key[rare]:
            yield _warning(
                mention,
                shown_dir,
                f'"{mention.text}" giống {kind} "{other.text}" ({where}), chỉ khác {how} '
                f"(cần: một {kind} một cách viết)",
            )


def _pairs(
    spellings: Counter[str], folded: dict[str, str], comparable: Comparable
) -> Iterable[tuple[str, str, str]]:
    """(rare, common, how they differ) for spellings keyed by `tone_key`."""
    by_fold: dict[str, list[str]] = defaultdict(list)
    for spelling in spellings:
        by_fold[folded[spelling]].append(spelling)
    for variants in by_fold.values():
        ranked = sorted(variants, key=lambda s: (-spellings[s], s))
        yield from ((rare, ranked[0], "dấu") for rare in ranked[1:])
    for first, second in _one_edit_apart(list(by_fold)):
        if comparable(first, second) and not _numbers_differ(first, second):
            a, b = (max(by_fold[key], key=spellings.__getitem__) for key in (first, second))
            rare, common = sorted((a, b), key=lambda s: (spellings[s], s))
            yield rare, common, "một chữ gõ nhầm"


def _both_registered(registry: Registry, first: str, second: str) -> bool:
    """Two people of the registry, or two spellings of one of them: decided, not a doubt."""
    return registry.person(first) is not None and registry.person(second) is not None


_NUMBER = re.compile(r"\d+|[ivxlcdm]+")


def _numbers_differ(first: str, second: str) -> bool:
    """`kỳ họp thứ 7` and `thứ 8`, `khóa xv` and `xiv`: numbers differ, not spellings."""
    words = zip(first.split(), second.split(), strict=False)
    changed = [pair for pair in words if pair[0] != pair[1]] or [(first, second)]
    return any(_NUMBER.fullmatch(word) for pair in changed for word in pair)


def _one_edit_apart(keys: list[str]) -> Iterable[tuple[str, str]]:
    """Pairs of keys one substitution, insertion, deletion or transposition apart."""
    index: dict[str, set[str]] = defaultdict(set)
    for key in keys:
        for variant in _deletions(key):
            index[variant].add(key)
    seen: set[tuple[str, str]] = set()
    for group in index.values():
        for first in group:
            for second in group:
                pair = (first, second)
                if first < second and pair not in seen and _edit_distance_is_one(*pair):
                    seen.add(pair)
                    yield pair


def _deletions(key: str) -> set[str]:
    return {key, *(key[:i] + key[i + 1 :] for i in range(len(key)))}


def _edit_distance_is_one(a: str, b: str) -> bool:
    if abs(len(a) - len(b)) > 1 or a == b:
        return False
    start = next(
        (i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b))
    )
    rest_a, rest_b = a[start:], b[start:]
    if len(a) == len(b):
        swapped = len(rest_a) > 1 and rest_a[1] == rest_b[0] and rest_a[0] == rest_b[1]
        return rest_a[1:] == rest_b[1:] or (swapped and rest_a[2:] == rest_b[2:])
    return rest_a[1:] == rest_b if len(a) > len(b) else rest_a == rest_b[1:]


def _uncited(article: Article, body: str, shown_dir: str) -> Iterable[Problem]:
    """Codes the `body` cites that `resolutions:` does not list."""
    listed = {resolution.code.text for resolution in article.resolutions if resolution.code}
    reported: set[str] = set()
    for code, offset in find_codes(body):
        if code.text in listed or code.text in reported:
            continue
        reported.add(code.text)
        line = article.body_line + body.count("\n", 0, offset)
        column = offset - body.rfind("\n", 0, offset)
        yield Problem(
            f"{shown_dir}/{article.src_uri}",
            line,
            column,
            "body",
            f"{code.text} được nhắc ở đây mà chưa có trong resolutions: (cần: thêm vào đó)",
            Severity.WARNING,
        )


def _line(mention: Mention) -> int:
    place = mention.article.places.get(mention.field)
    return place.line if place else mention.article.line


def _warning(mention: Mention, shown_dir: str, message: str) -> Problem:
    place = mention.article.places.get(mention.field)
    line, column = (place.line, place.column) if place else (mention.article.line, 1)
    path = f"{shown_dir}/{mention.article.src_uri}"
    return Problem(path, line, column, mention.field, message, Severity.WARNING)
