"""What one site build needs from the core, independent of the site generator.

``prepare(root)`` loads and validates the bank and renders every generated
page; the adapter (``hooks/bank.py`` for MkDocs) turns the result into the
generator's files. ``index_site`` runs the Pagefind CLI over the output.
"""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from .bank import build_date_from_env, load_bank
from .model import Bank
from .pages import Page, Renderer
from .problems import ERROR, Problem
from .tab_pages import ASSET_DIR, ASSETS, asset


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


#: The prepared build of the current run, for maintainer-page macros (``macros/main.py``).
CURRENT: Prepared | None = None


def report(problems: list[Problem]) -> str:
    """Format problems for the build log: one line each, then a Russian summary line."""
    errors = sum(p.severity == ERROR for p in problems)
    lines = [p.format() for p in problems]
    lines.append(f"Ошибок: {errors}. Сайт не собран: исправьте ошибки (проверка: mentorbank check).")
    return "\n".join(lines)


def prepare(root: Path, site_url: str = "") -> Prepared:
    """Load, validate and render the bank at ``root``; ``site_url`` is the published address of the
    bank (absolute links of the embeddable tabs).

    Raises ``BuildFailed`` (message in Russian, all errors at once) when any
    record has an error; warnings are returned in ``Prepared.warnings``.
    """
    global CURRENT
    try:
        build_date = build_date_from_env()
    except ValueError as exc:
        raise BuildFailed(str(exc)) from None
    bank = load_bank(root, build_date)
    errors = [p for p in bank.problems if p.severity == ERROR]
    if errors:
        raise BuildFailed(report(errors))
    renderer = Renderer(bank, site_url)
    pages = {p.src_uri: p for p in renderer.all_pages()}
    static = {ASSET_DIR + name: asset(name) for name in ASSETS} | renderer.static
    CURRENT = Prepared(bank, renderer, pages, [p for p in bank.problems if p.severity != ERROR], static)
    return CURRENT


def verify_output(site_dir: Path, prepared: Prepared) -> None:
    """The «nothing lost» check after indexing.

    Every published record must have its page in ``site_dir`` marked for
    search (``data-pagefind-body``), and Pagefind's page count must equal the
    number of such pages. Raises ``BuildFailed`` naming the missing record ids.
    """
    published = {r.id for r in prepared.bank.records.values() if r.published}
    record_pages = {p.record_id: site_dir / p.url / "index.html" for p in prepared.pages.values() if p.record_id}
    missing = published - set(record_pages)
    missing |= {rid for rid, out in record_pages.items()
                if not out.is_file() or "data-pagefind-body" not in out.read_text("utf-8")}
    records, written = len(published), len(record_pages)
    indexed_pages = sum(1 for f in site_dir.rglob("*.html") if "data-pagefind-body" in f.read_text("utf-8"))
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

    Uses the Pagefind CLI shipped in the ``pagefind-bin`` wheel, Russian
    forced for stemming. Raises ``BuildFailed`` if the indexer fails.
    """
    cmd = [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--force-language", "ru", "--quiet"]
    done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode != 0:
        raise BuildFailed(f"Pagefind не построил поисковый индекс:\n{done.stdout}\n{done.stderr}")
