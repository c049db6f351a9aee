"""The render environment: the package's Jinja templates, their globals, and the link context.

Every render gets an explicit ``LinkContext`` (the page's URL, an absolute base or none, whether
attached files are local to a standalone copy); templates receive ``link`` (its ``link`` method),
``doc_href`` and ``link_ctx`` in their context. Nothing holds link state between renders.

Templates are the package's own (``mentorbank/templates``), rendered by a sandboxed, autoescaping
environment: contributor text reaches them only as autoescaped values, never as template source.
A list entry (``entries`` in ``_macros.html``) is rendered once per record without its link
(``cached_entry``) and then put under the link of each page, so a record listed on many pages costs
one render.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import PackageLoader
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from . import urls
from .catalogue import Catalogue
from .dates import STATUS_LABELS, item_status, period_ended, roadmap_progress, ru_date
from .markup import render_markdown
from .model import TYPE_LABELS, Record, person_text
from .search import FILTERS
from .settings import Settings
from .vocab import label

REVIEW_LABELS = {"approved": "рекомендована к публикации", "revise": "на доработку", "rejected": "отклонена"}
FORMAT_LABELS = {"offline": "очно", "online": "онлайн", "hybrid": "смешанный формат"}
#: Roadmap item fields that get a column of their own when any item has them.
ROADMAP_COLUMNS = ("deadline", "result", "responsible", "participants", "note")


@dataclass
class Page:
    """One generated page.

    ``url`` is the site-relative directory URL (``praktiki/x/``); ``title``
    plain text; ``html`` the content area; ``record_id`` is set for record
    pages; ``attachments`` maps a site path (``files/x/a.pdf``) to the
    absolute source file to copy.
    """

    url: str
    title: str
    html: str
    record_id: str | None = None
    attachments: dict[str, Path] = field(default_factory=dict)

    @property
    def src_uri(self) -> str:
        """The virtual source path of the page for the site generator (``urls.src_uri``)."""
        return urls.src_uri(self.url)

    @property
    def has_h1(self) -> bool:
        """True when the content has its own ``<h1>`` (the theme then adds none)."""
        return "<h1" in self.html


class StoredPage(Page):
    """A generated page whose HTML is not held in memory: it was written to a disk cache under ``key``
    (``diskcache.DiskCache``, e.g. ``pagecache.PageCache``) and ``html`` reads it back (or calls
    ``render``, a function without arguments, if the cache lost it), so that a build of the whole
    bank holds no page's HTML longer than it takes to write it (README, «Национальный масштаб»).
    ``has_h1`` is known without reading the HTML."""

    has_h1 = False

    def __init__(self, url: str, title: str, record_id: str | None, attachments: dict[str, Path],
                 cache, key: str, render, has_h1: bool):
        self.url, self.title, self.record_id, self.attachments = url, title, record_id, attachments
        self.cache, self.key, self.render, self.has_h1 = cache, key, render, has_h1

    @property
    def html(self) -> str:
        """The content area's HTML, read from the cache now (not kept)."""
        html = self.cache.read(self.key)
        return html if html is not None else self.render()


def relative(from_url: str, to_url: str) -> str:
    """Return the relative link from directory URL ``from_url`` to ``to_url`` (both site-relative; ``""``
    is the site root, as the home page's URL), in its shortest form (``../../praktiki/x/``, ``./`` for the
    page itself); external, ``mailto:`` and ``#`` links are returned unchanged."""
    if "://" in to_url or to_url.startswith(("mailto:", "#")):
        return to_url
    target, _, anchor = to_url.partition("#")
    if target and from_url and target.split("/", 1)[0] != from_url.split("/", 1)[0] and target.endswith("/") \
            and "." not in target and "//" not in target + from_url:
        # No common first folder (a listing linking a record): up to the root, then down. Same result.
        return "../" * from_url.count("/") + target + (f"#{anchor}" if anchor else "")
    rel = posixpath.relpath("/" + target, "/" + from_url)
    if target.endswith("/") or not target:
        rel = rel.rstrip("/") + "/"
    if rel.startswith("./"):
        rel = rel[2:] or "./"
    return rel + (f"#{anchor}" if anchor else "")


