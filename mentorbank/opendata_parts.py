"""How a large open data set is cut into files of bounded size, and where its files are written
(README, «Открытые данные», «Большие наборы»).

A set whose records take at most ``Settings.open_data_file_mb`` is one file, as in a small bank
(``praktiki.json``). A larger set is published by year (``praktiki-2025.json``: the year of the
practice, of the winner's contest, of the event's start — ``year_of``), and a year that alone is
larger in numbered parts of at most that size (``praktiki-2025-1.json``, ``praktiki-2025-2.json``);
records without a year (organisations) in numbered parts (``organizacii-1.json``). Years go in
ascending order, the records of a part in id order, so a part changes only when its own records do.
Each format decides on its own bytes (the JSON on its records with their text, the CSV on its rows;
the XLSX follows the CSV), so the tables, which hold no text, never depend on a body.

The files are written one record at a time into a folder of the build cache (``folder``) and handed
to the site as paths (``outputs.Result.files``): at 100,000 practices the JSON alone is more than a
gigabyte, which no build should hold in memory.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .model import Record


@dataclass(frozen=True)
class Part:
    """One file of a set: ``suffix`` of its name (``""`` for the whole set, ``-2025``, ``-2025-2``,
    ``-3``), its ``year`` (None for the whole set or for records without a year), its ``number`` within
    the year (1-based) and the year's number of parts ``of`` (1 when the year is one file), and
    ``members``: positions of its records in the set (id order)."""

    suffix: str
    year: int | None
    number: int
    of: int
    members: tuple[int, ...]


def year_of(r: Record) -> int | None:
    """The year a record is filed under when its set is split: ``year`` of practices and winners, the
    year of an event's ``start``; None for organisations (they have no year of their own)."""
    if r.type == "event":
        start = r.data.get("start")
        return int(str(start)[:4]) if start else None
    year = r.data.get("year")
    return year if isinstance(year, int) else None


def plan(years: list[int | None], sizes: list[int], limit: int) -> list[Part]:
    """The files of a set whose records (in id order) have ``years`` and take ``sizes`` bytes: one
    file when the sizes add up to at most ``limit``, else by year (ascending, no year last), a year
    over ``limit`` in consecutive parts filled up to ``limit`` (a record larger than ``limit`` is a
    part of its own)."""
    if sum(sizes) <= limit:
        return [Part("", None, 1, 1, tuple(range(len(sizes))))]
    by_year: dict[int | None, list[int]] = {}
    for i, year in enumerate(years):
        by_year.setdefault(year, []).append(i)
    parts: list[Part] = []
    for year in sorted(by_year, key=lambda y: (y is None, y or 0)):
        chunks: list[list[int]] = [[]]
        used = 0
        for i in by_year[year]:
            if chunks[-1] and used + sizes[i] > limit:
                chunks.append([])
                used = 0
            chunks[-1].append(i)
            used += sizes[i]
        for n, chunk in enumerate(chunks, 1):
            if year is None:
                suffix = f"-{n}"
            else:
                suffix = f"-{year}" if len(chunks) == 1 else f"-{year}-{n}"
            parts.append(Part(suffix, year, n, len(chunks), tuple(chunk)))
    return parts


def folder(env) -> Path:
    """The folder the open data files of a build are written into: ``<cache_dir>/opendata``
    (``Settings.cache_dir``), or without a build cache a temporary folder that lives as long as the
    build's render environment ``env`` (it holds the ``TemporaryDirectory``, ``env.shared``)."""
    cache_dir = env.settings.cache_dir
    if cache_dir is not None:
        path = Path(cache_dir) / "opendata"
        path.mkdir(parents=True, exist_ok=True)
        return path
    temp = env.shared("opendata_temp", lambda: tempfile.TemporaryDirectory(prefix="mentorbank-opendata-"))
    return Path(temp.name)


def target(base: Path, site_path: str) -> Path:
    """Where the file of ``site_path`` is written under ``base`` (folders made)."""
    path = base / site_path
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def replace_file(path: Path, data_parts) -> None:
    """Write ``data_parts`` (an iterable of bytes) into ``path`` through a temporary file in the same
    folder and an atomic rename: a reader of the previous file never sees half of the new one."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name + ".")
    try:
        with os.fdopen(fd, "wb") as fh:
            for chunk in data_parts:
                fh.write(chunk)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def size_and_hash(data: bytes | Path) -> tuple[int, str]:
    """Bytes and ``sha256:<hex>`` of a file given as bytes or as a path (read in blocks)."""
    if isinstance(data, bytes):
        return len(data), "sha256:" + hashlib.sha256(data).hexdigest()
    with open(data, "rb") as fh:
        digest = hashlib.file_digest(fh, "sha256")
    return data.stat().st_size, "sha256:" + digest.hexdigest()


def read(data: bytes | Path) -> bytes:
    """The bytes of a file of ``Result.files`` (bytes as they are, a path read)."""
    return data if isinstance(data, bytes) else Path(data).read_bytes()
