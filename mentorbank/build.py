"""What one site build needs from the core, independent of the site generator.

``prepare(root)`` loads and validates the bank and renders every generated
page; the adapter (``hooks/bank.py`` for MkDocs) turns the result into the
generator's files. ``index_site`` runs the Pagefind CLI over the output.

Speed at national scale (README, «Производительность»): rendered Markdown and
record pages are kept on disk between builds (``.cache/mentorbank``, see
``pagecache``); pages out of the nav are
not rendered by the site generator one by one but written by ``write_pages``
into a «shell» — the generator's own output for one placeholder page of the
same depth; the live-reload server reuses unchanged files and pages.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import glob
import gzip
import hashlib
import html
import json
import os
import re
import shutil
import subprocess
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import FileSystemBytecodeCache

from . import markup, search
from . import settings as settings_module
from .bank import load_bank
from .model import Bank
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
    #: Static outputs (site path → bytes): the tabs' embed pages, fragments, ZIPs and the core's assets.
    static: dict[str, bytes] = field(default_factory=dict)
    #: True when ``static`` is the previous build's of this process, unchanged (body-only rebuild).
    static_reused: bool = False



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
        renderer.page_cache = PageCache(cache, bank.build_date.isoformat())
        renderer.page_cache.load()
        # every core for what the caches do not hold
        markdown.prerender(renderer.bodies_to_render(), minimum=settings.prerender_minimum)
        results = renderer.generate()
        renderer.page_cache.save()
        renderer.page_cache = None
        markdown.save()
        renderer.markdown = markup.render_markdown
    pages = {p.src_uri: p for result in results.values() for p in result.pages}
    reused = changed is not None and all(results[n] is previous.renderer.results.get(n)
                                         for n, r in results.items() if r.files)
    prepared = Prepared(bank, renderer, pages, [p for p in bank.problems if p.severity != ERROR],
                        renderer.static, static_reused=reused)
    if session is not None:
        session.current = prepared
        if reuse:
            session.prepared[root] = prepared
    return prepared


# ----- pages written into a shell -------------------------------------------------------------------
#: Placeholders of a shell page: its title and its content, as the site generator renders them.
SHELL_TITLE = "mentorbank-shell-title"
SHELL_CONTENT = "<!--mentorbank-shell-content-->"
#: The same for pages with their own h1 (Material adds the title as h1 to content without «<h1»).
SHELL_CONTENT_H1 = "<!--mentorbank-shell-content<h1>-->"


def shell_content(variant: tuple[int, bool, bool]) -> str:
    """The content placeholder of a shell of ``variant``."""
    return SHELL_CONTENT_H1 if variant[2] else SHELL_CONTENT


def shell_variant(page: Page) -> tuple[int, bool, bool]:
    """Pages sharing a variant share their shell: (depth of the URL, record page, has its own h1)."""
    return page.url.count("/"), page.record_id is not None, "<h1" in page.html


def shell_url(variant: tuple[int, bool, bool], number: int) -> str:
    """A URL of the variant's depth for its placeholder page (``mentorbank-shell/…/mentorbank-shell-3/``)."""
    return "mentorbank-shell/" * (variant[0] - 1) + f"mentorbank-shell-{number}/"


