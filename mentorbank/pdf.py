"""HTML documents of the bank → PDF with a text layer (WeasyPrint), for sites that accept only documents.

A school site on the «Госвеб» constructor may accept neither scripts, nor iframes, nor pasted HTML,
but always accepts a document: the «Наставничество» tab as a dated PDF (README, «PDF вкладки и
практик»). The PDF is made from the same standalone HTML as the embed page and the ZIP, with the
print stylesheet ``static/pdf.css`` (A4, page numbers, the organisation and «Сведения на <дата>» in
the page margins) after ``static/tab.css``.

- Fonts: the family «DejaVu Sans» (Debian ``fonts-dejavu-core``, installed by ``scripts/ensure-pdf``
  with pango), found through fontconfig; nothing is fetched: the URL fetcher allows ``data:`` only.
- PDF/UA-1 (``pdf_variant="pdf/ua-1"``): tagged PDF with the title and the language (``<title>``,
  ``<html lang="ru">``) for screen readers.
- Dated by the day it is made: the HTML carries the placeholders ``DATE_TEXT`` («1 декабря 2026 г.»)
  and ``DATE_ISO`` (``dcterms.created``/``modified``) where the date goes; ``dated`` fills them with
  the day of the build that lays the PDF out. No file identifier: the same HTML and day give the same
  bytes.
- Per worker process, WeasyPrint's stylesheets (``weasyprint.CSS``), URL fetcher and font
  configuration are made once and reused for every document.

``PdfCache`` keeps the bytes between builds by a digest of the HTML with the placeholders and of the
code, so a document whose content did not change is not laid out again, on the same day or on a
later one: it keeps the date it was made on, which stays true — «Сведения на <день>» says what the
bank held that day, and it still holds the same (a status that changes with the date, e.g. a roadmap
item past its due date, changes the HTML and so the key).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import multiprocessing
import os
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from functools import cache
from importlib import resources
from pathlib import Path

from .dates import ru_date
from .diskcache import DiskCache, code_version, library_versions

#: WeasyPrint's PDF variant: PDF/UA-1 (tagged, title and language) — README, «PDF вкладки и практик».
PDF_VARIANT = "pdf/ua-1"
#: Below this many documents to render, worker processes are not started (starting one costs ≈ 1 s).
PRERENDER_MINIMUM = 8
#: Libraries whose version changes the bytes of a PDF (keys of ``PdfCache``).
LIBRARIES = ("weasyprint", "pydyf", "fonttools", "tinycss2", "tinyhtml5", "cssselect2", "pyphen", "pillow")
#: Placeholder of the day the PDF is made on, as text («1 декабря 2026 г.», ``dates.ru_date``), in the
#: HTML given to ``PdfCache`` (private-use characters: never escaped by Jinja, not in a bank's text).
DATE_TEXT = "\ue000mentorbank-pdf-date\ue000"
#: Placeholder of the same day as ISO 8601 (``2026-12-01``) for the document's metadata.
DATE_ISO = "\ue000mentorbank-pdf-iso\ue000"


def dated(html: str, day: dt.date) -> str:
    """``html`` with the placeholders ``DATE_TEXT`` and ``DATE_ISO`` replaced by ``day``."""
    return html.replace(DATE_TEXT, ru_date(day)).replace(DATE_ISO, day.isoformat())


@cache
def _font_config():
    from weasyprint.text.fonts import FontConfiguration

    # One per process: WeasyPrint's fontconfig/Pango set-up is made once, not for every document.
    return FontConfiguration()


@cache
def _stylesheets():
    from weasyprint import CSS

    static = resources.files("mentorbank").joinpath("static")
    return [CSS(string=static.joinpath(name).read_text("utf-8"), url_fetcher=_fetcher(),
                font_config=_font_config())
            for name in ("tab.css", "pdf.css")]


@cache
def _fetcher():
    from weasyprint.urls import URLFetcher

    # Nothing from the network or the disk: a standalone document of the bank needs no resource.
    return URLFetcher(allowed_protocols={"data"})


def render(html: str) -> bytes:
    """The PDF (bytes) of the standalone HTML document ``html`` (``<html lang>``, ``<title>`` and the
    ``dcterms.created``/``dcterms.modified`` meta give the metadata; placeholders are filled by
    ``dated`` before). Links stay links; resources other than ``data:`` URLs are not fetched
    (WeasyPrint logs a warning)."""
    from weasyprint import HTML

    document = HTML(string=html, url_fetcher=_fetcher()).render(stylesheets=_stylesheets(),
                                                                 font_config=_font_config(),
                                                                 pdf_variant=PDF_VARIANT)
    return document.write_pdf(pdf_variant=PDF_VARIANT, pdf_identifier=False)


class PdfCache(DiskCache):
    """PDF bytes by a digest of the HTML they are made from, with the date placeholders
    (``<cache_dir>/<stem>-<version>.sqlite``; the version covers the package's files and
    ``LIBRARIES``). A document not kept is laid out dated ``day`` (``dated``); a kept one keeps the day
    it was made on. ``directory`` None: nothing is kept between builds. Use ``load``, optionally
    ``prerender``, then ``pdf`` for each document, then ``save``; ``rendered`` counts the documents
    laid out by this object."""

    def __init__(self, directory, stem: str = "pdf", day: dt.date | None = None):
        version = hashlib.blake2b(f"{code_version()} {library_versions(LIBRARIES)}".encode(), digest_size=8).hexdigest()
        super().__init__(Path(directory) if directory is not None else None, stem, version)
        self.enabled = directory is not None
        self.day = day or dt.date.today()
        self.rendered = 0

    def load(self) -> int:
        """Read the kept PDFs; returns their number (0 without a cache folder)."""
        return super().load() if self.enabled else 0

    def save(self) -> None:
        """Keep the PDFs used by this build (none without a cache folder)."""
        if self.enabled:
            super().save()

    @staticmethod
    def _key(html: str) -> str:
        return hashlib.blake2b(html.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()

    def prerender(self, htmls: Iterable[str], workers: int | None = None, minimum: int = PRERENDER_MINIMUM) -> int:
        """Render the documents ``htmls`` (with the date placeholders; dated ``day``) that are not kept
        yet in ``workers`` processes (default: one per CPU), so that a build with new PDFs uses every
        core; ``pdf`` then serves them. Does nothing below ``minimum`` such documents or with one CPU;
        falls back to rendering on demand if worker processes cannot start. Returns the number of
        documents rendered here."""
        todo: dict[str, str] = {}
        for html in htmls:
            key = self._key(html)
            if key not in self.stored:
                todo.setdefault(key, html)
        count = min(workers or os.cpu_count() or 1, len(todo))
        if len(todo) < minimum or count < 2:
            return 0
        try:  # «spawn»: fresh workers with only this module, not a copy of the build's memory
            with ProcessPoolExecutor(count, mp_context=multiprocessing.get_context("spawn")) as pool:
                rendered = list(pool.map(render, (dated(html, self.day) for html in todo.values())))
        except (OSError, BrokenProcessPool):
            return 0
        self.stored.update(zip(todo, rendered, strict=True))
        self.changed = True
        self.rendered += len(todo)
        return len(todo)

    def pdf(self, html: str) -> bytes:
        """The PDF of ``html`` (with the date placeholders): the kept bytes when the same HTML was
        rendered by the same code, on this day or before, else ``render(dated(html, day))`` (then
        kept)."""
        key = self._key(html)
        data = self.get(key)
        if data is None:
            data = render(dated(html, self.day))
            self.rendered += 1
            self.put(key, data)
        return data
