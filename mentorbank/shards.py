"""Parts («shards») of the search index: which page goes into which Pagefind index (README, «Поиск»).

One Pagefind run holds every page it indexes in memory (at 10,000 practices with whole bodies ≈ 4.5 GB),
so the bank is indexed in parts: pages that are not records (home, maintainer pages) in one part,
``PAGES``; the pages of each record type (practices, winners, events, organisations) in parts of at
most about ``Settings.search_shard_pages`` pages. The search page merges the parts in the browser
(Pagefind's ``mergeIndex``), so one search box still searches the whole bank.

The split is one function, ``split``, with two keys (``Settings.search_shard_key``):

- ``hash`` (the default): a type with P pages gets ceil(P / shard_pages) parts, a record goes to part
  ``blake2b(id) mod parts``: balanced by construction, stable while the number of parts stays the same
  (a record never moves because its fields change), and as useful for a regional bank as for the
  national one;
- ``district``: the federal district of the record's region (``data/federal_districts.yml``; the region
  of a practice, winner or event is its organisation's): parts follow the data, so a regional bank
  (one district) gets one part per type, whatever its size. Kept for comparison (README).
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable, Iterable
from functools import cache
from importlib import resources

import yaml

from .urls import TYPE_FOLDERS

#: The part of the pages that are not records (always present: it carries Pagefind's script and wasm).
PAGES = "stranicy"
#: Keys of ``split``.
KEYS = ("hash", "district")
#: Part of records whose region is unknown (``district`` key).
NO_DISTRICT = "bez-okruga"


@cache
def districts() -> dict[str, str]:
    """Region name (as in ``data/regions.txt``) → slug of its federal district (``data/federal_districts.yml``)."""
    text = resources.files("mentorbank.data").joinpath("federal_districts.yml").read_text("utf-8")
    return {region: slug for slug, names in yaml.safe_load(text).items() for region in names}


def bucket(record_id: str, parts: int) -> int:
    """The hash part (0 … parts − 1) of a record id: blake2b of the UTF-8 id, modulo ``parts``."""
    digest = hashlib.blake2b(record_id.encode("utf-8", "surrogatepass"), digest_size=8).digest()
    return int.from_bytes(digest, "big") % parts


def split(pages: Iterable[tuple[str, str | None, str | None]], key: str = "hash", shard_pages: int = 2000,
          region_of: Callable[[str], str | None] | None = None) -> dict[str, list[str]]:
    """Group the indexed pages into parts of the search index.

    ``pages``: (site path of the HTML file, record type or None, record id or None) of every page the
    index takes; ``region_of(record id)``: the record's region (only for ``key="district"``).
    Returns part name → site paths in the given order; a part name is a folder name (``PAGES``,
    ``praktiki-3``, ``praktiki-cfo``). Every page is in exactly one part; empty parts are not returned.
    Raises ValueError for an unknown ``key``.
    """
    if key not in KEYS:
        raise ValueError(f"unknown shard key {key!r}")
    pages = list(pages)
    counts: dict[str, int] = {}
    for _path, kind, _rid in pages:
        if kind is not None:
            counts[kind] = counts.get(kind, 0) + 1
    parts = {kind: max(1, math.ceil(n / shard_pages)) for kind, n in counts.items()}
    by_district = districts() if key == "district" else {}
    out: dict[str, list[str]] = {}
    for path, kind, rid in pages:
        if kind is None or rid is None:
            name = PAGES
        else:
            folder = TYPE_FOLDERS.get(kind, kind)
            if key == "hash":
                name = f"{folder}-{bucket(rid, parts[kind])}" if parts[kind] > 1 else folder
            else:
                region = region_of(rid) if region_of else None
                name = f"{folder}-{by_district.get(region or '', NO_DISTRICT)}"
        out.setdefault(name, []).append(path)
    return out


def balance(parts: dict[str, list[str]]) -> dict[str, float | int]:
    """How even ``parts`` (of ``split``) are, the ``PAGES`` part left out: number of parts, pages in the
    smallest and the largest part, and largest / mean (1.0: perfectly even)."""
    sizes = [len(v) for k, v in parts.items() if k != PAGES]
    if not sizes:
        return {"parts": 0, "min": 0, "max": 0, "max_over_mean": 1.0}
    return {"parts": len(sizes), "min": min(sizes), "max": max(sizes),
            "max_over_mean": round(max(sizes) / (sum(sizes) / len(sizes)), 2)}
