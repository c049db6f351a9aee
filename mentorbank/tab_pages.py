"""Rendering of the «Наставничество» tab in its four shapes (README, «Вкладка «Наставничество» организации»).

- the tab page of the site (``organizacii/<id>/``), with «Как разместить на сайте организации»
  (the completeness checklist is not public: ``mentorbank report`` and ``check`` give it);
- the embed page for an ``<iframe>`` (``organizacii/<id>/vstraivanie/``): a standalone document
  without site chrome whose height the host page's loader follows (postMessage);
- the script-free HTML fragment (``organizacii/<id>/fragment.html``): inline styles, absolute URLs
  from ``site_url``, under ``Settings.fragment_limit`` bytes;
- the ZIP of the standalone tab (``organizacii/<id>/nastavnichestvo-<id>.zip``): HTML, CSS, the
  version for the visually impaired and attached files;
- the PDF of the standalone tab (``organizacii/<id>/nastavnichestvo-<id>.pdf``, ``pdf``): the same
  HTML with the print stylesheet, dated by the build date.

What the tab shows is computed in ``tab``; this module only lays it out. Contributor values
reach the templates as autoescaped data.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from functools import cache
from importlib import resources

import css_inline
from markupsafe import Markup

from . import tab, urls
from .catalogue import Catalogue
from .model import Record
from .pdf import DATE_ISO, DATE_TEXT, PdfCache
from .render import Env, LinkContext, Page, relative

#: Static assets of the package published under ``urls.ASSET_DIR``.
ASSETS = ("tab.css", "embed.js", "frame.js", "a11y.css", "a11y.js", "copy.js")
#: Fixed timestamp of ZIP members, so the archive is the same for the same content.
_ZIP_TIME = (2020, 1, 1, 0, 0, 0)

LIST_KINDS = (
    ("practice", "praktiki", "Практики", ("практика", "практики", "практик")),
    ("winner", "pobediteli", "Победители и призёры конкурсов", ("результат", "результата", "результатов")),
    ("event", "meropriyatiya", "Мероприятия", ("мероприятие", "мероприятия", "мероприятий")),
)


@cache
def asset(name: str) -> bytes:
    """Bytes of a static asset of the package (``mentorbank/static/<name>``)."""
    return resources.files("mentorbank").joinpath("static", name).read_bytes()


@cache
def fragment_css() -> str:
    """``tab.css`` with custom properties resolved to plain colours, for inlining into the fragment:
    editors of official sites may strip ``var()`` and ``--*`` declarations from pasted HTML."""
    css = asset("tab.css").decode("utf-8")
    css = re.sub(r"var\(--md-[\w-]+,\s*([^()]+?)\)", r"\1", css)
    palette = dict(re.findall(r"(--mb-[\w-]+):\s*([^;]+);", css))
    css = re.sub(r"\s*--mb-[\w-]+:\s*[^;]+;", "", css)
    return re.sub(r"var\((--mb-[\w-]+)\)", lambda m: palette[m.group(1)].strip(), css)


@dataclass
class Outputs:
    """Static files of one organisation's tab: site path → bytes."""

    files: dict[str, bytes]


def size_kb(data: bytes) -> int:
    """Size of a file as the tab's «Как разместить» block states it: kibibytes (1 КБ = 1,024 bytes),
    rounded to the nearest whole number, at least 1."""
    return max(1, round(len(data) / 1024))


