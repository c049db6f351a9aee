"""One heading per record page: a section of the body must not repeat a heading the page already shows for a
card field (a practice's «## Ресурсы» under the «Ресурсы» of its ``resources`` field).

The pages are ``mentorbank/templates/{practice,winner,event}.html`` (and «Документы» of ``_macros.html``);
``tests/test_site.py`` checks that :data:`FIELD_HEADINGS` names their labels as written there. Organisation
pages (the «Наставничество» tab) are not covered: their headings come from the tab's sections.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from .markup import render_markdown
from .model import Record
from .problems import WARNING, Problem

#: Record type → (field, heading or card label the page shows when the field is filled; field None: always
#: shown), in page order.
FIELD_HEADINGS: dict[str, tuple[tuple[str | None, str], ...]] = {
    "practice": (
        ("organization", "Организация"), ("organization", "Регион"), ("year", "Год описания"),
        ("forms", "Формы наставничества"), ("role_models", "Ролевые модели"), ("kinds", "Виды наставничества"),
        ("audience", "Целевая аудитория"), ("special_groups", "Особые категории"), (None, "Уровень"),
        ("period", "Сроки реализации"), ("authors", "Авторы"), ("partners", "Партнёры"), ("contacts", "Контакты"),
        ("tags", "Ключевые слова"), ("updated", "Обновлено"), ("goal", "Цель"), ("tasks", "Задачи"),
        ("results", "Измеримые результаты"), ("resources", "Ресурсы"), ("documents", "Документы"),
        ("review", "Экспертная оценка"),
    ),
    "winner": (
        ("competition", "Конкурс"), ("nomination", "Номинация"), ("result", "Результат"), ("year", "Год"),
        ("level", "Уровень"), ("person", "Участник"), ("team", "Команда"), ("organization", "Организация"),
        ("organization", "Регион"), ("practice", "Практика"), ("event", "Конкурс как мероприятие"),
        ("source_url", "Источник"), ("documents", "Документы"),
    ),
    "event": (
        ("start", "Даты"), ("format", "Формат"), ("organizer", "Организатор"), ("organizer", "Регион"),
        ("level", "Уровень"), ("audience", "Для кого"), ("forms", "Формы наставничества"),
        ("registration_url", "Регистрация"), ("url", "Страница мероприятия"), ("documents", "Документы"),
    ),
}


def same_heading(text: str) -> str:
    """The form in which two headings count as the same: case, «ё», spacing and end punctuation ignored."""
    return " ".join(text.casefold().replace("ё", "е").split()).strip(" .:;!?")


class _Headings(HTMLParser):
    """Texts of the h1–h6 elements of an HTML fragment."""

    def __init__(self):
        super().__init__()
        self.found: list[str] = []
        self._open: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if re.fullmatch(r"h[1-6]", tag):
            self._open = []

    def handle_endtag(self, tag):
        if re.fullmatch(r"h[1-6]", tag) and self._open is not None:
            self.found.append("".join(self._open))
            self._open = None

    def handle_data(self, data):
        if self._open is not None:
            self._open.append(data)


#: A line that can underline the line above it into a heading («Текст» over «-----» or «=====»), inside quotes
#: and lists too; wider than Python-Markdown's rule on purpose (see ``_may_have_heading``).
_UNDERLINE = re.compile(r"[\s>]*[=-][=\-\s]*")
#: Raw HTML headings and character references: their text is not readable from the line itself.
_OPAQUE = re.compile(r"&|<\s*h[1-6]", re.I)


def _letters(text: str) -> str:
    """``same_heading(text)`` with everything but letters and digits dropped: what is left of a heading line
    once Markdown's marks (``#``, ``*``, ``_``, ``[``, `` ` ``…) and spaces are gone."""
    return "".join(ch for ch in same_heading(text) if ch.isalnum())


def _may_have_heading(body: str, keys) -> bool:
    """False only if no heading of the rendered ``body`` can fold (``same_heading``) to one of ``keys``.

    A heading of Python-Markdown's output comes from a line with ``#`` (ATX), from the line above an
    underline (setext) or from raw HTML; its text is the line's letters with the marks removed, so
    a line whose letters do not contain a key's letters cannot give that heading. Bodies with raw HTML
    headings or character references (``&#1062;``) are always rendered. This is a filter in front of the
    renderer, never a verdict: when it says True, ``repeated_headings`` renders the body and reads its
    headings. It spares rendering almost every body of a bank (the renderer was 64 % of ``check``
    without a cache, measured on 12,500 records).
    """
    if _OPAQUE.search(body):
        return True
    wanted = [_letters(key) for key in keys]
    lines = body.split("\n")
    for i, line in enumerate(lines):
        if "#" in line or (i + 1 < len(lines) and _UNDERLINE.fullmatch(lines[i + 1])):
            found = _letters(line)
            if any(key in found for key in wanted):
                return True
    return False


#: A line that may be a Markdown heading: «## Текст», or text over a «===»/«---» line.
_ATX = re.compile(r" {0,3}#{1,6}[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*")
_SETEXT = re.compile(r" {0,3}(?:=+|-+)[ \t]*")


def _line_of(body: str, first_line: int, wanted: str) -> int:
    """The file line of the body heading whose text is ``wanted`` (the body's first line if not found)."""
    lines = body.split("\n")
    for i, line in enumerate(lines):
        atx = _ATX.fullmatch(line)
        text = atx.group(1) if atx else (line if i + 1 < len(lines) and _SETEXT.fullmatch(lines[i + 1]) else None)
        if text is not None and same_heading(re.sub(r"[*_`]", "", text)) == wanted:
            return first_line + i
    return first_line


def repeated_headings(record: Record) -> list[Problem]:
    """Warnings for body sections of ``record`` whose heading the page already shows for a filled card field.

    The body is rendered as the page renders it (``markup.render_markdown``), and only when the letters of one
    of the field headings occur in a line that can be a heading (``_may_have_heading``): a heading written
    with marks inside its word («## Ре**сурсы**») counts too. Each warning names the body line and the field.
    """
    shown: dict[str, tuple[str | None, str]] = {}
    for name, label in FIELD_HEADINGS.get(record.type, ()):
        if name is None or record.data.get(name) not in (None, "", [], {}):
            shown.setdefault(same_heading(label), (name, label))
    body = record.body
    if not shown or not body:
        return []
    if not _may_have_heading(body, shown):
        return []
    parser = _Headings()
    parser.feed(render_markdown(body))
    problems, seen = [], set()
    for text in parser.found:
        key = same_heading(text)
        if key not in shown or key in seen:
            continue
        seen.add(key)
        name, label = shown[key]
        if name is None:
            message = f"раздел текста «{text.strip()}» повторяет заголовок «{label}», который страница уже показывает."
            hint = "назовите раздел иначе или удалите его."
        else:
            message = (f"раздел текста «{text.strip()}» повторяет заголовок «{label}», под которым страница уже "
                       f"показывает поле {name}: на странице будет два одинаковых заголовка.")
            hint = f"перенесите недостающее из раздела в поле {name} и удалите раздел (или назовите его иначе)."
        line = _line_of(body, record.source.body_line, key)
        problems.append(Problem(record.source.path, line, "", message, hint, WARNING, "osnovnoy-tekst"))
    return problems
