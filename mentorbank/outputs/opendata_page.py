"""The open data page (``otkrytye-dannye/``) and the machine-readable description of every set
(``otkrytye-dannye/datapackage.json``, a Frictionless Data Package: https://datapackage.org/).

The page, for a person, lists each set: what it holds, its files with their formats and sizes, the
number of records (rows), the build date, the licence (``Settings.license``) and the columns (Russian
name, field name, what the column holds). The package lists the same files with their sizes, SHA-256
hashes, the tables' columns and CSV dialect, the version and the licence. Both read the bytes of the
other open data outputs (``opendata_json``, ``opendata_tables``) made once per build.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from .. import opendata, urls
from ..catalogue import Catalogue
from ..dates import ru_date
from ..model import Record
from ..render import Env, Page
from ..tables import DATA_SHEET
from . import Result, opendata_json, opendata_tables

NAME = "opendata_page"
READS_BODIES = frozenset(opendata.RECORD_SETS)  # the JSON sets' sizes and hashes

TITLE = "Открытые данные"
#: What each coordinators' bank-wide table holds (file stem → Russian description).
COORDINATOR_ABOUT = {
    "dorozhnye-karty": ("Дорожные карты организаций",
                        "Все пункты дорожных карт внедрения целевой модели наставничества всех организаций: "
                        "раздел, номер, мероприятие, сроки, ответственные и статус пункта — теми же словами, "
                        "что на вкладках «Наставничество»."),
    "monitoring": ("Мониторинг наставничества по годам",
                   "Показатели мониторинга организаций за каждый год: доли вовлечённых обучающихся, "
                   "обучающихся-наставников и молодых специалистов с наставником (в процентах), "
                   "наставнические пары и группы, удовлетворённость участников."),
}
#: What each record set holds (record type → Russian description).
RECORD_ABOUT = {
    "practice": "Практики и программы наставничества: название, аннотация, организация, год, формы "
                "наставничества, аудитория, цель, задачи, результаты, документы и основной текст.",
    "winner": "Победители, призёры и лауреаты конкурсов: конкурс, год, уровень, номинация, результат, "
              "участник или команда, организация, практика.",
    "event": "Мероприятия: тип, даты, формат, место, организатор, уровень, аудитория, ссылки.",
    "organization": "Организации: наименование, тип, регион, муниципалитет, вышестоящая организация, "
                    "куратор, документы, наставники, дорожные карты, показатели мониторинга.",
}
FORMATS = {"json": ("JSON", "application/json"), "csv": ("CSV", "text/csv"),
           "xlsx": ("XLSX (Excel)", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")}


def size_text(n: int) -> str:
    """A file size in Russian: «850 байт», «12 КБ» (1 KB = 1024 bytes, at least 1), «1,2 МБ»."""
    if n < 1024:
        return f"{n} байт"
    if n < 1024 * 1024:
        return f"{max(1, round(n / 1024))} КБ"
    return f"{n / 1024 / 1024:.1f} МБ".replace(".", ",")


@dataclass
class PageResult(Result):
    """The page and the package, plus ``manifest``: site path of every listed file → {"bytes", "hash",
    "rows"} (rows of a table or records of a JSON set), kept for ``regenerate``."""

    manifest: dict[str, dict] = field(default_factory=dict)


def _entry(data: bytes, rows: int) -> dict:
    return {"bytes": len(data), "hash": "sha256:" + hashlib.sha256(data).hexdigest(), "rows": rows}


def _json_entries(catalogue: Catalogue, files: dict[str, bytes], types) -> dict[str, dict]:
    out = {}
    for record_type in types:
        stem, _title = opendata.RECORD_SETS[record_type]
        path, schema = urls.open_data_file(f"{stem}.json"), urls.open_data_schema(stem)
        out[path] = _entry(files[path], len(opendata.published(catalogue, record_type)))
        out[schema] = _entry(files[schema], 0)
    return out


def manifest(catalogue: Catalogue, env: Env) -> dict[str, dict]:
    """Size, hash and rows of every file of the open data (from the other two outputs of this build)."""
    out = _json_entries(catalogue, opendata_json.result(catalogue, env).files, opendata.RECORD_SETS)
    table_files = opendata_tables.files(catalogue, env)
    for base, table in opendata_tables.tables(catalogue, env).items():
        for ext in ("csv", "xlsx"):
            out[f"{base}.{ext}"] = _entry(table_files[f"{base}.{ext}"], len(table.rows))
    return out


def _file(path: str, manifest: dict[str, dict]) -> dict:
    ext = path.rsplit(".", 1)[-1]
    entry = manifest[path]
    return {"path": path, "format": FORMATS[ext][0], "ext": ext, "bytes": entry["bytes"],
            "size": size_text(entry["bytes"]), "hash": entry["hash"], "rows": entry["rows"]}


def _tables(base: str, manifest: dict[str, dict]) -> list[dict]:
    return [_file(f"{base}.{ext}", manifest) for ext in ("csv", "xlsx")]


def _sets(catalogue: Catalogue, manifest: dict[str, dict]) -> dict:
    """What the page and the package list: record sets, coordinators' sets and registries, each with its
    files (``_file``), its number of records or rows and its columns (``opendata.Table`` without rows)."""
    records = []
    for record_type, (stem, title) in opendata.RECORD_SETS.items():
        base = urls.open_data_file(stem)
        json_file = _file(base + ".json", manifest)
        records.append({
            "stem": stem, "title": title, "about": RECORD_ABOUT[record_type], "count": json_file["rows"],
            "table": opendata.Table(title, opendata.record_columns(record_type)),
            "files": [json_file, *_tables(base, manifest)],
            "schema": _file(urls.open_data_schema(stem), manifest),
        })
    columns = {"dorozhnye-karty": opendata.roadmap_columns(), "monitoring": opendata.monitoring_columns()}
    coordinators = []
    for stem, (title, about) in COORDINATOR_ABOUT.items():
        files = _tables(urls.open_data_file(stem), manifest)
        coordinators.append({"stem": stem, "title": title, "about": about, "count": files[0]["rows"],
                             "table": opendata.Table(title, columns[stem]), "files": files})
    registries = []
    for org in opendata.with_registry(catalogue):
        files = _tables(urls.open_data_registry(org.id, "")[:-1], manifest)
        title = f"Реестр организаций, внедряющих ЦМН: {org.title}"
        registries.append({"stem": f"reestr-{org.id}", "org": org, "title": title, "count": files[0]["rows"],
                           "table": opendata.Table(title, opendata.registry_columns()), "files": files})
    return {"records": records, "coordinators": coordinators, "registries": registries}


def _resource(f: dict, name: str, title: str, table: opendata.Table | None) -> dict:
    res = {"name": f"{name}-{f['ext']}", "path": f["path"][len(urls.OPEN_DATA):], "title": title,
           "format": f["ext"], "mediatype": FORMATS[f["ext"]][1], "bytes": f["bytes"], "hash": f["hash"]}
    if f["ext"] != "xlsx":
        res["encoding"] = "utf-8"
    if table is not None:
        res["type"] = "table"
        res["schema"] = {"fields": [
            {"name": c.name or c.title, "title": c.title, "type": c.type,
             **({"description": c.about} if c.about else {}),
             **({"trueValues": [opendata.YES], "falseValues": [opendata.NO]} if c.type == "boolean" else {})}
            for c in table.columns]}
        dialect: dict = {"headerRows": [2], "commentRows": [1]} if table.names else {}
        if f["ext"] == "csv":
            dialect = {"delimiter": ";", **dialect}
        else:
            dialect = {"sheetName": DATA_SHEET, **dialect}
        res["dialect"] = dialect
    return res


def package(sets: dict, catalogue: Catalogue, env: Env) -> dict:
    """The Frictionless Data Package of ``sets`` (``_sets``)."""
    lic = env.settings.license
    resources = []
    for s in sets["records"]:
        json_file, *table_files = s["files"]
        resources.append(_resource(json_file, s["stem"], s["title"], None))
        resources.append(_resource(s["schema"], s["stem"] + "-schema", f"{s['title']}: JSON Schema", None))
        resources += [_resource(f, s["stem"], s["title"], s["table"]) for f in table_files]
    for s in sets["coordinators"] + sets["registries"]:
        resources += [_resource(f, s["stem"], s["title"], s["table"]) for f in s["files"]]
    return {
        "$schema": "https://datapackage.org/profiles/2.0/datapackage.json",
        "name": "mentorbank-open-data",
        "title": "Банк практик наставничества: открытые данные",
        "description": "Опубликованные практики наставничества, победители и призёры конкурсов, мероприятия, "
                       "организации, их дорожные карты, показатели мониторинга и реестры.",
        "homepage": env.site_url + urls.OPEN_DATA,
        "version": opendata.VERSION,
        "created": catalogue.build_date.isoformat(),
        "licenses": [{"path": lic.url, "title": lic.name}],
        "resources": resources,
    }


def _page(catalogue: Catalogue, env: Env, entries: dict[str, dict]) -> PageResult:
    sets = _sets(catalogue, entries)
    package_bytes = opendata_json.dumps(package(sets, catalogue, env))
    listed = {**entries, urls.OPEN_DATA_PACKAGE: _entry(package_bytes, 0)}
    html = env.page("opendata.html", urls.OPEN_DATA, title=TITLE, **sets, license=env.settings.license,
                    version=opendata.VERSION, built=ru_date(catalogue.build_date),
                    package=_file(urls.OPEN_DATA_PACKAGE, listed))
    return PageResult([Page(urls.OPEN_DATA, TITLE, html)], {urls.OPEN_DATA_PACKAGE: package_bytes}, manifest=entries)


def generate(catalogue: Catalogue, env: Env) -> PageResult:
    """The page ``otkrytye-dannye/`` and ``otkrytye-dannye/datapackage.json``."""
    return _page(catalogue, env, manifest(catalogue, env))


def regenerate(previous: PageResult, changed: list[Record], catalogue: Catalogue, env: Env) -> PageResult:
    """A body-only rebuild: the tables are the previous build's (they hold no bodies), the JSON sets of the
    changed types are new (``opendata_json.regenerate`` ran before in this build)."""
    types = {r.type for r in changed if r.type in opendata.RECORD_SETS}
    entries = {**previous.manifest, **_json_entries(catalogue, opendata_json.result(catalogue, env).files, types)}
    return _page(catalogue, env, entries)
