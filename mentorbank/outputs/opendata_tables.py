"""Open data as tables (``otkrytye-dannye/``): CSV and XLSX of the same records as the JSON sets (one
row per published record; bodies only in the JSON) and the coordinators' tables — every roadmap item
with its shown status, monitoring by year, and each organisation's registry of subordinate
organisations (``otkrytye-dannye/reestr/<id>.csv|xlsx``, columns as on its tab).

The record tables are written row by row into the build cache and handed over as paths; a table whose
CSV rows take more than ``Settings.open_data_file_mb`` is published by year (``opendata_parts``,
decided on the CSV's rows, which hold no bodies; the XLSX of a part holds the same rows). The
coordinators' tables are small (one row per organisation, year or roadmap item) and stay bytes."""

from __future__ import annotations

import pickle
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import accumulate
from pathlib import Path

from .. import opendata, urls
from ..catalogue import Catalogue
from ..opendata_parts import Part, folder, plan, replace_file, target, year_of
from ..render import Env
from ..tables import csv_lines, to_csv, to_xlsx
from . import Result

NAME = "opendata_tables"
READS_BODIES: frozenset[str] = frozenset()

#: The coordinators' bank-wide tables: file stem → the function making the table.
COORDINATOR_SETS = {
    "dorozhnye-karty": opendata.roadmap_table,
    "monitoring": opendata.monitoring_table,
}


@dataclass
class TablesResult(Result):
    """The table files (site path → bytes or file), plus ``parts``: record type → [(``Part``, site path
    of its files without the extension)] and ``rows``: site path without extension → rows of data."""

    parts: dict[str, list[tuple[Part, str]]] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)


def _record_tables(catalogue: Catalogue, env: Env, record_type: str, result: TablesResult) -> None:
    """Write the CSV and XLSX of every part of ``record_type``'s table. The rows are made once (the
    records' public data, ``opendata.record_rows``): each goes as a CSV line into one scratch file and,
    pickled, into another, from which the parts' CSV files are copied and their XLSX files written."""
    stem, _title = opendata.RECORD_SETS[record_type]
    records = opendata.published(catalogue, record_type)
    base = folder(env)
    scratch = {kind: target(base, urls.open_data_file(f"{stem}.{kind}")) for kind in ("rows", "pickles")}
    sizes: list[int] = []
    pickled: list[int] = []
    with open(scratch["rows"], "wb") as fh, open(scratch["pickles"], "wb") as pk:
        def kept(rows):
            for row in rows:
                blob = pickle.dumps(row, protocol=pickle.HIGHEST_PROTOCOL)
                pk.write(blob)
                pickled.append(len(blob))
                yield row
        table = opendata.record_table(catalogue, record_type, env.site_url, records)
        lines = csv_lines(opendata.Table(table.title, table.columns, kept(table.rows)))
        heading = next(lines)
        for line in lines:
            fh.write(line)
            sizes.append(len(line))
    parts = plan([year_of(r) for r in records], sizes, int(env.settings.open_data_file_mb * 1024 * 1024))
    written: set[Path] = set()
    result.parts[record_type] = []
    with open(scratch["rows"], "rb") as src, open(scratch["pickles"], "rb") as pk:
        for part in parts:
            path = urls.open_data_file(stem + part.suffix)
            csv_file, xlsx_file = target(base, path + ".csv"), target(base, path + ".xlsx")
            replace_file(csv_file, [heading, *_read(src, sizes, part.members)])
            rows = (pickle.loads(blob) for blob in _read(pk, pickled, part.members))
            to_xlsx(opendata.Table(table.title, table.columns, rows), catalogue.build_date, xlsx_file)
            result.files.update({path + ".csv": csv_file, path + ".xlsx": xlsx_file})
            result.parts[record_type].append((part, path))
            result.rows[path] = len(part.members)
            written |= {csv_file, xlsx_file}
    for file in scratch.values():
        file.unlink()
    where = scratch["rows"].parent
    for old in [*where.glob(f"{stem}.csv"), *where.glob(f"{stem}-*.csv"),
                *where.glob(f"{stem}.xlsx"), *where.glob(f"{stem}-*.xlsx")]:
        if old not in written:
            old.unlink(missing_ok=True)


def _read(fh, sizes: list[int], members) -> Iterator[bytes]:
    """The items at positions ``members`` (ascending) of a file of consecutive items of ``sizes`` bytes."""
    offsets = list(accumulate(sizes, initial=0))
    for i in members:
        fh.seek(offsets[i])
        yield fh.read(sizes[i])


def files(catalogue: Catalogue, env: Env) -> TablesResult:
    """Every table of the open data, ``<path>.csv`` and ``<path>.xlsx``: the record tables (files, one or
    several per type) and the coordinators' tables and registries (bytes), made once per build (the
    open data page reads their sizes)."""
    def make() -> TablesResult:
        result = TablesResult()
        for record_type in opendata.RECORD_SETS:
            _record_tables(catalogue, env, record_type, result)
        small = {urls.open_data_file(stem): make_table(catalogue) for stem, make_table in COORDINATOR_SETS.items()}
        for org in opendata.with_registry(catalogue):
            small[urls.open_data_registry(org.id, "")[:-1]] = opendata.registry_table(catalogue, org)
        for path, table in small.items():
            result.files[path + ".csv"] = to_csv(table)
            result.files[path + ".xlsx"] = to_xlsx(table, catalogue.build_date)
            result.rows[path] = len(table.rows)
        return result
    return env.shared(NAME, make)


def generate(catalogue: Catalogue, env: Env) -> TablesResult:
    """Every file of ``files``."""
    return files(catalogue, env)
