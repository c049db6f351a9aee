"""The search index, in parts (``shards``), and the «nothing lost» check (README, «Поиск»).

``index_site`` finds the pages marked for search (``data-pagefind-body``), splits them into parts
(``shards.split``), and gives each part its own Pagefind CLI run over only its pages (hard links of
them in a staging folder with the same relative paths, so result URLs are the site's). A part whose
pages did not change keeps its index from the previous build: the build cache holds each part's
bundle under a key made of the part's page bytes, Pagefind's version and arguments. Parts missing
from the cache are indexed in parallel (``Settings.search_index_workers``, default: the cores).

The site gets one Pagefind bundle per part: the largest part at ``pagefind/`` (with Pagefind's script
and wasm, which the browser loads once), the others at ``pagefind/shard/<name>/``
(index, filters, fragments and metadata only), listed in ``pagefind/mentorbank-shards.json``, which the
search page reads to merge them (``content/assets/search.js``).
"""

from __future__ import annotations

import concurrent.futures
import hashlib
import json
import os
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from .. import search, shards
from ..build import BuildFailed, Prepared
from . import pagefind_chunks

#: Folder of the merged parts inside the site's bundle, and the list of them the search page reads.
SHARD_DIR = "shard"
MANIFEST = "mentorbank-shards.json"
#: What a merged part needs in the browser (Pagefind's script, wasm and UI come from the main part).
MERGED_FILES = ("pagefind-entry.json", "index", "filter", "fragment")
#: Marker of pages the index takes.
MARK = b"data-pagefind-body"
#: Working folders of Pagefind runs inside the cache (never taken for parts; a crashed run's are pruned).
WORK_PREFIX = ".work-"
#: Parts unused by a build are pruned from the cache only when older than this (seconds): builds running
#: at the same time with the same cache (parallel tests, CI jobs) keep each other's parts.
KEEP_SECONDS = 3600


@dataclass
class IndexReport:
    """What ``index_site`` did: parts by name → number of pages, the parts indexed in this build (the
    rest came from the cache), the seconds it took and the marked pages it found (``marked_pages``)."""

    parts: dict[str, int] = field(default_factory=dict)
    indexed: list[str] = field(default_factory=list)
    seconds: float = 0.0
    marked: list[str] = field(default_factory=list)
    #: The cache key of each part (name → key) and the part at ``pagefind/``: what the site's bundle holds
    #: (``index_site(previous=…)`` of the next live-reload rebuild moves back the parts with the same key).
    keys: dict[str, str] = field(default_factory=dict)
    primary: str = ""
    #: What ``_digest_files`` read (the next live-reload rebuild reads only pages that changed).
    digests: dict[str, tuple] = field(default_factory=dict)

    def line(self) -> str:
        """One Russian line for the build log."""
        return (f"Поисковый индекс: частей {len(self.parts)}, построено заново {len(self.indexed)}, "
                f"из кеша {len(self.parts) - len(self.indexed)} ({self.seconds:.1f} с).")


def marked_pages(site_dir: Path, written: dict | None = None) -> list[str]:
    """Site paths (``praktiki/x/index.html``) of every HTML file of ``site_dir`` marked for search, sorted.
    ``written`` (``session.Session.written[site_dir]``): pages written in this process, known to be
    marked or not without reading them again while they keep the size they were written with."""
    known = {url + "index.html": entry[2:4] for url, entry in (written or {}).items()}
    out = []
    root = str(site_dir)
    for folder, _dirs, files in os.walk(root):
        for name in files:
            if not name.endswith(".html"):
                continue
            full = os.path.join(folder, name)
            rel = os.path.relpath(full, root).replace(os.sep, "/")
            size_marked = known.get(rel)
            if size_marked is not None and os.path.getsize(full) == size_marked[0]:
                if size_marked[1]:
                    out.append(rel)
            else:
                with open(full, "rb") as fh:
                    if MARK in fh.read():
                        out.append(rel)
    out.sort()
    return out


def plan(prepared: Prepared, paths: list[str], live: bool = False) -> dict[str, list[str]]:
    """The parts of the index for the marked ``paths`` (``shards.split`` with the build's settings; record
    pages known by their record); ``live`` (``mkdocs serve``): parts of ``search_shard_pages_serve``."""
    settings = prepared.renderer.settings
    bank = prepared.bank
    by_url = {p.url + "index.html": p.record_id for p in prepared.pages.values() if p.record_id}
    items = []
    for path in paths:
        rid = by_url.get(path)
        record = bank.records.get(rid) if rid else None
        items.append((path, record.type if record else None, rid))

    def region_of(rid: str) -> str | None:
        r = bank.records[rid]
        org = r if r.type == "organization" else prepared.renderer.catalogue.org_of(r)
        return org.data.get("region") if org is not None else None

    size = settings.search_shard_pages_serve if live else settings.search_shard_pages
    return shards.split(items, settings.search_shard_key, size, region_of)


