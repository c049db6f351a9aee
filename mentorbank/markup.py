"""Contributor Markdown → sanitised HTML.

Bodies are untrusted (content/uchastnikam/model-dannyh.md, «Основной текст»): they are rendered
by Python-Markdown as plain Markdown (never as a template) and the HTML is
cleaned by nh3 (ammonia) with an allow-list. Only http, https and mailto
links survive; scripts, styles, frames, forms, images and event handlers
are removed.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from functools import cache, lru_cache
from html.parser import HTMLParser
from pathlib import Path

import markdown
import nh3

from .diskcache import DiskCache, code_version

ALLOWED_TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "strong", "em", "b", "i", "u", "s",
    "a", "blockquote", "code", "pre", "table", "thead", "tbody", "tr", "th", "td", "sub", "sup", "dl", "dt", "dd",
    "abbr", "mark", "small",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"colspan", "rowspan"},
                      "td": {"colspan", "rowspan"}, "ol": {"start"}}
URL_SCHEMES = {"http", "https", "mailto"}

_EXTENSIONS = ["tables", "sane_lists", "fenced_code"]


def _shift_headings(html: str) -> str:
    # A contributor's «# Заголовок» must not compete with the page title (h1).
    return html.replace("<h1>", "<h2>").replace("</h1>", "</h2>")


def render_markdown(text: str) -> str:
    """Render contributor Markdown ``text`` to sanitised HTML (a str of block elements).

    Raw HTML in ``text`` is cleaned, not trusted; results are remembered per text for the process
    (``MarkdownCache`` keeps them on disk between builds). Never raises for any input string.
    """
    return _render(text)


class MarkdownCache(DiskCache):
    """Rendered Markdown of earlier builds (``<cache>/markdown-<code version>.marshal``): text digest
    → HTML. ``load``, then ``render``/``prerender``, then ``save`` (only the entries this build used,
    so the file never grows beyond the bank). The directory is the build's own: its HTML is trusted
    as already cleaned."""

    def __init__(self, directory: Path):
        super().__init__(directory, "markdown", code_version())

    def render(self, text: str) -> str:
        """``render_markdown(text)``, from the disk cache when it holds the text."""
        key = _key(text)
        html = self.get(key)
        if html is None:
            html = _render(text)
            self.put(key, html)
        return html

    def prerender(self, texts: Iterable[str], workers: int | None = None, minimum: int = 300) -> int:
        """Render the Markdown ``texts`` that are neither cached on disk nor rendered yet in ``workers``
        processes (default: one per CPU), so that a build without a cache uses every core; the results
        are then served by ``render``. Does nothing below ``minimum`` such texts or with one CPU; falls
        back to rendering on demand if worker processes cannot start. Returns the number of texts
        rendered here."""
        todo: dict[str, str] = {}
        for text in texts:
            key = _key(text)
            if key not in self.stored:
                todo.setdefault(key, text)
        count = workers or os.cpu_count() or 1
        if len(todo) < minimum or count < 2:
            return 0
        try:  # «spawn»: fresh workers with only this module, not a copy of the build's memory
            with ProcessPoolExecutor(count, mp_context=multiprocessing.get_context("spawn")) as pool:
                rendered = list(pool.map(_render, todo.values(), chunksize=64))
        except (OSError, BrokenProcessPool):
            return 0
        self.stored.update(zip(todo, rendered, strict=True))
        self.changed = True
        return len(todo)

    def save(self) -> None:
        """Write the entries used since ``load``; free the memory, the process's memo included (the
        pages hold their own copies: hundreds of MB at 10,000 records)."""
        super().save()
        _render.cache_clear()


def _key(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


@cache
def _converter() -> markdown.Markdown:
    """One Markdown converter per process, reset before each text (Python-Markdown's way of reuse)."""
    return markdown.Markdown(extensions=_EXTENSIONS, output_format="html")


@lru_cache(maxsize=65536)
def _render(text: str) -> str:
    html = _converter().reset().convert(text)
    cleaned = nh3.clean(
        _shift_headings(html),
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow ugc",
        strip_comments=True,
    )
    return cleaned



_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
#: Elements without an end tag (HTML Living Standard, «void elements»).
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
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
