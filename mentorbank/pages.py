"""Generated pages of the bank: record pages, listings, catalogue.

``Renderer(bank).all_pages()`` returns every page as a ``Page`` (a URL, a title
and the HTML of the content area). The MkDocs adapter in ``hooks/`` turns them
into virtual files; nothing here imports MkDocs. Templates are the
package's own (``mentorbank/templates``); contributor text reaches them only
as autoescaped values, never as template source.
"""

from __future__ import annotations

import posixpath
import re
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from jinja2 import PackageLoader
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from . import urls
from .dates import STATUS_LABELS, item_status, parse, period_ended, roadmap_progress, ru_date
from .markup import render_markdown
from .model import TYPE_LABELS, Bank, Record
from .search import FILTERS, limit_search
from .settings import Settings
from .vocab import label, slugs

#: A link in a list entry rendered for any page (see ``Renderer.cached_entry``).
_MARKED_LINK = re.compile("\x00([^\x00]*)\x00")

#: Record type → the plural heading of its records («Практики»).
TYPE_PLURALS = {"practice": "Практики", "winner": "Победители и призёры", "event": "Мероприятия",
                "organization": "Организации"}

REVIEW_LABELS = {"approved": "рекомендована к публикации", "revise": "на доработку", "rejected": "отклонена"}
FORMAT_LABELS = {"offline": "очно", "online": "онлайн", "hybrid": "смешанный формат"}
RESULT_ORDER = {s: i for i, s in enumerate(slugs("result"))}


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


def relative(from_url: str, to_url: str) -> str:
    """Return the relative link from directory URL ``from_url`` to ``to_url`` (both site-relative)."""
    if "://" in to_url or to_url.startswith(("mailto:", "#")):
        return to_url
    target, _, anchor = to_url.partition("#")
    if target and from_url and target.split("/", 1)[0] != from_url.split("/", 1)[0] and target.endswith("/") \
            and "." not in target and "//" not in target + from_url:
        # No common first folder (a listing linking a record): up to the root, then down. Same result.
        return "../" * from_url.count("/") + target + (f"#{anchor}" if anchor else "")
    rel = posixpath.relpath("/" + target, "/" + from_url) if target else "."
    if target.endswith("/") or not target:
        rel = rel.rstrip("/") + "/"
    if rel.startswith("./"):
        rel = rel[2:] or "./"
    return rel + (f"#{anchor}" if anchor else "")


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