def _digest_files(site_dir: Path, paths: list[str], salt: str, memo: dict | None = None) -> str:
    """Digest of the part of ``paths`` (their names and bytes) and ``salt``. ``memo`` (site path → (inode,
    size, mtime in ns, digest of the bytes), updated in place): a file with the same inode, size and
    time is not read again (a live-reload rebuild moves unchanged pages back, keeping all three)."""
    memo = {} if memo is None else memo
    h = hashlib.blake2b(salt.encode(), digest_size=16)
    for path in paths:
        full = site_dir / path
        st = os.stat(full)
        stamp = (st.st_ino, st.st_size, st.st_mtime_ns)
        known = memo.get(path)
        if known is None or known[:3] != stamp:
            with open(full, "rb") as fh:
                known = memo[path] = (*stamp, hashlib.blake2b(fh.read(), digest_size=16).digest())
        h.update(path.encode() + b"\0" + known[3])
    return h.hexdigest()


def pagefind_version() -> str:
    """Installed versions of the ``pagefind`` and ``pagefind-bin`` distributions (part of the cache key)."""
    out = []
    for name in ("pagefind", "pagefind-bin"):
        try:
            out.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            out.append(f"{name}=-")
    return " ".join(out)


def _link_tree(site_dir: Path, paths: list[str], staging: Path) -> None:
    """``staging`` gets each of ``paths`` at the same relative path: a hard link, or a copy across devices."""
    for path in paths:
        target = staging / path
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(site_dir / path, target)
        except OSError:
            shutil.copyfile(site_dir / path, target)


def _index_part(site_dir: Path, paths: list[str], bundle: Path) -> None:
    """One Pagefind run over ``paths`` of ``site_dir``, bundle written to ``bundle`` (replaced atomically),
    with the chunk ranges of its metadata repaired (``pagefind_chunks``)."""
    work = Path(tempfile.mkdtemp(prefix=f"{WORK_PREFIX}{bundle.name}-", dir=bundle.parent))
    try:
        staging, output = work / "site", work / "pagefind"
        _link_tree(site_dir, paths, staging)
        done = subprocess.run(search.pagefind_command(staging, output), capture_output=True, text=True)
        if done.returncode != 0 or not (output / "pagefind-entry.json").is_file():
            raise BuildFailed(f"Pagefind не построил поисковый индекс ({len(paths)} страниц):\n"
                              f"{done.stdout}\n{done.stderr}")
        pagefind_chunks.repair_bundle(output)
        try:
            os.rename(output, bundle)
        except OSError:  # another build of the same pages put it there first: the same bundle
            if not (bundle / "pagefind-entry.json").is_file():
                raise
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _link_or_copy(src: str, dst: str) -> None:
    """``dst`` as a hard link to ``src`` (or a copy across devices)."""
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


def _copy_bundle(bundle: Path, target: Path, merged: bool) -> None:
    """Put a part's ``bundle`` into the site at ``target``; a merged part without Pagefind's script,
    wasm and UI files (the browser takes them from the main part). Files are hard links to the cache's
    (a bundle there is never changed, only removed whole): a part is thousands of files, and on a disk
    that discards freed blocks at once, removing a file that still has another link costs nothing when
    the next build empties the site, whereas removing a copy costs milliseconds each."""
    target.mkdir(parents=True, exist_ok=True)
    for item in bundle.iterdir():
        if merged and item.name not in MERGED_FILES and not item.name.endswith(".pf_meta"):
            continue
        if item.is_dir():
            shutil.copytree(item, target / item.name, copy_function=_link_or_copy, dirs_exist_ok=True)
        else:
            _link_or_copy(str(item), str(target / item.name))


