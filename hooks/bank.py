"""MkDocs adapter: the only file that imports MkDocs (with ``mentorbank.adapter``: shells, sitemap,
Pagefind). State that outlives ``mkdocs serve`` rebuilds is ``mentorbank.session.LIVE``.

- on_startup: remember the command (``serve`` rebuilds reuse unchanged files and pages);
- on_config: load and validate the bank (fails the build with every error at once); log warnings, the
  incomplete tabs as one summary line (details: ``mentorbank report``);
- on_files: drop contributor files from the docs, add generated pages in the nav, one placeholder
  («shell») page per kind of page out of the nav, attachments and the tabs' static outputs
  (embed pages, fragments, ZIPs, assets; moved back from the previous output when a live-reload
  rebuild changed only record bodies);
- on_env: keep the theme's compiled templates in the build cache;
- on_page_content: put the core's HTML into generated pages; mark maintainer pages for search (without
  their code examples and reference tables);
- on_post_page: keep the shells' output; add the core's additions to ``<head>`` of theme pages (feed links);
- on_post_build: write the pages out of the nav into their shells, index the output with Pagefind
  (only the parts whose pages changed; a live-reload rebuild moves the other parts back from the
  previous output) and check that no record was lost.

Why shells: MkDocs + Material spend ~4 ms a page on the theme; records and listings are out of the
nav, so their theme output differs only in the title, the URL and the content. 10,000 records cost
one theme render per depth instead of 12,500 (README, «Производительность»).
"""

from __future__ import annotations

import html
import logging
import shutil
import time
from pathlib import Path

import yaml
from mkdocs.exceptions import Abort
from mkdocs.structure.files import File, Files, InclusionLevel

from mentorbank import build, search
from mentorbank.adapter import pagefind, shells, sitemap
from mentorbank.session import LIVE

log = logging.getLogger("mkdocs.hooks.bank")

#: Folders of docs_dir that hold contributor files (read by the core, never rendered by MkDocs).
CONTRIBUTOR_DIRS = ("organizations/",)


def _nav_paths(nav) -> set[str]:
    """Every docs path named in the ``nav`` setting."""
    if isinstance(nav, str):
        return {nav}
    if isinstance(nav, dict):
        return set().union(*(_nav_paths(v) for v in nav.values())) if nav else set()
    if isinstance(nav, list):
        return set().union(*(_nav_paths(v) for v in nav)) if nav else set()
    return set()


def _front(title: str, record: bool) -> str:
    # Material prints page titles unescaped (<title>, header): escape contributor titles here.
    meta = {"title": title}
    if record:
        meta["hide"] = ["navigation", "toc"]  # records are not in the nav; roadmaps need the width
    return f"---\n{yaml.safe_dump(meta, allow_unicode=True)}---\n"


def on_startup(command, dirty):
    LIVE.start(command, dirty)


def on_config(config):
    root = Path(config.config_file_path).parent
    serve = LIVE.serving
    LIVE.build = {"rebuild": serve and bool(LIVE.written.get(Path(config.site_dir)))}
    try:
        prepared = build.prepare(root, config.site_url or "", reuse=serve, session=LIVE)
    except build.BuildFailed as exc:
        raise Abort(f"\n{exc}") from None
    lines, summary = build.warnings_for_log(prepared.warnings)
    for line in lines:
        log.warning(line)
    # Incomplete tabs: one line, and only when it changed since the last build of this process (serve).
    if summary and summary != LIVE.tab_summary:
        log.info(summary)
    LIVE.tab_summary = summary
    LIVE.build["prepared"] = prepared
    return config


def on_pre_build(config):
    # A clean rebuild of `mkdocs serve` empties site_dir next: keep the previous output to reuse it.
    # `mkdocs build` empties it too: its files that this build makes again with the same bytes are moved back.
    site = Path(config.site_dir)
    if LIVE.dirty:
        LIVE.build["kept"] = None
    elif LIVE.serving:
        LIVE.build["kept"] = shells.keep_output(site, LIVE.written.get(site))
    else:
        LIVE.build["kept"] = shells.keep_previous_build(site)