class Renderer:
    """Renders the bank's pages. Create one per build: it caches indexes of the bank.

    ``site_url`` is the published address of the bank (absolute links of embeds); ``settings`` the
    build's (``settings.Settings``; defaults with the bank's build date if not given); after
    ``all_pages()``, ``static`` maps site paths of the tabs' static outputs to their bytes.
    """

    def __init__(self, bank: Bank, site_url: str = "", settings: Settings | None = None):
        from .tab_pages import TabRenderer

        self.bank = bank
        self.settings = settings or Settings(build_date=bank.build_date)
        self.tabs = TabRenderer(self, site_url)
        self.static: dict[str, bytes] = {}
        self.env = SandboxedEnvironment(
            loader=PackageLoader("mentorbank", "templates"),
            autoescape=True,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.env.globals.update(
            label=label, ru_date=ru_date, F=FILTERS, urls=urls, plural=plural, today=bank.build_date,
            review_label=lambda s: REVIEW_LABELS.get(s, s), format_label=lambda s: FORMAT_LABELS.get(s, s),
            status_label=lambda s: STATUS_LABELS.get(s, s), type_label=lambda r: TYPE_LABELS[r.type],
            org_of=self.org_of, status=lambda it: item_status(it, bank.build_date),
            progress=self.progress, period_ended=lambda p: period_ended(p, bank.build_date),
            roadmap_columns=self.roadmap_columns, doc_href=self.doc_href,
            cached_entry=self.cached_entry,
        )
        self.env.filters["full_stop"] = full_stop
        self._page_url: str | None = ""
        self._base: str | None = None
        self._local_files = False
        self._entries: dict[str, str] = {}
        #: Page-cache keys computed ahead by ``bodies_to_render`` (record id → key).
        self._page_keys: dict[str, str | None] = {}
        #: Record pages of earlier builds (``mentorbank.pagecache.PageCache``), set by the build; None: off.
        self.page_cache = None
        #: Contributor Markdown → sanitised HTML; the build sets ``markup.MarkdownCache.render``.
        self.markdown = render_markdown

    # ----- indexes -------------------------------------------------------------------------------
    @cached_property
    def practices(self) -> list[Record]:
        items = [r for r in self.bank.of_type("practice")]
        return sorted(items, key=lambda r: (-(r.data.get("year") or 0), r.title.lower(), r.id))

    @cached_property
    def winners(self) -> list[Record]:
        return sorted(self.bank.of_type("winner"), key=lambda r: (
            -(r.data.get("year") or 0), r.data.get("competition", "").lower(),
            RESULT_ORDER.get(r.data.get("result"), 99), r.data.get("place") or 99, r.title.lower()))

    @cached_property
    def events(self) -> tuple[list[Record], list[Record]]:
        today = self.bank.build_date
        upcoming, past = [], []
        for r in self.bank.of_type("event"):
            last = parse(r.data.get("end")) or parse(r.data.get("start"))
            (upcoming if last and last >= today else past).append(r)
        upcoming.sort(key=lambda r: (r.data.get("start", ""), r.title.lower()))
        past.sort(key=lambda r: (r.data.get("start", ""), r.title.lower()), reverse=True)
        return upcoming, past

    @cached_property
    def organizations(self) -> list[Record]:
        return sorted(self.bank.of_type("organization"),
                      key=lambda r: (r.data.get("region", ""), r.data.get("municipality", ""), r.title.lower()))

    @cached_property
    def by_org(self) -> dict[str, dict[str, list[Record]]]:
        out: dict[str, dict[str, list[Record]]] = {}
        upcoming, past = self.events
        for kind, items, key in (("practice", self.practices, "organization"), ("winner", self.winners, "organization"),
                                 ("event", upcoming + past, "organizer")):
            for r in items:
                out.setdefault(r.data.get(key), {}).setdefault(kind, []).append(r)
        return out

    @cached_property
    def winners_by(self) -> dict[tuple[str, str], list[Record]]:
        """Winners indexed by ("practice", id) and ("event", id), in listing order."""
        out: dict[tuple[str, str], list[Record]] = {}
        for w in self.winners:
            for key in ("practice", "event"):
                if w.data.get(key):
                    out.setdefault((key, w.data[key]), []).append(w)
        return out

    def org_of(self, r: Record) -> Record | None:
        """The organization of a record (organization/organizer), or its parent for an organization."""
        key = {"practice": "organization", "winner": "organization", "event": "organizer", "organization": "parent"}
        return self.bank.get(r.data.get(key[r.type]))

    # ----- helpers used by templates ---------------------------------------------------------------
    def link(self, to_url: str) -> str:
        """Link from the page being rendered to site-relative ``to_url``: relative, or absolute
        (``base`` + ``to_url``) inside ``link_mode(base=…)``; a marker ``\x00to_url\x00`` while a
        list entry is rendered for any page (``cached_entry``)."""
        if self._base is not None and "://" not in to_url and not to_url.startswith(("mailto:", "#")):
            return self._base + to_url
        if self._page_url is None:
            return f"\x00{to_url}\x00"
        return relative(self._page_url, to_url)

    @contextmanager
    def link_mode(self, page_url: str, base: str | None = None, local_files: bool = False):
        """Render links as seen from ``page_url``; absolute from ``base`` if given; attached files
        as ``files/…`` paths relative to a standalone copy's root if ``local_files``."""
        saved = self._page_url, self._base, self._local_files
        self._page_url, self._base, self._local_files = page_url, base, local_files
        try:
            yield
        finally:
            self._page_url, self._base, self._local_files = saved

    def progress(self, roadmap: dict) -> dict:
        """Counts of the roadmap's summary line at the build date (``dates.roadmap_progress``)."""
        return roadmap_progress(roadmap, self.bank.build_date)

    @staticmethod
    def roadmap_columns(roadmap: dict) -> set[str]:
        cols = set()
        for s in roadmap.get("sections", []):
            for it in s.get("items", []):
                cols.update(k for k in ("deadline", "result", "responsible", "participants", "note") if it.get(k))
        return cols

    def attachments(self, r: Record) -> dict[str, tuple[str, Path]]:
        """Map each ``file:`` value of ``r`` to (site path, absolute source)."""
        out: dict[str, tuple[str, Path]] = {}
        for doc in r.data.get("documents") or []:
            name = doc.get("file") if isinstance(doc, dict) else None
            if not isinstance(name, str) or name in out:
                continue
            src = (r.path.parent / name.replace("\\", "/")).resolve()
            out[name] = (urls.attachment(r.id, len(out) + 1, name), src)
        return out

    def doc_href(self, r: Record, doc: dict) -> str | None:
        if doc.get("url"):
            return doc["url"]
        if doc.get("file"):
            site = self.attachments(r).get(doc["file"])
            if not site:
                return None
            return site[0] if self._local_files else self.link(site[0])
        return None

    def cached_entry(self, r: Record, macro) -> Markup:
        """The list entry of ``r`` rendered by ``macro`` once per record, its links then made relative
        to the current page: a record is listed on several listing pages (all, form, region, year)
        and on related records' pages. Absolute and standalone link modes (embeds, fragments, ZIP)
        render the entry directly."""
        if self._base is not None or self._local_files:
            return Markup(macro(r))
        html = self._entries.get(r.id)
        if html is None:
            page_url, self._page_url = self._page_url, None
            try:
                html = self._entries[r.id] = str(macro(r))
            finally:
                self._page_url = page_url
        return Markup(_MARKED_LINK.sub(lambda m: self.link(m[1]), html))

    def render(self, template: str, page_url: str, **ctx) -> str:
        with self.link_mode(page_url):
            return self.env.get_template(template).render(link=self.link, **ctx)

    # ----- pages ---------------------------------------------------------------------------------
    def _record_context(self, r: Record) -> dict:
        """Template context of the page of a practice, winner or event (an organisation's adds its tab)."""
        ctx: dict = {"r": r, "org": self.org_of(r)}
        if r.type == "practice":
            ctx["winners"] = self.winners_by.get(("practice", r.id), [])
            event_ids = {w.data.get("event") for w in ctx["winners"]}
            competitions = [self.bank.records[e] for e in event_ids if e in self.bank.records]
            own = self.by_org.get(r.data.get("organization"), {}).get("event", [])
            ctx["events"] = (competitions + [e for e in own if e.id not in event_ids])[:10]
        elif r.type == "winner":
            ctx["practice"] = self.bank.get(r.data.get("practice"))
            ctx["event"] = self.bank.get(r.data.get("event"))
        elif r.type == "event":
            last = parse(r.data.get("end")) or parse(r.data.get("start"))
            ctx["upcoming"] = bool(last and last >= self.bank.build_date)
            ctx["winners"] = self.winners_by.get(("event", r.id), [])
        return ctx

    def bodies_to_render(self) -> list[str]:
        """Markdown of the published records whose pages the page cache does not hold (all of them
        without a cache; organisations always): what ``all_pages`` will render, for
        ``markup.MarkdownCache.prerender``."""
        bodies = []
        for r in self.bank.records.values():
            if not r.published:
                continue
            if r.type != "organization" and self.page_cache is not None:
                key = self._page_keys[r.id] = self.page_cache.key(r, self._record_context(r), self.org_of)
                if key and key in self.page_cache.stored:
                    continue
            bodies.append(r.body)
        return bodies

    def record_page(self, r: Record) -> Page:
        """Render the page of one published record."""
        ctx = self._record_context(r)
        if r.type == "organization":
            outputs = self.tabs.outputs(r)
            self.static.update(outputs.files)
            with self.link_mode(r.url):
                ctx.update(self.tabs.site_context(r, outputs))
        # Organisation pages show much of the bank: the page cache never keys them (pagecache.key → None).
        key = None
        if self.page_cache is not None:
            key = self._page_keys.pop(r.id) if r.id in self._page_keys else self.page_cache.key(r, ctx, self.org_of)
        html = self.page_cache.get(key) if key else None
        if html is None:
            # Only the first words of a practice's, winner's or event's text go to the search index
            # (README, «Поиск»); an organisation's page is its tab, whose context carries its body
            # (rendered once for the tab's four shapes), indexed whole.
            if r.type != "organization":
                ctx["body"] = Markup(limit_search(self.markdown(r.body), self.settings.search_body_words))
            html = self.render(f"{r.type}.html", r.url, **ctx)
        if key:
            self.page_cache.put(key, html)
        files = {site: src for site, src in self.attachments(r).values()}
        return Page(r.url, r.title, html, r.id, files)

    def listing(self, base: str, title: str, items: list[Record], intro: str = "", grouped=None,
                empty: str = "Пока нет записей.") -> list[Page]:
        """Paginate ``items`` (≤ ``Settings.page_size`` a page) under ``base`` (``katalog/praktiki/``,
        then ``…/2/``)."""
        size = self.settings.page_size
        chunks = [items[i:i + size] for i in range(0, len(items), size)] or [[]]
        page_urls = [urls.page_number(base, n) for n in range(1, len(chunks) + 1)]
        pages = []
        for n, (url, chunk) in enumerate(zip(page_urls, chunks, strict=True), start=1):
            groups = grouped(chunk) if grouped else None
            page_title = title if n == 1 else f"{title} — страница {n}"
            html = self.render("listing.html", url, title=page_title, intro=intro, items=chunk, groups=groups,
                               pages=page_urls, current=n, total=len(items), empty=empty)
            pages.append(Page(url, page_title, html))
        return pages

    @cached_property
    def catalog(self) -> dict:
        """Counts for the catalogue and the bank overview (per type, form, region, year,
        organisation; upcoming events), computed once per build."""
        published = {t: len(self.bank.of_type(t)) for t in ("practice", "winner", "event", "organization")}
        forms = Counter(f for r in self.practices for f in set(r.data.get("forms") or []))
        regions = Counter((self.org_of(r) or r).data.get("region") for r in self.practices if self.org_of(r))
        years = Counter(r.data.get("year") for r in self.practices)
        orgs = Counter(r.data.get("organization") for r in self.practices)
        upcoming, past = self.events
        return {
            "counts": published,
            "by_form": [(s, label("form", s), forms[s]) for s in slugs("form")],
            "by_region": [(urls.region_slug(k), k, v) for k, v in sorted(regions.items())],
            "by_year": sorted(years.items(), reverse=True),
            "by_org": sorted(((self.bank.get(k), v) for k, v in orgs.items() if self.bank.get(k)),
                             key=lambda x: x[0].title.lower()),
            "upcoming": len(upcoming), "past": len(past), "upcoming_events": upcoming[:5],
        }

    #: Cards of each kind on the home page (one screen at 1280 px).
    HOME_CARDS = 3

    def home(self) -> dict:
        """What the home page shows besides the catalogue counts: the ``HOME_CARDS`` newest practices
        (by ``updated``, then title), the next upcoming events (not ended on the build date), and the
        winners of the build date's year — or, when that year has none yet, of the latest year that has
        (``winners_year``; None without winners)."""
        newest = sorted(self.practices, key=lambda r: (str(r.data.get("updated") or ""), r.title.lower()),
                        reverse=True)[:self.HOME_CARDS]
        upcoming, _past = self.events
        years = sorted({r.data.get("year") for r in self.winners if r.data.get("year")}, reverse=True)
        year = self.bank.build_date.year if self.bank.build_date.year in years else (years[0] if years else None)
        winners = [r for r in self.winners if r.data.get("year") == year]
        return {"newest": newest, "next_events": upcoming[:self.HOME_CARDS], "winners_year": year,
                "year_winners": winners[:self.HOME_CARDS]}

    def overview_html(self, page_url: str = "") -> str:
        """HTML of the home page's front door (a maintainer page, ``content/index.md``): search form,
        newest practices, upcoming events, this year's winners, the way to propose a practice, counts
        per type and per form. Rendered by the sandboxed, autoescaping environment: contributor text
        arrives escaped, as one raw HTML block for Markdown."""
        return self.render("overview.html", page_url, **self.catalog, **self.home())

    def all_pages(self) -> list[Page]:
        """Every generated page: records, listings, catalogue."""
        pages = [self.record_page(r) for r in self.bank.records.values() if r.published]
        for org in self.organizations:
            pages += self.tabs.listing_pages(org)
        pages.append(Page(urls.CATALOGUE, "Каталог", self.render("catalog.html", urls.CATALOGUE, **self.catalog)))
        pages += self.listing(urls.PRACTICES, "Все практики", self.practices)
        for slug in slugs("form"):
            items = [r for r in self.practices if slug in (r.data.get("forms") or [])]
            if items:
                pages += self.listing(urls.by_form(slug), f"Практики: форма «{label('form', slug)}»", items)
        by_region: dict[str, list[Record]] = {}
        for r in self.practices:
            org = self.org_of(r)
            if org:
                by_region.setdefault(org.data.get("region", ""), []).append(r)
        for region, items in sorted(by_region.items()):
            pages += self.listing(urls.by_region(region), f"Практики: {region}", items)
        by_year: dict[int, list[Record]] = {}
        for r in self.practices:
            by_year.setdefault(r.data.get("year"), []).append(r)
        for year, items in sorted(by_year.items()):
            pages += self.listing(urls.by_year(year), f"Практики {year} года", items)

        def competition_groups(chunk: list[Record]):
            groups: list[tuple[str, list[Record]]] = []
            for r in chunk:
                heading = f"{r.data.get('competition')} — {r.data.get('year')}"
                if not groups or groups[-1][0] != heading:
                    groups.append((heading, []))
                groups[-1][1].append(r)
            return groups

        pages += self.listing(urls.WINNERS, "Победители и призёры конкурсов", self.winners,
                              "Сгруппированы по конкурсам и годам, новые сверху.", competition_groups)
        upcoming, past = self.events
        pages += self.listing(urls.EVENTS, "Предстоящие мероприятия", upcoming,
                              f"На {ru_date(self.bank.build_date)}, ближайшие сверху.",
                              empty="Предстоящих мероприятий пока нет.")
        pages += self.listing(urls.PAST_EVENTS, "Прошедшие мероприятия", past,
                              "Недавние сверху.")
        pages += self.listing(urls.ORGANIZATIONS, "Организации", self.organizations,
                              "По регионам и муниципалитетам.")
        return pages + self.folder_pages()

    #: Record type → (listing URL, its title, further listings) for the page at the type's folder.
    FOLDER_LISTINGS = {
        "practice": (urls.PRACTICES, "Все практики", ()),
        "winner": (urls.WINNERS, "Победители и призёры конкурсов", ()),
        "event": (urls.EVENTS, "Предстоящие мероприятия", ((urls.PAST_EVENTS, "Прошедшие мероприятия"),)),
        "organization": (urls.ORGANIZATIONS, "Организации", ()),
    }

    def folder_pages(self) -> list[Page]:
        """A page at each record folder (``praktiki/``, ``pobediteli/``, ``meropriyatiya/``,
        ``organizacii/``; ``urls.TYPE_FOLDERS``): records live at ``<folder>/<id>/`` and a visitor who
        shortens the address must not meet «page not found». The page sends the browser to the folder's
        catalogue listing (``FOLDER_LISTINGS``) and shows the link; it is not indexed for search."""
        pages = []
        for record_type in urls.TYPE_FOLDERS:
            target, target_title, more = self.FOLDER_LISTINGS[record_type]
            url = urls.folder(record_type)
            title = TYPE_PLURALS[record_type]
            html = self.render("folder.html", url, title=title, target=target, target_title=target_title, more=more)
            pages.append(Page(url, title, html))
        return pages