@dataclass(frozen=True)
class LinkContext:
    """How links of one rendered document are written.

    ``page_url``: the site-relative URL of the document (links are relative to it); ``base``: when set
    (``https://…/``), links are absolute from it instead (fragment, ZIP); ``local_files``: attached files
    are ``files/…`` paths of a standalone copy (ZIP)."""

    page_url: str
    base: str | None = None
    local_files: bool = False

    def link(self, to_url: str) -> str:
        """Link to site-relative ``to_url`` from this document (external and ``#`` links unchanged)."""
        if self.base is not None and "://" not in to_url and not to_url.startswith(("mailto:", "#")):
            return self.base + to_url
        return relative(self.page_url, to_url)


#: Characters that already end a sentence: a date «21 ноября 2026 г.» or an abbreviation keeps its own dot.
_SENTENCE_END = (".", "!", "?", "…")


def full_stop(text: str) -> str:
    """Return ``text`` as the end of a sentence: «.» is appended unless it already ends with
    «.», «!», «?» or «…» — so a value ending in an abbreviation («21 ноября 2026 г.») never gets
    a second full stop («г..»). Trailing whitespace is dropped; ``Markup`` stays
    ``Markup``; an empty text stays empty. Jinja filter ``full_stop`` of the package's templates
    and of the maintainer pages (``macros/main.py``)."""
    text = text.rstrip()
    return text if not text or text.endswith(_SENTENCE_END) else text + "."


def plural(n: int, one: str, few: str, many: str) -> str:
    """Russian plural form for ``n`` («1 практика», «3 практики», «5 практик»)."""
    n = abs(n) % 100
    if 11 <= n <= 19:
        return many
    n %= 10
    return one if n == 1 else few if 2 <= n <= 4 else many


def roadmap_columns(roadmap: dict) -> set[str]:
    """The optional columns (``ROADMAP_COLUMNS``) that some item of ``roadmap`` fills."""
    cols = set()
    for s in roadmap.get("sections", []):
        for it in s.get("items", []):
            cols.update(k for k in ROADMAP_COLUMNS if it.get(k))
    return cols


def attachments(r: Record) -> dict[str, tuple[str, Path]]:
    """Map each ``file:`` value of ``r``'s documents to (site path ``urls.attachment``, absolute source)."""
    out: dict[str, tuple[str, Path]] = {}
    for doc in r.data.get("documents") or []:
        name = doc.get("file") if isinstance(doc, dict) else None
        if not isinstance(name, str) or name in out:
            continue
        src = (r.path.parent / name.replace("\\", "/")).resolve()
        out[name] = (urls.attachment(r.id, len(out) + 1, name), src)
    return out


