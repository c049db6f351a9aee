"""The open data page (``otkrytye-dannye/``) and the machine-readable description of every set
(``otkrytye-dannye/datapackage.json``, a Frictionless Data Package: https://datapackage.org/).

The page, for a person, lists each set: what it holds, its files with their formats and sizes, the
number of records (rows), the build date, the licence (``Settings.license``) and the columns (Russian
name, field name, what the column holds). The package lists the same files with their sizes, SHA-256
hashes, the tables' columns and CSV dialect, the version and the licence; a set published in several
files (``opendata_parts``) lists each file as a resource and, on the page, as a row of the set's table
of files (what it holds, records, format, size). Both read the files of the other open data outputs
(``opendata_json``, ``opendata_tables``) made once per build (hashed block by block, never whole).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .. import opendata, urls
from ..catalogue import Catalogue
from ..dates import ru_date
from ..model import Record
from ..opendata_parts import Part, size_and_hash
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
    "rows"} (rows of a table or records of a JSON set), and ``table_parts`` (the record tables' parts,
    ``opendata_tables.TablesResult.parts``), kept for ``regenerate``."""

    manifest: dict[str, dict] = field(default_factory=dict)
    table_parts: dict[str, list] = field(default_factory=dict)


def _entry(data: bytes | Path, rows: int) -> dict:
    size, digest = size_and_hash(data)
    return {"bytes": size, "hash": digest, "rows": rows}


def _json_entries(files: dict, index: dict, types, known: dict[str, dict] | None = None) -> dict[str, dict]:
    """Size, hash and records of every JSON file of ``types`` and of their schemas; a file that is in
    ``known`` (the previous build's entries) and not among ``opendata_json.JsonResult.rewritten`` keeps
    its entry."""
    out = {}
    for record_type in types:
        stem, _title = opendata.RECORD_SETS[record_type]
        for part, (path, file) in zip(index[record_type].parts, index[record_type].paths.items(), strict=True):
            if known is not None and path in known and path not in files.rewritten:
                out[path] = known[path]
                continue
            out[path] = _entry(file, len(part.members))
        schema = urls.open_data_schema(stem)
        out[schema] = _entry(files.files[schema], 0)
    return out


def manifest(catalogue: Catalogue, env: Env) -> dict[str, dict]:
    """Size, hash and rows of every file of the open data (from the other two outputs of this build)."""
    json_result = opendata_json.result(catalogue, env)
    out = _json_entries(json_result, json_result.index, opendata.RECORD_SETS)
    tables = opendata_tables.files(catalogue, env)
    for base, rows in tables.rows.items():
        for ext in ("csv", "xlsx"):
            out[f"{base}.{ext}"] = _entry(tables.files[f"{base}.{ext}"], rows)
    return out


def part_label(part: Part) -> str:
    """What a file of a split set holds, in Russian: «2025 год», «2025 год, часть 1 из 2», «часть 3 из 4»;
    «все записи» for a set in one file."""
    if not part.suffix:
        return "все записи"
    if part.year is None:
        return f"часть {part.number} из {part.of}"
    return f"{part.year} год" + (f", часть {part.number} из {part.of}" if part.of > 1 else "")


def _file(path: str, manifest: dict[str, dict]) -> dict:
    ext = path.rsplit(".", 1)[-1]
    entry = manifest[path]
    return {"path": path, "format": FORMATS[ext][0], "ext": ext, "bytes": entry["bytes"],
            "size": size_text(entry["bytes"]), "hash": entry["hash"], "rows": entry["rows"]}


def _tables(base: str, manifest: dict[str, dict]) -> list[dict]:
    return [_file(f"{base}.{ext}", manifest) for ext in ("csv", "xlsx")]