class TabRenderer:
    """Lays out the tab of every organisation over ``catalogue`` with the render environment ``env``
    (its ``site_url``, the published address of the bank, gives absolute links)."""

    def __init__(self, catalogue: Catalogue, env: Env):
        self.catalogue = catalogue
        self.env = env
        self.bank = catalogue.bank
        self.site_url = env.site_url
        self._contexts: dict[str, dict] = {}
        self._outputs: dict[str, Outputs] = {}

    def context(self, org: Record) -> dict:
        """Template context of ``org``'s tab (keys documented by ``templates/tab.html``), computed once
        per organisation and build: it holds no links, so every shape of the tab shares it. Do not mutate."""
        if org.id not in self._contexts:
            self._contexts[org.id] = self._context(org)
        return self._contexts[org.id]

    def _context(self, org: Record) -> dict:
        subordinates = self.catalogue.descendants(org.id)
        lists = self.catalogue.with_subordinates[org.id]
        mon = tab.monitoring(org)
        registry = tab.registry(subordinates)
        winners_all = lists["winner"]
        base_orgs = [org] + subordinates
        return {
            "org": org,
            "body": Markup(self.env.markdown(org.body)),
            "docs_by_level": tab.documents_by_level(org),
            "questionnaires": tab.documents_of_kind(org, tab.QUESTIONNAIRE_KINDS),
            "reports": tab.documents_of_kind(org, tab.REPORT_KINDS),
            "mentor_base": tab.mentor_base(self.bank, base_orgs, winners_all),
            "municipal": bool(subordinates),
            "registry": registry,
            "registry_headings": tab.REGISTRY_HEADINGS,
            "lists": [(kind, folder, title, forms, lists[kind][:self.env.settings.tab_limit], len(lists[kind]))
                      for kind, folder, title, forms in LIST_KINDS if lists[kind]],
            "monitoring": mon,
            "charts": [tab.chart(s, mon.years) for s in mon.charted] if mon else [],
            "percent": tab.percent,
            "parent": self.catalogue.org_of(org),
        }

    # ----- pages --------------------------------------------------------------------------------
    def site_context(self, org: Record, outputs: Outputs, links: LinkContext) -> dict:
        """Context of the site's tab page (rendered with ``links``): the tab plus the embedding
        instructions."""
        ctx = dict(self.context(org))
        fragment = outputs.files[self.fragment_path(org)].decode("utf-8")
        ctx.update(
            embed_url=self.site_url + urls.embed_page(org.url),
            loader_url=self.site_url + urls.asset("embed.js"),
            fragment_href=links.link(self.fragment_path(org)),
            fragment_code=fragment,
            fragment_kb=size_kb(fragment.encode("utf-8")),
            zip_href=links.link(self.zip_path(org)),
            zip_kb=size_kb(outputs.files[self.zip_path(org)]),
            pdf_href=links.link(self.pdf_path(org)),
        )
        return ctx

    def listing_pages(self, org: Record) -> list[Page]:
        """Paginated lists of the organisation's records beyond ``Settings.tab_limit``
        (``organizacii/<id>/praktiki/``…)."""
        pages: list[Page] = []
        for kind, folder, title, _forms in LIST_KINDS:
            items = self.catalogue.with_subordinates[org.id][kind]
            if len(items) > self.env.settings.tab_limit:
                pages += self.env.listing(urls.org_listing(org.url, folder), f"{title}: {org.title}", items,
                                        "Записи организации и подведомственных ей организаций.")
        return pages

    @staticmethod
    def fragment_path(org: Record) -> str:
        """Site path of ``org``'s fragment (``urls.fragment``)."""
        return urls.fragment(org.url)

    @staticmethod
    def zip_path(org: Record) -> str:
        """Site path of ``org``'s ZIP (``urls.tab_zip``)."""
        return urls.tab_zip(org.url, org.id)

    @staticmethod
    def pdf_path(org: Record) -> str:
        """Site path of ``org``'s PDF (``urls.tab_pdf``)."""
        return urls.tab_pdf(org.url, org.id)

    def pdf_cache(self):
        """The build's ``pdf.PdfCache`` of tab PDFs: loaded on first use, when the PDFs of every published
        organisation that it does not hold are rendered in worker processes (``PdfCache.prerender``);
        the ``tab_pdf`` output saves it."""
        def make():
            kept = PdfCache(self.env.settings.cache_dir, "tab-pdf", self.catalogue.build_date)
            kept.load()
            kept.prerender(self.standalone(org, "pdf") for org in self.catalogue.organizations)
            return kept
        return self.env.shared("tab_pdf_cache", make)

    def pdf(self, org: Record) -> bytes:
        """The PDF of ``org``'s tab: from the build cache, or laid out by WeasyPrint (``pdf.render``). Only
        the ``tab_pdf`` output asks for it: the pages link to the PDF without reading it, so that rendering
        a tab page never waits for a PDF."""
        return self.pdf_cache().pdf(self.standalone(org, "pdf"))

    def outputs(self, org: Record) -> Outputs:
        """The embed page, the fragment and the ZIP of ``org``'s tab (made once per build)."""
        if org.id not in self._outputs:
            self._outputs[org.id] = self._make_outputs(org)
        return self._outputs[org.id]

    def _make_outputs(self, org: Record) -> Outputs:
        files = {urls.embed_page(org.url) + "index.html": self.standalone(org, "embed").encode("utf-8")}
        files[self.fragment_path(org)] = self.fragment(org).encode("utf-8")
        files[self.zip_path(org)] = self.zip(org)
        return Outputs(files)

    def standalone(self, org: Record, mode: str) -> str:
        """A complete HTML document of the tab: ``mode`` is ``embed`` (for an iframe: relative links
        opening in the top window), ``zip`` (links to the bank absolute, files and styles local) or
        ``pdf`` (the source of the PDF: every link absolute, attached files on the bank's site; no
        scripts or style links — ``pdf.render`` gives the styles; the date is the placeholder of
        ``pdf.DATE_TEXT``/``DATE_ISO``, filled by ``pdf.PdfCache`` with the day the PDF is made)."""
        page_url = urls.embed_page(org.url) if mode == "embed" else ""
        base = self.site_url if mode in ("zip", "pdf") else None
        links = LinkContext(page_url, base=base, local_files=mode == "zip")
        assets = {name: (name if mode == "zip" else relative(page_url, urls.asset(name))) for name in ASSETS}
        dates = {"pdf_date": DATE_TEXT, "pdf_iso": DATE_ISO} if mode == "pdf" else {}
        return self.env.render("standalone.html", links, mode=mode, assets=assets, site_url=self.site_url,
                               **dates, **self.context(org))

    def fragment(self, org: Record) -> str:
        """The script-free fragment: styles inlined (css-inline), every link absolute, roadmap items as
        blocks (``_roadmap_items.html``: no media queries to turn a table into cards in a host's narrow
        column). If the full tab would exceed ``Settings.fragment_limit`` bytes, the roadmap items are replaced
        by a link to them."""
        css = fragment_css()
        for full in (True, False):
            html = self.env.render("fragment.html", LinkContext("", base=self.site_url), mode="fragment",
                                   full_roadmaps=full, site_url=self.site_url, **self.context(org))
            out = css_inline.inline_fragment(html, css)
            if len(out.encode("utf-8")) <= self.env.settings.fragment_limit:
                return out
        return out

    def zip(self, org: Record) -> bytes:
        """ZIP of the standalone tab: ``index.html``, styles, scripts of the version for the visually
        impaired and ``files/…`` (attachments of the profile). Deterministic for the same content."""
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
            def put(name: str, data: bytes) -> None:
                info = zipfile.ZipInfo(name, _ZIP_TIME)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                zf.writestr(info, data)

            put("index.html", self.standalone(org, "zip").encode("utf-8"))
            for name in ASSETS:
                if name.startswith(("tab", "a11y")):
                    put(name, asset(name))
            for site, src in sorted(self.env.attachments(org).values()):
                put(site, src.read_bytes())
        return buf.getvalue()