class Env:
    """The Jinja environment of one build over ``catalogue`` with ``settings`` (see the module doc).

    ``markdown`` turns contributor Markdown into sanitised HTML (the build sets
    ``markup.MarkdownCache.render``); ``site_url`` is the published address (absolute links)."""

    def __init__(self, catalogue: Catalogue, settings: Settings, site_url: str = ""):
        self.catalogue = catalogue
        self.settings = settings
        self.site_url = (site_url.rstrip("/") + "/") if site_url else "/"
        self.markdown = render_markdown
        build_date = catalogue.build_date
        self.jinja = SandboxedEnvironment(
            loader=PackageLoader("mentorbank", "templates"),
            autoescape=True,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.jinja.globals.update(
            label=label, ru_date=ru_date, F=FILTERS, urls=urls, plural=plural, today=build_date,
            review_label=lambda s: REVIEW_LABELS.get(s, s), format_label=lambda s: FORMAT_LABELS.get(s, s),
            status_label=lambda s: STATUS_LABELS.get(s, s), type_label=lambda r: TYPE_LABELS[r.type],
            org_of=catalogue.org_of, status=lambda it: item_status(it, build_date),
            progress=lambda roadmap: roadmap_progress(roadmap, build_date),
            period_ended=lambda p: period_ended(p, build_date),
            roadmap_columns=roadmap_columns, cached_entry=self.cached_entry, person_text=person_text,
        )
        self.jinja.filters["full_stop"] = full_stop
        #: Record pages of earlier builds (``pagecache.PageCache``), set by the build; None: off.
        self.page_cache = None
        self._entries: dict[str, Markup] = {}
        self._attachments: dict[str, dict[str, tuple[str, Path]]] = {}
        self._shared: dict[str, object] = {}

    def shared(self, name: str, make):
        """What outputs of this build share under ``name`` (made by ``make()`` on first use)."""
        if name not in self._shared:
            self._shared[name] = make()
        return self._shared[name]

    def attachments(self, r: Record) -> dict[str, tuple[str, Path]]:
        """``attachments(r)``, computed once per record and build."""
        if r.id not in self._attachments:
            self._attachments[r.id] = attachments(r)
        return self._attachments[r.id]

    def doc_href(self, r: Record, doc: dict, ctx: LinkContext) -> str | None:
        """The link of a document of ``r`` in a document rendered with ``ctx``: its ``url``, or its
        attached file's site path (local ``files/…`` in a standalone copy); None without either."""
        if doc.get("url"):
            return doc["url"]
        if doc.get("file"):
            site = self.attachments(r).get(doc["file"])
            if not site:
                return None
            return site[0] if ctx.local_files else ctx.link(site[0])
        return None

    def cached_entry(self, r: Record, macro) -> Markup:
        """The part of ``r``'s list entry without links (``macro``: ``entry_meta`` of
        ``_macros.html``), rendered once per record and build: a record is listed on several listing
        pages (all, form, region, year) and on related records' pages."""
        html = self._entries.get(r.id)
        if html is None:
            html = self._entries[r.id] = Markup(str(macro(r)))
        return html

    def render(self, template: str, ctx: LinkContext, **values) -> str:
        """Render ``template`` with ``values`` and the link context ``ctx`` (``link``, ``doc_href``,
        ``link_ctx`` in the template context)."""
        return self.jinja.get_template(template).render(
            link=ctx.link, doc_href=lambda r, d: self.doc_href(r, d, ctx), link_ctx=ctx, **values)

    def page(self, template: str, url: str, **values) -> str:
        """Render a site page at ``url`` (links relative to it)."""
        return self.render(template, LinkContext(url), **values)

    def subscription(self, calendar: str) -> dict[str, str]:
        """Addresses of the calendar at site path ``calendar``: ``https`` (absolute from ``site_url``; the
        site path without one) and ``webcal`` (the same with ``webcal://``, which opens the visitor's
        calendar app to subscribe; None without an ``https``/``http`` ``site_url``)."""
        https = self.site_url + calendar
        webcal = "webcal://" + https.split("://", 1)[1] if "://" in https else None
        return {"https": https, "webcal": webcal, "file": calendar}

    def listing(self, base: str, title: str, items: list[Record], intro: str = "", grouped=None,
                empty: str = "Пока нет записей.", calendar: str | None = None) -> list[Page]:
        """Paginate ``items`` (≤ ``Settings.page_size`` a page) under ``base`` (``katalog/praktiki/``,
        then ``…/2/``, ``urls.page_number``); ``grouped(chunk)`` gives [(heading, records)] of a page;
        ``calendar``: site path of a calendar of these events, offered for subscription on every page."""
        size = self.settings.page_size
        chunks = [items[i:i + size] for i in range(0, len(items), size)] or [[]]
        page_urls = [urls.page_number(base, n) for n in range(1, len(chunks) + 1)]
        pages = []
        for n, (url, chunk) in enumerate(zip(page_urls, chunks, strict=True), start=1):
            groups = grouped(chunk) if grouped else None
            page_title = title if n == 1 else f"{title} — страница {n}"
            html = self.page("listing.html", url, title=page_title, intro=intro, items=chunk, groups=groups,
                             pages=page_urls, current=n, total=len(items), empty=empty,
                             calendar=calendar and self.subscription(calendar))
            pages.append(Page(url, page_title, html))
        return pages