def on_files(files: Files, config):
    prepared = LIVE.build["prepared"]
    in_nav = _nav_paths(config.nav)
    for f in list(files):
        if f.src_uri.startswith(CONTRIBUTOR_DIRS) or f.src_uri in prepared.pages:
            files.remove(f)
    placeholders: dict[str, tuple] = {}
    written: list = []
    variants: dict[tuple, str] = {}
    for page in prepared.pages.values():
        if page.src_uri in in_nav:
            files.append(File.generated(config, page.src_uri, content=_front(html.escape(page.title, quote=False),
                                                                              page.record_id is not None)))
        else:
            written.append(page)
            variant = shells.shell_variant(page)
            if variant not in variants:
                url = shells.shell_url(variant, len(variants))
                variants[variant] = url
                placeholders[url.rstrip("/") + ".md"] = (variant, url)
        for site_path, src in page.attachments.items():
            files.append(File.generated(config, site_path, abs_src_path=str(src)))
    # A body-only rebuild of `mkdocs serve`: the reused outputs' files (the tabs') are moved back in on_post_build.
    kept = LIVE.build.get("kept")
    if kept is None:
        LIVE.build["restore_static"] = frozenset()
    elif LIVE.serving:
        LIVE.build["restore_static"] = prepared.static_reused
    else:  # `mkdocs build`: the previous build's files with the same bytes
        LIVE.build["restore_static"] = frozenset(path for path, content in prepared.static.items()
                                                 if shells.same_bytes(kept / path, content))
    for site_path, content in prepared.static.items():
        if site_path not in LIVE.build["restore_static"]:
            # A file an output wrote (the open data, under the build cache) is copied, not held in memory.
            files.append(File.generated(config, site_path, content=content) if isinstance(content, bytes)
                         else File.generated(config, site_path, abs_src_path=str(content)))
    for src_uri, (variant, _url) in placeholders.items():
        shell = File.generated(config, src_uri, content=_front(shells.SHELL_TITLE, variant[1]))
        shell.inclusion = InclusionLevel.NOT_IN_NAV
        files.append(shell)
    LIVE.build.update(shells=placeholders, written=written, shell_output={})
    return files


def on_env(env, config, files):
    # The theme's templates are compiled once, not on every build and live-reload rebuild.
    env.bytecode_cache = build.template_cache(LIVE.build["prepared"].renderer.settings.cache_dir)
    return env


def on_page_content(content, page, config, files):
    shell = LIVE.build["shells"].get(page.file.src_uri)
    if shell is not None:
        return shells.shell_content(shell[0])
    generated = LIVE.build["prepared"].pages.get(page.file.src_uri)
    if generated is not None:
        return generated.html
    if page.meta.get("search_exclude"):
        return content
    # Maintainer pages are searchable by their text; code examples and reference tables are not.
    return f"<div data-pagefind-body>{search.ignore_reference(content)}</div>"


def on_post_page(output, page, config):
    shell = LIVE.build["shells"].get(page.file.src_uri)
    if shell is not None:
        variant, url = shell
        LIVE.build["shell_output"][variant] = shells.Shell.cut(output, url, shells.shell_content(variant))
        return output
    # Pages the theme renders (home, catalogue): the core's additions to <head> (feed links).
    head = LIVE.build["prepared"].renderer.heads.get(page.url)
    return output.replace("</head>", head + "</head>", 1) if head else output


def on_post_build(config):
    site = Path(config.site_dir)
    prepared, kept = LIVE.build["prepared"], LIVE.build.get("kept")
    try:
        shutil.rmtree(site / "mentorbank-shell", ignore_errors=True)
        for url in (u for _, u in LIVE.build["shells"].values() if u.count("/") == 1):
            shutil.rmtree(site / url, ignore_errors=True)
        start = time.monotonic()
        count = shells.write_pages(site, LIVE.build["written"], LIVE.build["shell_output"],
                                  kept, LIVE.written.setdefault(site, {}),
                                  prepared.renderer.heads,
                                  prepared.renderer.descriptions,
                                  # `mkdocs build`: unchanged pages are moved back from the previous output
                                  None if LIVE.serving else frozenset(prepared.static))
        if LIVE.build.get("restore_static"):
            count += shells.restore_static(site, kept, {path: prepared.static[path]
                                                        for path in LIVE.build["restore_static"]})
        sitemap.add_to_sitemap(site, [p.url for p in LIVE.build["written"]], "mentorbank-shell", config.site_url or "",
                             prepared.bank.build_date.isoformat())
        log.info(f"Страниц вне навигации: {len(LIVE.build['written'])}, записано заново: {count} "
                 f"({time.monotonic() - start:.1f} с).")
        if not LIVE.serving:
            shells.release(prepared, LIVE.build["written"])
        # A live-reload rebuild: the parts of the previous index whose pages did not change are moved back.
        previous = LIVE.index.get(site) if kept is not None else None
        report = pagefind.index_site(site, prepared, LIVE.written.get(site),
                                     (kept / "pagefind", previous) if previous is not None else None,
                                     live=LIVE.serving)
        if LIVE.serving:
            LIVE.index[site] = report
        log.info(report.line())
        pagefind.verify_output(site, prepared, LIVE.written.get(site), report.marked)
    except build.BuildFailed as exc:
        raise Abort(str(exc)) from None
    finally:
        if kept is not None and LIVE.serving:
            shells.discard_kept(kept)
        elif kept is not None:  # the process ends with the build: a thread would not finish
            shutil.rmtree(kept, ignore_errors=True)
