"""What one site build needs from the core, independent of the site generator.

``prepare(root)`` loads and validates the bank (``bank.load_bank``) and runs every output
(``pages.Renderer`` over ``outputs.registry``); the adapter (``hooks/bank.py`` with
``mentorbank.adapter``) turns the result into the generator's files, indexes them and checks them.

Speed at national scale (README, «Производительность»): rendered Markdown and record pages are kept
on disk between builds (``Settings.cache_dir``, see ``markup.MarkdownCache`` and ``pagecache``); a
live-reload rebuild in which only bodies changed reuses the outputs that do not show them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import FileSystemBytecodeCache

from . import markup
from . import settings as settings_module
from .bank import load_bank
from .model import Bank
from .outputcache import OutputCache
from .outputs import records as record_pages
from .pagecache import PageCache
from .pages import Renderer
from .problems import ERROR, Docs, Problem, docs_base
from .render import Page
from .session import Session


class BuildFailed(Exception):
    """The bank has errors; ``str(exc)`` is the Russian report with every error of the run."""


@dataclass
class Prepared:
    """A validated bank and its generated pages (``pages`` keyed by ``src_uri``)."""

    bank: Bank
    renderer: Renderer
    pages: dict[str, Page] = field(default_factory=dict)
    warnings: list[Problem] = field(default_factory=list)
    #: Static outputs (site path → bytes, or → a file an output wrote: ``outputs.Result``): the tabs'
    #: embed pages, fragments, ZIPs, the open data and the core's assets.
    static: dict[str, bytes | Path] = field(default_factory=dict)
    #: Site paths of ``static`` that are the previous build's of this process, unchanged: the files of the
    #: outputs reused by a body-only rebuild (empty otherwise); the adapter moves them back, not writes them.
    static_reused: frozenset[str] = frozenset()



def report(problems: list[Problem], docs: Docs | None = None) -> str:
    """Format problems for the build log: one line each (pointing to ``docs``, see ``problems.docs_base``),
    then a Russian summary line."""
    errors = sum(p.severity == ERROR for p in problems)
    lines = [p.format(docs) for p in problems]
    lines.append(f"Ошибок: {errors}. Сайт не собран: исправьте ошибки (проверка: mentorbank check).")
    return "\n".join(lines)


#: Topic of the warning about an incomplete «Наставничество» tab (``rules.tab_problems``).
TAB_TOPIC = "vkladka"


def warnings_for_log(warnings: list[Problem]) -> tuple[list[str], str | None]:
    """What a site build says about ``warnings``: each warning on its own line, except incomplete tabs
    (topic ``TAB_TOPIC``), which are summed up in one Russian line — the details are for coordinators
    (``mentorbank report``, ``mentorbank check``), not for everyone who builds the site. Returns
    (lines, summary or None)."""
    tabs = [p for p in warnings if p.topic == TAB_TOPIC]
    lines = [p.format() for p in warnings if p.topic != TAB_TOPIC]
    if not tabs:
        return lines, None
    n = len(tabs)
    one = n % 10 == 1 and n % 100 != 11
    summary = (f"{'Вкладка' if one else 'Вкладки'} «Наставничество» {n} {'организации' if one else 'организаций'} "
               f"{'заполнена' if one else 'заполнены'} не полностью: подробности — mentorbank report.")
    return lines, summary


def _body_only_changes(previous: Prepared, bank: Bank) -> list | None:
    """Records whose page must be rendered again when only Markdown bodies of practices, winners or
    events changed since ``previous`` (a body is shown on its own page only); None when anything else
    changed (a field, a file added or removed, an organization, the build date)."""
    old = previous.bank
    if old.build_date != bank.build_date or old.records.keys() != bank.records.keys():
        return None
    changed = []
    for rid, r in bank.records.items():
        p = old.records[rid]
        if p is r:
            continue
        if r.type == "organization" or p.type != r.type or p.data != r.data or p.path != r.path:
            return None
        changed.append(r)
    return changed


def template_cache(cache: Path) -> FileSystemBytecodeCache | None:
    """Compiled Jinja templates (the core's and the theme's, never contributor content) kept in
    ``<cache>/jinja`` (``cache``: ``Settings.cache_dir``) between builds and live-reload rebuilds,
    keyed by the template source; None if the folder cannot be made."""
    folder = cache / "jinja"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return FileSystemBytecodeCache(str(folder))


def prepare(root: Path, site_url: str = "", reuse: bool = False,
            settings: settings_module.Settings | None = None, session: Session | None = None) -> Prepared:
    """Load, validate and render the bank at ``root``; ``site_url`` is the published address of the
    bank (absolute links of the embeddable tabs); ``settings`` default to ``settings.load(root)``;
    ``session`` (``session.Session``) gets the result as ``current`` (for the maintainer-page macros).

    Raises ``BuildFailed`` (message in Russian, all errors at once) when any
    record has an error; warnings are returned in ``Prepared.warnings``.
    With ``reuse`` (the live-reload server; needs ``session``) unchanged files are not read again
    and, when only bodies of practices, winners or events changed since the session's previous build,
    only their pages are rendered.
    """
    if reuse and session is None:
        raise ValueError("reuse needs a session")
    if settings is None:
        try:
            settings = settings_module.load(root)
        except settings_module.SettingsError as exc:
            raise BuildFailed(str(exc)) from None
    bank = load_bank(root, settings.build_date, memo=session.files if reuse else None, cache=settings.cache_dir)
    errors = [p for p in bank.problems if p.severity == ERROR]
    if errors:
        raise BuildFailed(report(errors, docs_base(root, site_url)))
    renderer = Renderer(bank, site_url, settings)
    renderer.env.jinja.bytecode_cache = template_cache(settings.cache_dir)
    previous = session.prepared.get(root) if reuse else None
    changed = _body_only_changes(previous, bank) if previous else None
    if changed is not None:
        # Outputs that show none of the changed bodies are reused as they are (``READS_BODIES``).
        results = renderer.generate(previous.renderer.results, changed)
    else:
        cache = settings.cache_dir
        markdown = markup.MarkdownCache(cache)
        markdown.load()
        renderer.markdown = markdown.render
        renderer.page_cache = PageCache(cache, f"{bank.build_date.isoformat()} {settings.search_body_words}")
        renderer.page_cache.load()
        outputs = OutputCache(cache, bank, settings, renderer.env.site_url, renderer.page_cache) if cache else None
        renderer.output_cache = outputs
        if outputs is not None:
            outputs.load()
        if outputs is None or not outputs.reusable(record_pages):
            # every core for what the caches do not hold
            markdown.prerender(renderer.bodies_to_render(), minimum=settings.prerender_minimum)
        results = renderer.generate()
        if outputs is not None:
            outputs.save()
            outputs.close()
            if outputs.reused or outputs.regenerated:  # bodies of the outputs taken whole: kept for the next build
                markdown.keep_texts(r.body for r in bank.records.values())
        renderer.output_cache = None
        renderer.page_cache.save()
        renderer.page_cache = None
        markdown.save()
        renderer.markdown = markup.render_markdown
    pages = {p.src_uri: p for result in results.values() for p in result.pages}
    reused = frozenset(path for n, r in results.items()
                       if changed is not None and r is previous.renderer.results.get(n) for path in r.files)
    prepared = Prepared(bank, renderer, pages, [p for p in bank.problems if p.severity != ERROR],
                        renderer.static, static_reused=reused)
    if session is not None:
        session.current = prepared
        if reuse:
            session.prepared[root] = prepared
    return prepared