def _sets(catalogue: Catalogue, env: Env, manifest: dict[str, dict], table_parts: dict[str, list]) -> dict:
    """What the page and the package list: record sets, coordinators' sets and registries, each with its
    files (``_file``), its number of records or rows and its columns (``opendata.Table`` without rows).
    A record set lists its ``json`` and ``tables`` parts (label, records, files); ``split`` says whether
    it is in more than one file of a format."""
    json_index = opendata_json.result(catalogue, env).index
    records = []
    for record_type, (stem, title) in opendata.RECORD_SETS.items():
        json_parts = [{"label": part_label(part), "stem": stem + part.suffix, "count": len(part.members),
                       "files": [_file(path, manifest)]}
                      for part, path in zip(json_index[record_type].parts, json_index[record_type].paths, strict=True)]
        tables = [{"label": part_label(part), "stem": stem + part.suffix, "count": len(part.members),
                   "files": _tables(base, manifest)} for part, base in table_parts[record_type]]
        records.append({
            "stem": stem, "title": title, "about": RECORD_ABOUT[record_type],
            "count": len(json_index[record_type].ids),
            "table": opendata.Table(title, opendata.record_columns(record_type)),
            "json": json_parts, "tables": tables, "split": len(json_parts) > 1 or len(tables) > 1,
            "files": json_parts[0]["files"] + tables[0]["files"],  # the files of a set in one file each
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


def _titled(s: dict, part: dict) -> str:
    """Title of a file of a record set in the package: the set's, with the part's label when split."""
    return f"{s['title']}: {part['label']}" if s["split"] else s["title"]


def package(sets: dict, catalogue: Catalogue, env: Env) -> dict:
    """The Frictionless Data Package of ``sets`` (``_sets``)."""
    lic = env.settings.license
    resources = []
    for s in sets["records"]:
        title = s["title"]
        resources += [_resource(p["files"][0], p["stem"], _titled(s, p), None) for p in s["json"]]
        resources.append(_resource(s["schema"], s["stem"] + "-schema", f"{title}: JSON Schema", None))
        resources += [_resource(f, p["stem"], _titled(s, p), s["table"]) for p in s["tables"] for f in p["files"]]
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


def _page(catalogue: Catalogue, env: Env, entries: dict[str, dict], table_parts: dict[str, list]) -> PageResult:
    sets = _sets(catalogue, env, entries, table_parts)
    package_bytes = opendata_json.dumps(package(sets, catalogue, env))
    listed = {**entries, urls.OPEN_DATA_PACKAGE: _entry(package_bytes, 0)}
    html = env.page("opendata.html", urls.OPEN_DATA, title=TITLE, **sets, license=env.settings.license,
                    file_limit=size_text(opendata_json.limit(env)),
                    version=opendata.VERSION, built=ru_date(catalogue.build_date),
                    package=_file(urls.OPEN_DATA_PACKAGE, listed))
    return PageResult([Page(urls.OPEN_DATA, TITLE, html)], {urls.OPEN_DATA_PACKAGE: package_bytes}, manifest=entries,
                      table_parts=table_parts)


def generate(catalogue: Catalogue, env: Env) -> PageResult:
    """The page ``otkrytye-dannye/`` and ``otkrytye-dannye/datapackage.json``."""
    return _page(catalogue, env, manifest(catalogue, env), opendata_tables.files(catalogue, env).parts)


def regenerate(previous: PageResult, changed: list[Record], catalogue: Catalogue, env: Env) -> PageResult:
    """A body-only rebuild: the tables are the previous build's (they hold no bodies), the JSON sets of the
    changed types are new (``opendata_json.regenerate`` ran before in this build)."""
    types = {r.type for r in changed if r.type in opendata.RECORD_SETS}
    json_result = opendata_json.result(catalogue, env)
    stems = tuple(opendata.RECORD_SETS[t][0] for t in types)
    kept = {p: e for p, e in previous.manifest.items()  # a type's files may have been split anew
            if not (p.endswith(".json") and p[len(urls.OPEN_DATA):].startswith(stems))}
    entries = {**kept, **_json_entries(json_result, json_result.index, types, previous.manifest)}
    return _page(catalogue, env, entries, previous.table_parts)
