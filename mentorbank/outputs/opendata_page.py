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

from .. import opendata, urls
from ..catalogue import Catalogue
from ..dates import ru_date
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


def _files(base: str, table_files: dict[str, bytes]) -> list[dict]:
    return [_file(f"{base}.{ext}", table_files[f"{base}.{ext}"]) for ext in ("csv", "xlsx")]


def _file(path: str, data: bytes) -> dict:
    ext = path.rsplit(".", 1)[-1]
    return {"path": path, "format": FORMATS[ext][0], "ext": ext, "bytes": len(data), "size": size_text(len(data))}


def _sets(catalogue: Catalogue, env: Env) -> dict:
    """What the page and the package list: record sets, coordinators' sets and registries, each with its
    files (site path, format, bytes) and its table."""
    json_files = opendata_json.files(catalogue, env)
    table_files = opendata_tables.files(catalogue, env)
    tables = opendata_tables.tables(catalogue, env)
    records = []
    for record_type, (stem, title) in opendata.RECORD_SETS.items():
        base = urls.open_data_file(stem)
        json_path = base + ".json"
        schema_path = urls.open_data_schema(stem)
        records.append({
            "stem": stem, "title": title, "about": RECORD_ABOUT[record_type], "table": tables[base],
            "count": len(tables[base].rows),
            "files": [_file(json_path, json_files[json_path]),
                      *_files(base, table_files)],
            "schema": _file(schema_path, json_files[schema_path]),
            "json_keys": opendata_json.EXTRA_KEYS,
        })
    coordinators = []
    for stem, (title, about) in COORDINATOR_ABOUT.items():
        base = urls.open_data_file(stem)
        coordinators.append({"stem": stem, "title": title, "about": about, "table": tables[base],
                             "count": len(tables[base].rows),
                             "files": _files(base, table_files)})
    registries = []
    for org in opendata.with_registry(catalogue):
        base = urls.open_data_registry(org.id, "")[:-1]
        registries.append({"stem": f"reestr-{org.id}", "org": org, "title": tables[base].title,
                           "table": tables[base], "count": len(tables[base].rows),
                           "files": _files(base, table_files)})
    return {"records": records, "coordinators": coordinators, "registries": registries}


def _resource(f: dict, name: str, title: str, data: bytes, table: opendata.Table | None) -> dict:
    res = {"name": f"{name}-{f['ext']}", "path": f["path"][len(urls.OPEN_DATA):], "title": title,
           "format": f["ext"], "mediatype": FORMATS[f["ext"]][1], "bytes": f["bytes"],
           "hash": "sha256:" + hashlib.sha256(data).hexdigest()}
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


def package(sets: dict, catalogue: Catalogue, env: Env, data: dict[str, bytes]) -> dict:
    """The Frictionless Data Package of ``sets`` (``data``: site path → bytes of every listed file)."""
    lic = env.settings.license
    resources = []
    for s in sets["records"]:
        json_file, *table_files = s["files"]
        resources.append(_resource(json_file, s["stem"], s["title"], data[json_file["path"]], None))
        resources.append(_resource(s["schema"], s["stem"] + "-schema", f"{s['title']}: JSON Schema",
                                   data[s["schema"]["path"]], None))
        resources += [_resource(f, s["stem"], s["title"], data[f["path"]], s["table"])
                      for f in table_files]
    for s in sets["coordinators"] + sets["registries"]:
        resources += [_resource(f, s["stem"], s["title"], data[f["path"]], s["table"])
                      for f in s["files"]]
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


def generate(catalogue: Catalogue, env: Env) -> Result:
    """The page ``otkrytye-dannye/`` and ``otkrytye-dannye/datapackage.json``."""
    sets = _sets(catalogue, env)
    data = {**opendata_json.files(catalogue, env), **opendata_tables.files(catalogue, env)}
    package_bytes = opendata_json.dumps(package(sets, catalogue, env, data))
    html = env.page("opendata.html", urls.OPEN_DATA, title=TITLE, **sets, license=env.settings.license,
                    version=opendata.VERSION, built=ru_date(catalogue.build_date),
                    package=_file(urls.OPEN_DATA_PACKAGE, package_bytes), csv_join=opendata.CODE_JOIN)
    return Result([Page(urls.OPEN_DATA, TITLE, html)], {urls.OPEN_DATA_PACKAGE: package_bytes})