def index_site(site_dir: Path, prepared: Prepared, written: dict | None = None,
               previous: tuple[Path, IndexReport] | None = None, live: bool = False) -> IndexReport:
    """Build the search index of ``site_dir`` in parts (module doc) into ``site_dir/pagefind/``.

    Parts come from the build cache (``Settings.cache_dir``/``pagefind``) when their pages are the same
    bytes as when they were indexed; parts no build used for ``KEEP_SECONDS`` are removed from the
    cache (builds sharing a cache at the same time keep each other's parts). ``previous`` (the
    live-reload server): the previous output's bundle (a folder outside ``site_dir``, the old
    ``pagefind/``) and the report of the build that made it; its parts with the same key are moved
    back instead of copied (a part is thousands of files), the rest of it is left in that folder.
    ``live`` (the live-reload server): parts of ``Settings.search_shard_pages_serve`` pages (``plan``).
    Raises ``BuildFailed`` if Pagefind fails. Returns what was done (``IndexReport``).
    """
    start = time.monotonic()
    settings = prepared.renderer.settings
    marked = marked_pages(site_dir, written)
    parts = plan(prepared, marked, live)
    if not parts:
        parts = {shards.ALL: []}
    primary = sorted(parts, key=lambda name: (-len(parts[name]), name))[0]
    cache_root = (settings.cache_dir or site_dir.parent / ".cache" / "mentorbank") / "pagefind"
    cache_root.mkdir(parents=True, exist_ok=True)
    salt = (f"{pagefind_version()} {' '.join(search.pagefind_command(Path('site'), Path('out'))[1:])} "
            f"chunks {pagefind_chunks.REVISION}")
    digests = dict(previous[1].digests) if previous is not None else {}
    keys = {name: f"{name}-{_digest_files(site_dir, paths, salt + ' ' + name, digests)}"
            for name, paths in parts.items()}
    digests = {path: digests[path] for path in marked}
    todo = [name for name in parts if not (cache_root / keys[name] / "pagefind-entry.json").is_file()]
    todo.sort(key=lambda name: -len(parts[name]))  # the largest first: the pool ends sooner
    workers = min(settings.search_index_workers or os.cpu_count() or 1, max(len(todo), 1))
    with concurrent.futures.ThreadPoolExecutor(max_workers=workers) as pool:
        for future in [pool.submit(_index_part, site_dir, parts[name], cache_root / keys[name]) for name in todo]:
            future.result()
    target = site_dir / "pagefind"
    shutil.rmtree(target, ignore_errors=True)
    merged = sorted(name for name in parts if name != primary)
    reused = _reuse_bundle(previous, target, keys, primary) if previous is not None else set()
    if primary not in reused:
        _copy_bundle(cache_root / keys[primary], target, merged=False)
    for name in merged:
        if name not in reused:
            _copy_bundle(cache_root / keys[name], target / SHARD_DIR / name, merged=True)
    (target / MANIFEST).write_text(json.dumps({"shards": [f"{SHARD_DIR}/{name}/" for name in merged]}), "utf-8")
    used = set(keys.values())
    now = time.time()
    for name in used:  # a used part is fresh
        os.utime(cache_root / name)
    for old in cache_root.iterdir():  # the cache keeps the parts of recent builds only
        try:
            stale = old.name not in used and now - old.stat().st_mtime > KEEP_SECONDS
        except OSError:
            continue
        if stale:
            shutil.rmtree(old, ignore_errors=True)
    return IndexReport({name: len(paths) for name, paths in parts.items()}, todo, time.monotonic() - start, marked,
                       keys, primary, digests)


def _reuse_bundle(previous: tuple[Path, IndexReport], target: Path, keys: dict[str, str], primary: str) -> set[str]:
    """Move the previous output's bundle (``previous``: its folder and report) to ``target`` and keep
    the parts whose key is the same (in the same place: the main part at the top, the others under
    ``SHARD_DIR``); what changed is moved back into the previous folder, which the caller discards.
    Returns the names of the parts kept."""
    old, report = previous
    if not (old / "pagefind-entry.json").is_file() or not report.keys:
        return set()
    os.replace(old, target)
    old.mkdir()
    kept = set()
    if report.primary == primary and report.keys.get(primary) == keys[primary]:
        kept.add(primary)
    else:
        for item in target.iterdir():  # the main part's files: everything but the merged parts
            if item.name != SHARD_DIR:
                os.replace(item, old / item.name)
    shard_dir = target / SHARD_DIR
    for item in sorted(shard_dir.iterdir()) if shard_dir.is_dir() else []:
        if item.name != primary and item.name in keys and report.keys.get(item.name) == keys[item.name]:
            kept.add(item.name)
        else:
            (old / SHARD_DIR).mkdir(exist_ok=True)
            os.replace(item, old / SHARD_DIR / item.name)
    return kept


def page_count(site_dir: Path) -> int:
    """Pages in the site's index: the sum of every part's ``page_count`` (-1 if there is no index)."""
    bundle = site_dir / "pagefind"
    entries = [bundle / "pagefind-entry.json"]
    manifest = bundle / MANIFEST
    if manifest.is_file():
        entries += [bundle / rel / "pagefind-entry.json" for rel in json.loads(manifest.read_text("utf-8"))["shards"]]
    if not entries[0].is_file():
        return -1
    total = 0
    for entry in entries:
        languages = json.loads(entry.read_text("utf-8"))["languages"]
        total += sum(lang.get("page_count", 0) for lang in languages.values())
    return total


def verify_output(site_dir: Path, prepared: Prepared, written: dict | None = None,
                  marked: list[str] | None = None) -> None:
    """The «nothing lost» check after indexing.

    Every published record must have its page in ``site_dir`` marked for
    search (``data-pagefind-body``), and the pages in all parts of the index
    must equal the number of such pages (``marked``: ``marked_pages``, found again if not given).
    Raises ``BuildFailed`` naming the missing record ids.
    """
    published = {r.id for r in prepared.bank.records.values() if r.published}
    record_pages = {p.record_id: p.url + "index.html" for p in prepared.pages.values() if p.record_id}
    marked = set(marked_pages(site_dir, written) if marked is None else marked)
    missing = published - set(record_pages)
    missing |= {rid for rid, out in record_pages.items() if out not in marked}
    records, pages = len(published), len(record_pages)
    counted = page_count(site_dir)
    if missing or counted != len(marked):
        raise BuildFailed(
            f"Проверка «ничего не потеряно» не пройдена: записей {records}, страниц записей {pages}, "
            f"страниц для поиска {len(marked)}, в индексе Pagefind {counted}."
            + (f" Нет на сайте или в поиске: {', '.join(sorted(missing))}." if missing else ""))
