"""MkDocs adapter: the only place that knows MkDocs. Everything else is in ``mentorbank``.

- on_config: load and validate the bank (fails the build with every error at once);
- on_files: drop contributor files from the docs, add generated pages, attachments and the tabs'
  static outputs (embed pages, fragments, ZIPs, assets);
- on_page_content: put the core's HTML into generated pages; mark maintainer pages for search;
- on_post_build: index the output with Pagefind and check that no record was lost.
"""

from __future__ import annotations

import html
import logging
from pathlib import Path

import yaml
from mkdocs.exceptions import Abort
from mkdocs.structure.files import File, Files

from mentorbank import build

log = logging.getLogger("mkdocs.hooks.bank")
_state: dict = {}

#: Folders of docs_dir that hold contributor files (read by the core, never rendered by MkDocs).
CONTRIBUTOR_DIRS = ("organizations/",)


def on_config(config):
    root = Path(config.config_file_path).parent
    try:
        prepared = build.prepare(root, config.site_url or "")
    except build.BuildFailed as exc:
        raise Abort(f"\n{exc}") from None
    for p in prepared.warnings:
        log.warning(p.format())
    _state["prepared"] = prepared
    return config


def on_files(files: Files, config):
    prepared = _state["prepared"]
    for f in list(files):
        if f.src_uri.startswith(CONTRIBUTOR_DIRS) or f.src_uri in prepared.pages:
            files.remove(f)
    for page in prepared.pages.values():
        # Material prints page titles unescaped (<title>, header): escape contributor titles here.
        meta = {"title": html.escape(page.title, quote=False)}
        if page.record_id:
            meta["hide"] = ["navigation", "toc"]  # records are not in the nav; roadmaps need the width
        front = yaml.safe_dump(meta, allow_unicode=True)
        files.append(File.generated(config, page.src_uri, content=f"---\n{front}---\n"))
        for site_path, src in page.attachments.items():
            files.append(File.generated(config, site_path, abs_src_path=str(src)))
    for site_path, content in prepared.static.items():
        files.append(File.generated(config, site_path, content=content))
    return files


def on_page_content(content, page, config, files):
    generated = _state["prepared"].pages.get(page.file.src_uri)
    if generated is not None:
        return generated.html
    if page.meta.get("search_exclude"):
        return content
    return f"<div data-pagefind-body>{content}</div>"


def on_post_build(config):
    try:
        build.index_site(Path(config.site_dir))
        build.verify_output(Path(config.site_dir), _state["prepared"])
    except build.BuildFailed as exc:
        raise Abort(str(exc)) from None
