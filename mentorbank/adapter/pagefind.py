"""The search index (Pagefind CLI, ``search.pagefind_command``) and the «nothing lost» check."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from .. import search
from ..build import BuildFailed, Prepared


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