@dataclass
class Shell:
    """The generator's output for a placeholder page, cut at the title, the URL and the content."""

    parts: list[str]
    url: str
    key: str = ""

    @classmethod
    def cut(cls, output: str, url: str, content: str = SHELL_CONTENT) -> Shell:
        """Cut ``output`` (the full HTML of the placeholder page at ``url`` whose content was the
        placeholder ``content``). Raises ValueError if ``content`` is not there exactly once."""
        if output.count(content) != 1:
            raise ValueError("в оболочке страницы нет места для содержимого")
        output = output.replace(content, SHELL_CONTENT)
        parts = re.split(f"({re.escape(SHELL_TITLE)}|{re.escape(SHELL_CONTENT)}|{re.escape(url)})", output)
        return cls(parts, url, hashlib.blake2b(output.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest())

    def fill(self, page: Page) -> bytes:
        """The full HTML of ``page`` (UTF-8, as the generator writes it)."""
        title = html.escape(page.title, quote=False)  # Material prints titles unescaped
        values = {SHELL_TITLE: title, SHELL_CONTENT: page.html, self.url: page.url}
        return "".join(values.get(part, part) if i % 2 else part for i, part in enumerate(self.parts)).encode(
            "utf-8", "xmlcharrefreplace")


def write_pages(site_dir: Path, pages: list[Page], shells: dict[tuple, Shell], kept: Path | None = None,
                done: dict | None = None) -> int:
    """Write each page of ``pages`` to ``site_dir/<url>/index.html`` in the shell of its variant.

    In one process (the live-reload server) a page object already written into the same shell is not
    written again: it is moved back from ``kept`` (the previous output, see ``keep_output``) — a whole
    top folder at once (``praktiki/``) when the site generator did not write into it — or, if there
    is no ``kept``, left where it is. Pages written before and gone now are removed. Returns the
    number of files written. ``done`` (``session.Session.written[site_dir]``) records what was written,
    so that a rebuild in the same process skips it; updated in place.
    """
    done = {} if done is None else done
    site = str(site_dir)
    restored: set[str] = set()
    if kept is not None:
        for top in {page.url.split("/", 1)[0] for page in pages}:
            if (kept / top).is_dir() and not (site_dir / top).exists():
                os.replace(kept / top, site_dir / top)
                restored.add(top)
    current = {page.url for page in pages}
    for url in [u for u in done if u not in current]:
        with contextlib.suppress(OSError):
            os.remove(os.path.join(site, url, "index.html"))
        del done[url]
    count = 0
    for page in pages:
        shell = shells[shell_variant(page)]
        target = os.path.join(site, page.url, "index.html")
        previous = done.get(page.url)
        if previous is not None and previous[0] is page and previous[1] == shell.key:
            if page.url.split("/", 1)[0] in restored or (kept is None and os.path.isfile(target)):
                continue
            if kept is not None:
                try:
                    os.makedirs(os.path.dirname(target), exist_ok=True)
                    os.replace(os.path.join(kept, page.url, "index.html"), target)
                    continue
                except OSError:
                    pass
        os.makedirs(os.path.dirname(target), exist_ok=True)
        data = shell.fill(page)
        with open(target, "wb") as fh:
            fh.write(data)
        done[page.url] = (page, shell.key, len(data), b"data-pagefind-body" in data)
        count += 1
    return count


def keep_output(site_dir: Path, written: dict | None) -> Path | None:
    """Before a clean rebuild of the live-reload server: move the previous output aside (returned
    path) so that unchanged pages and the search index can be moved back instead of written again.
    ``written``: what ``write_pages`` wrote there in this process (nothing: nothing to keep)."""
    if not written or not site_dir.is_dir():
        return None
    kept = site_dir.with_name(site_dir.name + ".mentorbank-kept")
    shutil.rmtree(kept, ignore_errors=True)
    for old in site_dir.parent.glob(f"{glob.escape(kept.name)}-old-*"):  # removals cut short earlier
        if not old.name.startswith(f"{kept.name}-old-{os.getpid()}-"):
            shutil.rmtree(old, ignore_errors=True)
    os.replace(site_dir, kept)
    site_dir.mkdir()
    return kept


def discard_kept(kept: Path) -> None:
    """Remove the previous output ``kept`` (see ``keep_output``) in a background thread, after
    renaming it so that the next rebuild can keep its own; leftovers of an interrupted removal are
    removed by the next ``keep_output``."""
    trash = kept.with_name(f"{kept.name}-old-{os.getpid()}-{time.monotonic_ns()}")
    try:
        os.replace(kept, trash)
    except OSError:
        shutil.rmtree(kept, ignore_errors=True)
        return
    threading.Thread(target=shutil.rmtree, args=(trash,), kwargs={"ignore_errors": True}, daemon=True).start()


def restore_index(site_dir: Path, kept: Path | None) -> bool:
    """Move the previous search index back from ``kept``; True if there was one."""
    if kept is not None and (kept / "pagefind").is_dir() and not (site_dir / "pagefind").exists():
        os.replace(kept / "pagefind", site_dir / "pagefind")
    return (site_dir / "pagefind" / "pagefind-entry.json").is_file()


def restore_static(site_dir: Path, kept: Path, static: dict[str, bytes]) -> int:
    """Live-reload rebuild with unchanged static outputs (``Prepared.static_reused``): move each file
    of ``static`` (site path → bytes) back from ``kept``, the previous output, or write it if it is
    not there. Returns the number of files written."""
    written = 0
    for site_path, content in static.items():
        target = site_dir / site_path
        if target.exists():
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.replace(kept / site_path, target)
        except OSError:
            target.write_bytes(content)
            written += 1
    return written


def release(prepared: Prepared, pages: list[Page]) -> None:
    """After a full build has written ``pages``: drop their HTML and the records' Markdown so that the
    search indexer, which runs next in a child process, has the memory (hundreds of MB at 10,000
    records). Not for the live-reload server, which reuses them."""
    for page in pages:
        page.html = ""
    for record in prepared.bank.records.values():
        record.body = ""
        source = getattr(record, "source", None)
        if source is not None:  # the loader's copy of the same text (≈ 160 MB at 10,000 practices)
            source.body = ""
            source.lines = {}
    gc.collect()
    try:  # give the freed heap back to the system (glibc)
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass


def add_to_sitemap(site_dir: Path, urls: list[str], drop: str, site_url: str, lastmod: str) -> None:
    """Put ``urls`` (site-relative) into ``sitemap.xml`` and its ``.gz``, and drop entries containing
    ``drop`` (the placeholder pages)."""
    sitemap = site_dir / "sitemap.xml"
    if not sitemap.is_file():
        return
    text = sitemap.read_text("utf-8")
    text = re.sub(r"\s*<url>\s*<loc>[^<]*" + re.escape(drop) + r"[^<]*</loc>.*?</url>", "", text, flags=re.S)
    base = site_url.rstrip("/") + "/" if site_url else "/"
    entries = "".join(f"\n    <url>\n         <loc>{html.escape(base + u)}</loc>\n         <lastmod>{lastmod}</lastmod>"
                      "\n    </url>" for u in urls)
    text = text.replace("</urlset>", entries.lstrip("\n") + "\n</urlset>" if entries else "</urlset>")
    sitemap.write_text(text, "utf-8")
    (site_dir / "sitemap.xml.gz").write_bytes(gzip.compress(text.encode("utf-8"), mtime=0))


def verify_output(site_dir: Path, prepared: Prepared, written: dict | None = None) -> None:
    """The «nothing lost» check after indexing.

    Every published record must have its page in ``site_dir`` marked for
    search (``data-pagefind-body``), and Pagefind's page count must equal the
    number of such pages. Raises ``BuildFailed`` naming the missing record ids.
    """
    published = {r.id for r in prepared.bank.records.values() if r.published}
    record_pages = {p.record_id: site_dir / p.url / "index.html" for p in prepared.pages.values() if p.record_id}
    # Each file read once; pages that write_pages wrote in this process and that still hold what it
    # wrote (same size) are known to be marked or not without reading them again.
    written = written or {}
    known = {site_dir / url / "index.html": entry[2:] for url, entry in written.items()}
    marked = set()
    for f in site_dir.rglob("*.html"):
        size_marked = known.get(f)
        if size_marked is not None and f.stat().st_size == size_marked[0]:
            if size_marked[1]:
                marked.add(f)
        elif b"data-pagefind-body" in f.read_bytes():
            marked.add(f)
    missing = published - set(record_pages)
    missing |= {rid for rid, out in record_pages.items() if out not in marked}
    records, written = len(published), len(record_pages)
    indexed_pages = len(marked)
    entry = site_dir / "pagefind" / "pagefind-entry.json"
    counted = sum(lang.get("page_count", 0) for lang in json.loads(entry.read_text("utf-8"))["languages"].values()) \
        if entry.is_file() else -1
    if missing or counted != indexed_pages:
        raise BuildFailed(
            f"Проверка «ничего не потеряно» не пройдена: записей {records}, страниц записей {written}, "
            f"страниц для поиска {indexed_pages}, в индексе Pagefind {counted}."
            + (f" Нет на сайте или в поиске: {', '.join(sorted(missing))}." if missing else ""))


def index_site(site_dir: Path) -> None:
    """Build the Pagefind index of ``site_dir`` (writes ``site_dir/pagefind/``).

    Runs ``search.pagefind_command``. Raises ``BuildFailed`` if the indexer fails.
    """
    done = subprocess.run(search.pagefind_command(site_dir), capture_output=True, text=True)
    if done.returncode != 0:
        raise BuildFailed(f"Pagefind не построил поисковый индекс:\n{done.stdout}\n{done.stderr}")
