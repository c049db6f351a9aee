"""The check «a body section repeats a heading the page shows» renders a body only when one of its lines can
be such a heading (``headings._may_have_heading``): the filter must never hide a heading the renderer
would produce, whatever Markdown writes it (ATX with or without a space, setext, quotes, lists, emphasis,
links, code, raw HTML, character references)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mentorbank.headings import _Headings, _may_have_heading, repeated_headings, same_heading
from mentorbank.loader import Source
from mentorbank.markup import render_markdown
from mentorbank.model import Record

#: Field headings a practice with ``resources`` and ``goal`` shows (``FIELD_HEADINGS``), folded.
KEYS = {same_heading("Ресурсы"), same_heading("Цель")}


def practice(body: str) -> Record:
    data = {"title": "Практика", "resources": "Кабинет", "goal": "Цель практики"}
    return Record("p", "practice", data, body, Source("practices/practices/p.md", data, body, 10), Path("p.md"))


def rendered_keys(body: str) -> set[str]:
    """Field headings among the headings of ``body`` as the page renders it."""
    parser = _Headings()
    parser.feed(render_markdown(body))
    return {same_heading(text) for text in parser.found} & KEYS


SECTIONS = [
    "## Ресурсы\n\nКабинет и проектор.",
    "##Ресурсы\n\nБез пробела после решётки.",
    "Текст.\n\n### Ресурсы ###\n",
    "## **Ре**сурсы\n",
    "## Р*есурс*ы\n",
    "## [Ресурсы](https://example.org/r)\n",
    "## `Ресурсы`\n",
    "> ## Ресурсы\n>\n> Цитата.",
    "- пункт\n\n    ## Ресурсы\n",
    "Ресурсы\n-------\n\nТекст.",
    "Цель:\n=====\n",
    "> Ресурсы\n> -------\n",
    "## &#1056;есурсы\n",
    "## &#x420;есурсы\n",
    "<h2>Ресурсы</h2>\n\nТекст.",
    "<h1>Цель</h1>",
    "Вступление.\n\n# Цель.\n",
]


@pytest.mark.parametrize("body", SECTIONS)
def test_a_section_repeating_a_field_heading_is_found_however_the_heading_is_written(body):
    assert rendered_keys(body), "the case must really render a field heading"
    assert _may_have_heading(body, KEYS)
    problems = repeated_headings(practice(body))
    assert [p.field for p in problems] == [""] and "повторяет заголовок" in problems[0].message


@pytest.mark.parametrize("body", [
    "## Результаты\n\nРесурсы школы и цель года описаны в полях.",
    "Цель и ресурсы — в тексте, не в заголовке.\n\n## Этапы\n",
    "## Итоги\n\n---\n\nЦель достигнута.",
])
def test_a_body_that_only_mentions_a_field_heading_in_its_text_is_not_rendered_by_the_check(body):
    assert not rendered_keys(body)
    assert not _may_have_heading(body, KEYS)
    assert repeated_headings(practice(body)) == []


#: Pieces of Markdown from which bodies are drawn: marks of headings, quotes, lists, emphasis, links, raw HTML,
#: character references, and the letters of the field headings, whole and split.
PIECES = ["Ресурсы", "Рес", "урсы", "Цель", "Це", "ль", ":", ".", "#", "## ", " ", "\n", "\n\n", "---", "===",
          "-", "=", "> ", "- ", "1. ", "    ", "**", "*", "_", "`", "[", "](https://e.org)", "&#1056;", "&#x426;",
          "&amp;", "<h2>", "</h2>", "<h3>", "<b>", "слово", "ё", "\\"]


@settings(derandomize=True, max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=24).map("".join))
def test_the_filter_never_hides_a_field_heading_the_renderer_would_show(body):
    if not _may_have_heading(body, KEYS):
        assert rendered_keys(body) == set(), body
