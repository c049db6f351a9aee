"""Generated pages of the bank: record pages, listings, catalogue.

``Renderer(bank, site_url, settings).all_pages()`` returns every page as a ``Page`` (a URL, a title
and the HTML of the content area) over the read-only ``catalogue.Catalogue`` with the render
environment ``render.Env``; the MkDocs adapter in ``hooks/`` turns them into virtual files; nothing
here imports MkDocs.
"""

from __future__ import annotations

from markupsafe import Markup

from . import urls
from .catalogue import Catalogue
from .dates import ru_date
from .model import Bank, Record
from .render import Env, LinkContext, Page
from .search import limit_search
from .settings import Settings
from .tab_pages import TabRenderer
from .vocab import label, slugs

#: Record type → the plural heading of its records («Практики»).
TYPE_PLURALS = {"practice": "Практики", "winner": "Победители и призёры", "event": "Мероприятия",
                "organization": "Организации"}


class Renderer:
    """Renders the bank's pages. Create one per build.

    ``site_url`` is the published address of the bank (absolute links of embeds); ``settings`` the
    build's (``settings.Settings``; defaults with the bank's build date if not given); after
    ``all_pages()``, ``static`` maps site paths of the tabs' static outputs to their bytes.
    """

    def __init__(self, bank: Bank, site_url: str = "", settings: Settings | None = None):
        self.bank = bank
        self.settings = settings or Settings(build_date=bank.build_date)
        self.catalogue = Catalogue(bank)
        self.env = Env(self.catalogue, self.settings, site_url)
        self.tabs = TabRenderer(self.catalogue, self.env)
        self.static: dict[str, bytes] = {}
        #: Page-cache keys computed ahead by ``bodies_to_render`` (record id → key).
        self._page_keys: dict[str, str | None] = {}
        #: Record pages of earlier builds (``mentorbank.pagecache.PageCache``), set by the build; None: off.
        self.page_cache = None

    @property
    def markdown(self):
        """Contributor Markdown → sanitised HTML (``render.Env.markdown``)."""
        return self.env.markdown

    @markdown.setter
    def markdown(self, function) -> None:
        self.env.markdown = function

    def org_of(self, r: Record) -> Record | None:
        """``Catalogue.org_of``."""
        return self.catalogue.org_of(r)

    def render(self, template: str, page_url: str, **ctx) -> str:
        """Render ``template`` as a site page at ``page_url`` (``render.Env.page``)."""
        return self.env.page(template, page_url, **ctx)

    def listing(self, *args, **kwargs) -> list[Page]:
        """``render.Env.listing``."""
        return self.env.listing(*args, **kwargs)

    # ----- pages ---------------------------------------------------------------------------------
    def _record_context(self, r: Record) -> dict:
        """Template context of the page of a practice, winner or event (an organisation's adds its tab)."""
        cat = self.catalogue
        ctx: dict = {"r": r, "org": cat.org_of(r)}
        if r.type == "practice":
            ctx["winners"] = cat.winners_by.get(("practice", r.id), [])
            event_ids = {w.data.get("event") for w in ctx["winners"]}
            competitions = [self.bank.records[e] for e in event_ids if e in self.bank.records]
            own = cat.by_org.get(r.data.get("organization"), {}).get("event", [])
            ctx["events"] = (competitions + [e for e in own if e.id not in event_ids])[:10]
        elif r.type == "winner":
            ctx["practice"] = self.bank.get(r.data.get("practice"))
            ctx["event"] = self.bank.get(r.data.get("event"))
        elif r.type == "event":
            ctx["upcoming"] = cat.is_upcoming(r)
            ctx["winners"] = cat.winners_by.get(("event", r.id), [])
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
            ctx.update(self.tabs.site_context(r, outputs, LinkContext(r.url)))
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
        files = {site: src for site, src in self.env.attachments(r).values()}
        return Page(r.url, r.title, html, r.id, files)

    def overview_html(self, page_url: str = "") -> str:
        """HTML of the home page's front door (a maintainer page, ``content/index.md``): search form,
        newest practices, upcoming events, this year's winners, the way to propose a practice, counts
        per type and per form. Rendered by the sandboxed, autoescaping environment: contributor text
        arrives escaped, as one raw HTML block for Markdown."""
        return self.render("overview.html", page_url, **self.catalogue.counts, **self.catalogue.home)

    def all_pages(self) -> list[Page]:
        """Every generated page: records, listings, catalogue."""
        cat = self.catalogue
        pages = [self.record_page(r) for r in self.bank.records.values() if r.published]
        for org in cat.organizations:
            pages += self.tabs.listing_pages(org)
        pages.append(Page(urls.CATALOGUE, "Каталог", self.render("catalog.html", urls.CATALOGUE, **cat.counts)))
        pages += self.listing(urls.PRACTICES, "Все практики", cat.practices)
        for slug in slugs("form"):
            items = cat.practices_of_form(slug)
            if items:
                pages += self.listing(urls.by_form(slug), f"Практики: форма «{label('form', slug)}»", items)
        for region, items in cat.practices_by_region.items():
            pages += self.listing(urls.by_region(region), f"Практики: {region}", items)
        for year, items in cat.practices_by_year.items():
            pages += self.listing(urls.by_year(year), f"Практики {year} года", items)

        def competition_groups(chunk: list[Record]):
            groups: list[tuple[str, list[Record]]] = []
            for r in chunk:
                heading = f"{r.data.get('competition')} — {r.data.get('year')}"
                if not groups or groups[-1][0] != heading:
                    groups.append((heading, []))
                groups[-1][1].append(r)
            return groups

        pages += self.listing(urls.WINNERS, "Победители и призёры конкурсов", cat.winners,
                              "Сгруппированы по конкурсам и годам, новые сверху.", competition_groups)
        upcoming, past = cat.events
        pages += self.listing(urls.EVENTS, "Предстоящие мероприятия", upcoming,
                              f"На {ru_date(cat.build_date)}, ближайшие сверху.",
                              empty="Предстоящих мероприятий пока нет.")
        pages += self.listing(urls.PAST_EVENTS, "Прошедшие мероприятия", past,
                              "Недавние сверху.")
        pages += self.listing(urls.ORGANIZATIONS, "Организации", cat.organizations,
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

