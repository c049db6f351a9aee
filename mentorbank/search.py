"""Search settings and the marking of what the search index takes: one place (README, «Поиск»).

- ``FILTERS``: the Pagefind filters of record pages, keyed by the search page's address parameter,
  with the Russian names visitors read, in the order the search page shows them; ``OPEN`` the groups
  open from the start. The search page's script (``content/assets/search.js``) reads them from the
  page (``settings_script``, a ``<script type="application/json">`` put there by a macro), never
  from a copy of its own.
- ``limit_search``: a record's body beyond ``Settings.search_body_words`` words is kept out of the
  index when that setting is a number (by default the whole body is indexed); ``ignore_reference``:
  code examples and reference tables of maintainer pages are always kept out.
- ``pagefind_command``: how the Pagefind CLI is run over the output.
"""

from __future__ import annotations

import json
import sys
from html.parser import HTMLParser
from pathlib import Path

from markupsafe import Markup

#: Pagefind filter names (Russian, as visitors read them) by address parameter, in the order shown.
FILTERS = {
    "type": "Тип записи",
    "form": "Форма наставничества",
    "audience": "Аудитория",
    "level": "Уровень",
    "region": "Регион",
    "year": "Год",
    "organization": "Организация",
}
#: Filter groups open when the visitor opens «Фильтры».
OPEN = ("type", "form")
#: Element id of the JSON settings on the search page.
SETTINGS_ID = "mb-search-settings"


def settings_script() -> Markup:
    """The search page's settings as ``<script type="application/json" id="mb-search-settings">``:
    ``{"filters": [[parameter, name], …], "open": [name, …]}`` (``<`` escaped, so the JSON cannot
    end the element). Put on the search page by the ``search_settings`` macro."""
    data = {"filters": list(FILTERS.items()), "open": [FILTERS[k] for k in OPEN]}
    text = json.dumps(data, ensure_ascii=False).replace("<", "\\u003c")
    return Markup(f'<script type="application/json" id="{SETTINGS_ID}">{text}</script>')


def pagefind_command(site_dir: Path, output: Path | None = None) -> list[str]:
    """The Pagefind CLI run over ``site_dir`` (the ``pagefind-bin`` wheel, pinned to 1.4.0: 1.5.x strips
    the combining mark of «й» before stemming, so «молодой» and «молодого» get different stems; README,
    «Поиск»), Russian forced for stemming, the bundle written to ``output`` (default:
    ``site_dir/pagefind``). Table headers are labels, and Pagefind glues header cells together
    («№МероприятиеСроки»): not indexed. One run per part of the index (``adapter.pagefind``)."""
    return [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--force-language", "ru",
            "--exclude-selectors", "thead", "--quiet"] + (["--output-path", str(output)] if output else [])


_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
#: Elements without an end tag (HTML Living Standard, «void elements»).
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
                   "wbr"})
IGNORE = " data-pagefind-ignore"


class _SearchLimit(HTMLParser):
    """Copies sanitised HTML piece by piece (tags as written, text and references unconverted), adding
    ``data-pagefind-ignore`` to top-level blocks once ``words`` words were seen (see ``limit_search``)."""

    def __init__(self, words: int):
        super().__init__(convert_charrefs=False)
        self.words, self.seen, self.depth = words, 0, 0
        self.block_words, self.heading = 0, False
        self.out: list[str] = []

    def _mark(self, tag_text: str) -> str:
        end = len(tag_text) - (2 if tag_text.endswith("/>") else 1)
        return tag_text[:end].rstrip() + IGNORE + tag_text[end:]

    def handle_starttag(self, tag, attrs):
        text = self.get_starttag_text() or ""
        if self.depth == 0:
            self.heading, self.block_words = tag in _HEADINGS, 0
            if not self.heading and self.seen >= self.words and tag not in ("br", "hr"):
                text = self._mark(text)
        if tag not in _VOID:
            self.depth += 1
        self.out.append(text)

    def handle_startendtag(self, tag, attrs):
        text = self.get_starttag_text() or ""
        if self.depth == 0 and self.seen >= self.words and tag not in ("br", "hr"):
            text = self._mark(text)
        self.out.append(text)

    def handle_endtag(self, tag):
        if tag not in _VOID:
            self.depth = max(self.depth - 1, 0)
            if self.depth == 0 and not self.heading:
                self.seen += self.block_words
        self.out.append(f"</{tag}>")

    def _text(self, text: str, counted: str) -> None:
        if self.depth == 0 and counted.strip():
            if self.seen >= self.words:
                text = f"<span{IGNORE}>{text}</span>"
            else:
                self.seen += len(counted.split())
        elif self.depth > 0 and not self.heading:
            self.block_words += len(counted.split())
        self.out.append(text)

    def handle_data(self, data):
        self._text(data, data)

    def handle_entityref(self, name):
        self._text(f"&{name};", "x")

    def handle_charref(self, name):
        self._text(f"&#{name};", "x")


def limit_search(html: str, words: int) -> str:
    """Mark the top-level blocks of body ``html`` (sanitised, from ``render_markdown``) that the search
    index skips: after the first blocks holding ``words`` words, every block but a heading gets
    ``data-pagefind-ignore`` (stray top-level text is wrapped in a span with it). The page shows the
    same text; only the index is smaller. Parsed with the standard library's ``html.parser``; the
    output is the input plus those attributes."""
    parser = _SearchLimit(words)
    parser.feed(html)
    parser.close()
    return "".join(parser.out)


#: Elements of maintainer pages (help for contributors) that the search index skips: code examples
#: (example files, commands, sample error messages), inline code (file names, field names) and tables
#: (field and vocabulary reference). A visitor looking for «СОШ 26» or «реверсивное» wants records, not
#: the data-model page; the pages are still found by their own text and headings (README, «Поиск»).
REFERENCE_TAGS = ("pre", "code", "table")


class _StartTags(HTMLParser):
    """Collects where the start tags of ``tags`` begin and end in the fed HTML (outermost ones only)."""

    def __init__(self, tags: tuple[str, ...]):
        super().__init__(convert_charrefs=True)
        self.tags, self.open = tags, 0
        self.found: list[tuple[int, int, int]] = []  # (line, column, length of the tag's text)

    def handle_starttag(self, tag, attrs):
        if tag in self.tags:
            if self.open == 0:
                line, col = self.getpos()
                self.found.append((line, col, len(self.get_starttag_text() or "")))
            self.open += 1

    def handle_endtag(self, tag):
        if tag in self.tags and self.open:
            self.open -= 1


def ignore_reference(html: str, tags: tuple[str, ...] = REFERENCE_TAGS) -> str:
    """Return maintainer-page ``html`` (MkDocs output, trusted) with ``data-pagefind-ignore`` added to the
    outermost elements named in ``tags`` (see ``REFERENCE_TAGS``); nothing else changes, so the page looks
    the same. Tags are found with the standard library's ``html.parser``."""
    parser = _StartTags(tags)
    parser.feed(html)
    parser.close()
    if not parser.found:
        return html
    starts = [0]  # offset of each line's start; html.parser counts lines by «\n» only
    for i, ch in enumerate(html):
        if ch == "\n":
            starts.append(i + 1)
    out, done = [], 0
    for line, col, length in parser.found:
        start = starts[line - 1] + col
        tag_text = html[start:start + length]
        end = length - (2 if tag_text.endswith("/>") else 1)
        out.append(html[done:start] + tag_text[:end].rstrip() + IGNORE + tag_text[end:])
        done = start + length
    out.append(html[done:])
    return "".join(out)
