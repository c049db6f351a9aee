"""Open data as tables (``otkrytye-dannye/``): CSV and XLSX of the same records as the JSON sets (one
row per published record; bodies only in the JSON) and the coordinators' tables — every roadmap item
with its shown status, monitoring by year, and each organisation's registry of subordinate
organisations (``otkrytye-dannye/reestr/<id>.csv|xlsx``, columns as on its tab)."""

from __future__ import annotations

from .. import opendata, urls
from ..catalogue import Catalogue
from ..render import Env
from ..tables import to_csv, to_xlsx
from . import Result

NAME = "opendata_tables"
READS_BODIES: frozenset[str] = frozenset()

#: The coordinators' bank-wide tables: file stem → the function making the table.
COORDINATOR_SETS = {
    "dorozhnye-karty": opendata.roadmap_table,
    "monitoring": opendata.monitoring_table,
}


def tables(catalogue: Catalogue, env: Env) -> dict[str, opendata.Table]:
    """Every table of the open data by site path without extension (``otkrytye-dannye/praktiki``),
    made once per build."""
    return env.shared("opendata_table_objects", lambda: _tables(catalogue, env))


def _tables(catalogue: Catalogue, env: Env) -> dict[str, opendata.Table]:
    out = {}
    for record_type, (stem, _title) in opendata.RECORD_SETS.items():
        out[urls.open_data_file(stem)] = opendata.record_table(catalogue, record_type, env.site_url)
    for stem, make in COORDINATOR_SETS.items():
        out[urls.open_data_file(stem)] = make(catalogue)
    for org in opendata.with_registry(catalogue):
        out[urls.open_data_registry(org.id, "")[:-1]] = opendata.registry_table(catalogue, org)
    return out


def files(catalogue: Catalogue, env: Env) -> dict[str, bytes]:
    """``<path>.csv`` and ``<path>.xlsx`` of every table of ``tables``: site path → bytes, made once per
    build (the open data page reads their sizes)."""
    def make() -> dict[str, bytes]:
        out = {}
        for path, table in tables(catalogue, env).items():
            out[path + ".csv"] = to_csv(table)
            out[path + ".xlsx"] = to_xlsx(table, catalogue.build_date)
        return out
    return env.shared(NAME, make)


def generate(catalogue: Catalogue, env: Env) -> Result:
    """Every file of ``files``."""
    return Result(files=dict(files(catalogue, env)))
