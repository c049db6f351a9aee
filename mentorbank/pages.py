"""The generated site of one build: ``Renderer(bank, site_url, settings)`` runs the outputs of
``outputs.registry`` over the read-only ``catalogue.Catalogue`` with the render environment
``render.Env``. ``all_pages()`` returns every page as a ``Page`` (a URL, a title and the HTML of the
content area) and fills ``static`` (site path → bytes); the MkDocs adapter in ``hooks/`` turns them
into files. Nothing here imports MkDocs.
"""

from __future__ import annotations

from pathlib import Path

from . import outputcache
from .catalogue import Catalogue
from .model import Bank, Record
from .outputs import Result, registry, tab_page
from .outputs import records as record_pages
from .render import Env, Page
from .settings import Settings


class Renderer:
    """The outputs of one build over ``bank``. Create one per build.

    ``site_url`` is the published address of the bank (absolute links of embeds); ``settings`` the
    build's (``settings.Settings``; defaults with the bank's build date if not given); after
    ``all_pages()``, ``static`` maps site paths of static outputs to their bytes, ``heads`` and
    ``descriptions`` hold the outputs' additions to pages' ``<head>`` by page URL (``outputs.Result``)
    and ``results`` holds each output's ``Result`` by its ``NAME``.
    """

    def __init__(self, bank: Bank, site_url: str = "", settings: Settings | None = None):
        self.bank = bank
        self.settings = settings or Settings(build_date=bank.build_date)
        self.catalogue = Catalogue(bank)
        self.env = Env(self.catalogue, self.settings, site_url)
        self.static: dict[str, bytes | Path] = {}  # site path → bytes or a written file (``Result``)
        self.heads: dict[str, str] = {}
        self.descriptions: dict[str, str] = {}
        self.results: dict[str, Result] = {}
        #: Results of earlier builds (``outputcache.OutputCache``), set by the build; None: off.
        self.output_cache = None

    @property
    def markdown(self):
        """Contributor Markdown → sanitised HTML (``render.Env.markdown``)."""
        return self.env.markdown

    @markdown.setter
    def markdown(self, function) -> None:
        self.env.markdown = function

    @property
    def page_cache(self):
        """Record pages of earlier builds (``render.Env.page_cache``); None: off."""
        return self.env.page_cache

    @page_cache.setter
    def page_cache(self, cache) -> None:
        self.env.page_cache = cache

    def org_of(self, r: Record) -> Record | None:
        """``Catalogue.org_of``."""
        return self.catalogue.org_of(r)

    def listing(self, *args, **kwargs) -> list[Page]:
        """``render.Env.listing``."""
        return self.env.listing(*args, **kwargs)

    def bodies_to_render(self) -> list[str]:
        """Markdown that this build will render and the page cache does not hold (organisations'
        always), for ``markup.MarkdownCache.prerender``."""
        orgs = [r.body for r in self.bank.records.values() if r.published and r.type == "organization"]
        return record_pages.bodies(self.catalogue, self.env) + orgs

    def record_page(self, r: Record) -> Page:
        """Render the page of one published record (an organisation's is its tab page)."""
        if r.type == "organization":
            return tab_page.page(r, self.catalogue, self.env)
        return record_pages.page(r, self.catalogue, self.env)

    def overview_html(self, page_url: str = "") -> str:
        """HTML of the home page's front door (a maintainer page, ``content/index.md``): search form,
        newest practices, upcoming events, this year's winners, the way to propose a practice, counts
        per type and per form. Rendered by the sandboxed, autoescaping environment: contributor text
        arrives escaped, as one raw HTML block for Markdown."""
        return self.env.page("overview.html", page_url, **self.catalogue.counts, **self.catalogue.home)

    def generate(self, previous: dict[str, Result] | None = None, changed: list[Record] | None = None
                 ) -> dict[str, Result]:
        """Run every output of ``registry.OUTPUTS`` in order; returns their results by ``NAME`` (also
        in ``results``, with ``static`` their files merged). With a page cache (``page_cache``) each
        output's pages are kept there as they come (``pagecache.PageCache.store``).

        With ``previous`` (the results of the last build of this process) and ``changed`` (records whose
        bodies only changed since), an output whose ``READS_BODIES`` names none of the changed types is
        reused as it was; one that does is regenerated (only for ``changed`` with ``regenerate``).

        Otherwise, with an output cache (``output_cache``, ``outputcache.OutputCache``), an output whose
        inputs did not change since an earlier build is that build's result, one of whose records only
        bodies changed is regenerated from it (``regenerate``), and what is made is stored there."""
        types = {r.type for r in changed or []}
        cache = self.output_cache
        reads = outputcache.Reads((outputcache.PACKAGE, self.settings.cache_dir)) if cache is not None else None
        results: dict[str, Result] = {}
        made = []  # outputs made in this build (not reused), stored in ``output_cache`` at the end
        for output in registry.OUTPUTS:
            if previous is not None and output.NAME in previous and not (output.READS_BODIES & types):
                results[output.NAME] = previous[output.NAME]
            elif previous is not None and output.NAME in previous and hasattr(output, "regenerate"):
                results[output.NAME] = output.regenerate(previous[output.NAME], changed, self.catalogue, self.env)
            else:
                result = cache.fetch(output) if cache is not None else None
                if result is None and cache is not None and hasattr(output, "regenerate"):
                    before = cache.previous(output)
                    if before is not None and before[1]:
                        with reads:
                            result = output.regenerate(before[0], [self.bank.records[i] for i in before[1]],
                                                       self.catalogue, self.env)
                        cache.regenerated.append(output.NAME)
                        made.append(output)
                if result is None:
                    if reads is not None:
                        with reads:
                            result = output.generate(self.catalogue, self.env)
                        made.append(output)
                    else:
                        result = output.generate(self.catalogue, self.env)
                else:  # what later outputs of this build read of it (``render.Env.shared``)
                    self.env.shared(output.NAME, lambda result=result: result)
                if self.env.page_cache is not None:  # to disk: at most one output's HTML in memory
                    result.pages = [self.env.page_cache.store(p) for p in result.pages]
                results[output.NAME] = result
        if cache is not None:
            files_read = reads.fingerprints()
            for output in made:
                cache.put(output, results[output.NAME], files_read)
        self.results = results
        self.static = {path: data for result in results.values() for path, data in result.files.items()}
        self.heads, self.descriptions = {}, {}
        for result in results.values():
            for url, html in result.heads.items():
                self.heads[url] = self.heads.get(url, "") + html
            self.descriptions.update(result.descriptions)
        return results

    def all_pages(self) -> list[Page]:
        """Every generated page of every output (``generate``)."""
        return [page for result in self.generate().values() for page in result.pages]
