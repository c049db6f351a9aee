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
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from functools import cache, lru_cache
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
    """Rendered Markdown of earlier builds (``<cache>/markdown-<code version>.sqlite``, read by key):
    text digest → HTML. ``load``, then ``render``/``prerender``, then ``save`` (only the entries this
    build used are kept, so the file never grows beyond the bank). The directory is the build's own:
    its HTML is trusted as already cleaned."""

    #: Texts sent to the worker processes at once by ``prerender`` (their HTML goes to disk after each).
    PORTION = 2000

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

    def prerender(self, texts: Sequence[str], workers: int | None = None, minimum: int = 300) -> int:
        """Render the Markdown ``texts`` (a sequence: read twice) that are not cached on disk yet in
        ``workers`` processes (default: one per CPU), so that a build without a cache uses every core;
        the results go to the disk cache ``PORTION`` texts at a time (memory does not grow with the
        bank) and are then served by ``render``. Does nothing below ``minimum`` such texts or with one
        CPU; falls back to rendering on demand if worker processes cannot start. Returns the number of
        texts rendered here."""
        todo: dict[str, None] = {}  # keys only: the texts stay where they are (``texts``)
        for text in texts:
            key = _key(text)
            if key not in todo and not self.contains(key):
                todo[key] = None
        count = workers or os.cpu_count() or 1
        if len(todo) < minimum or count < 2:
            return 0
        done = 0
        try:  # «spawn»: fresh workers with only this module, not a copy of the build's memory
            with ProcessPoolExecutor(count, mp_context=multiprocessing.get_context("spawn")) as pool:
                portion: dict[str, str] = {}
                for text in texts:
                    key = _key(text)
                    if key in todo and key not in portion:
                        portion[key] = text
                        del todo[key]
                    if len(portion) >= self.PORTION or (portion and not todo):
                        for k, html in zip(portion, pool.map(_render, portion.values(), chunksize=64), strict=True):
                            self.put(k, html)
                        done += len(portion)
                        portion = {}
        except (OSError, BrokenProcessPool):
            return done
        return done

    def keep_texts(self, texts) -> None:
        """Keep (``save``) the stored HTML of ``texts`` that this build did not render: the bodies of pages
        and tabs a build took from the build cache whole (``outputcache``), needed again by the next
        build whose page keys change (another build date)."""
        for text in texts:
            self.keep(_key(text))

    def save(self) -> None:
        """Keep the entries used since ``load``; free the process's memo."""
        super().save()
        _render.cache_clear()


def _key(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


@cache
def _converter() -> markdown.Markdown:
    """One Markdown converter per process, reset before each text (Python-Markdown's way of reuse)."""
    return markdown.Markdown(extensions=_EXTENSIONS, output_format="html")


@lru_cache(maxsize=2048)
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
