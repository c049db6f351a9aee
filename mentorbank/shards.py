"""Parts («shards») of the search index: which page goes into which Pagefind index (README, «Поиск»).

One Pagefind run holds every page it indexes in memory (at 10,000 practices with whole bodies ≈ 4.5 GB),
so the bank is indexed in parts of at most about ``Settings.search_shard_pages`` pages. The search page
merges the parts in the browser (Pagefind's ``mergeIndex``), so one search box still searches the whole
bank.

The split is one function, ``split``, with two keys (``Settings.search_shard_key``):

- ``hash`` (the default): P indexed pages make ceil(P / shard_pages) parts; a page goes to part
  ``blake2b(record id or path) mod parts``, whatever its type: balanced by construction, stable while the
  number of parts stays the same (a record never moves because its fields change), each part a random
  sample of the bank (so Pagefind's ranking within a part matches the whole bank's), as useful for a
  regional bank as for the national one;
- ``district``: the federal district of the record's region (``data/federal_districts.yml``; the region
  of a practice, winner or event is its organisation's): parts follow the data, so a regional bank
  (one district) gets one part, whatever its size. Kept for comparison (README).
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable, Iterable
from functools import cache
from importlib import resources

import yaml

#: The one part of a bank that fits in one (``hash`` key).
ALL = "vse"
#: Keys of ``split``.
KEYS = ("hash", "district")
#: Part of pages without a known district: not records, or records without a region (``district`` key).
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
    Returns part name → site paths in the given order; a part name is a folder name (``vse`` when one
    part holds everything, else ``chast-3``; ``okrug-cfo`` by district). Every page is in exactly one
    part; empty parts are not returned. Raises ValueError for an unknown ``key``.

    ``hash``: P pages make ceil(P / shard_pages) parts; a page goes to part ``bucket(record id, or site
    path for a page that is not a record)``. Types are mixed on purpose: Pagefind ranks within a part
    (how rare a word is among the part's pages), so parts that are random samples of the whole bank
    rank like one index over it, and a bank that fits one part is one index.
    """
    if key not in KEYS:
        raise ValueError(f"unknown shard key {key!r}")
    pages = list(pages)
    parts = max(1, math.ceil(len(pages) / shard_pages))
    by_district = districts() if key == "district" else {}
    out: dict[str, list[str]] = {}
    for path, kind, rid in pages:
        if key == "hash":
            name = ALL if parts == 1 else f"chast-{bucket(rid or path, parts)}"
        else:
            region = region_of(rid) if region_of and rid and kind else None
            name = f"okrug-{by_district.get(region or '', NO_DISTRICT)}"
        out.setdefault(name, []).append(path)
    return out


def balance(parts: dict[str, list[str]]) -> dict[str, float | int]:
    """How even ``parts`` (of ``split``) are: number of parts, pages in the smallest and the largest
    part, and largest / mean (1.0: perfectly even)."""
    sizes = [len(v) for v in parts.values()]
    if not sizes:
        return {"parts": 0, "min": 0, "max": 0, "max_over_mean": 1.0}
    return {"parts": len(sizes), "min": min(sizes), "max": max(sizes),
            "max_over_mean": round(max(sizes) / (sum(sizes) / len(sizes)), 2)}
