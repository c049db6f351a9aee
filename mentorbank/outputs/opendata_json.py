"""Open data in JSON (``otkrytye-dannye/<set>.json``): every published practice, winner, event and
organisation in the contract's field names, with the set's JSON Schema beside it
(``otkrytye-dannye/shemy/<set>.schema.json``), the format version and the build date.

A record is ``{"id", "page_url", <contract fields>, "body_markdown"}``: its fields without names of
persons who have not consented (``opendata.public_data``) and its text as written (Markdown, the
source; the page of the record shows it as HTML). Keys keep the order of the record's file, so the
same content gives the same bytes (the build date aside).

A set larger than ``Settings.open_data_file_mb`` is published in several files (by year, a large
year in numbered parts: ``opendata_parts``), each with ``"part": {"year", "number", "of"}``; every
file is written record by record into the build cache and handed over as a path.
"""

from __future__ import annotations

import copy
import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from .. import urls
from ..catalogue import Catalogue
from ..model import Record
from ..opendata import RECORD_SETS, VERSION, public_data, published
from ..opendata_parts import Part, folder, plan, replace_file, target, year_of
from ..render import Env
from ..schema import SCHEMAS, TYPE_TITLES
from . import Result

NAME = "opendata_json"
READS_BODIES = frozenset(RECORD_SETS)

#: Keys a JSON record has besides the contract's fields: (key, JSON Schema, Russian description).
EXTRA_KEYS = (
    ("id", {"type": "string"}, "идентификатор записи (имя её файла)"),
    ("page_url", {"type": "string"}, "адрес страницы записи в банке"),
    ("body_markdown", {"type": "string"}, "основной текст записи в разметке Markdown, как он написан"),
)

#: JSON Schema of the ``part`` of a file of a set published in several files.
PART_SCHEMA = {
    "type": "object", "required": ["number", "of"],
    "description": "какая часть набора в этом файле (только у наборов, разделённых на несколько файлов)",
    "properties": {
        "year": {"type": "integer", "description": "год записей этого файла (у практик и победителей — "
                                                   "поле year, у мероприятий — год начала)"},
        "number": {"type": "integer", "minimum": 1, "description": "номер части внутри года"},
        "of": {"type": "integer", "minimum": 1, "description": "сколько частей у этого года"},
    },
}


def dumps(value) -> bytes:
    """JSON bytes as the open data writes them: UTF-8 (Cyrillic as is), indented, keys in given order."""
    return (json.dumps(value, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def record_schema(record_type: str) -> dict:
    """JSON Schema of one record of a JSON set: the contract's schema (``schema.SCHEMAS``) plus
    ``EXTRA_KEYS`` (``id`` and ``page_url`` required)."""
    schema = copy.deepcopy(SCHEMAS[record_type])
    for key, rule, about in EXTRA_KEYS:
        schema["properties"][key] = {**rule, "description": about}
    schema["required"] = ["id", "page_url", *schema["required"]]
    return schema


def set_schema(record_type: str, site_url: str) -> dict:
    """JSON Schema (draft 2020-12) of every JSON file of the set of ``record_type`` (the whole set or
    one of its parts), published at ``urls.open_data_schema``."""
    stem, title = RECORD_SETS[record_type]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": site_url + urls.open_data_schema(stem),
        "title": f"Банк практик наставничества, открытые данные: {title.lower()}",
        "description": f"Файл {stem}.json (у большого набора — файлы {stem}-<год>.json и {stem}-<год>-<часть>.json): "
                       f"опубликованные записи типа «{TYPE_TITLES[record_type]}».",
        "type": "object",
        "required": ["version", "build_date", "type", "license", "records"],
        "properties": {
            "version": {"type": "string", "description": "версия формата открытых данных"},
            "build_date": {"type": "string", "format": "date", "description": "дата сборки сайта"},
            "type": {"const": record_type},
            "title": {"type": "string"},
            "license": {"type": "object", "required": ["name", "url"],
                        "properties": {"name": {"type": "string"}, "url": {"type": "string"}}},
            "schema": {"type": "string"},
            "part": PART_SCHEMA,
            "records": {"type": "array", "items": {"$ref": "#/$defs/record"}},
        },
        "$defs": {"record": record_schema(record_type)},
    }


def encode(r: Record, env: Env) -> bytes:
    """One record of a JSON set, on one line: ``{"id", "page_url", <public fields>, "body_markdown"}``."""
    record = {"id": r.id, "page_url": env.site_url + r.url, **public_data(r), "body_markdown": r.body}
    return json.dumps(record, ensure_ascii=False).encode("utf-8")


def head(catalogue: Catalogue, env: Env, record_type: str, part: Part | None = None) -> bytes:
    """The start of a JSON file of ``record_type``: its description (version, build date, type, title,
    licence, schema and, for a file of a split set, ``part``), up to the opening of ``records``."""
    stem, title = RECORD_SETS[record_type]
    lic = env.settings.license
    meta = {"version": VERSION, "build_date": catalogue.build_date.isoformat(), "type": record_type,
            "title": title, "license": {"name": lic.name, "url": lic.url},
            "schema": env.site_url + urls.open_data_schema(stem)}
    if part is not None and part.suffix:
        meta["part"] = {**({"year": part.year} if part.year is not None else {}), "number": part.number,
                        "of": part.of}
    text = json.dumps(meta, ensure_ascii=False, indent=1)  # «{ … \n}»: the array goes before the brace
    return text[:-2].encode("utf-8") + _OPEN


def assemble(catalogue: Catalogue, env: Env, record_type: str, records: list[bytes]) -> bytes:
    """The (whole) JSON set of ``record_type`` as bytes: ``head``, then ``records`` (``encode``d, one
    per line) in the array ``records``."""
    return head(catalogue, env, record_type) + _SEP.join(records) + _CLOSE


#: What stands between the description of a set and its records, and after the records.
_OPEN, _CLOSE, _SEP = b',\n "records": [\n', b"\n ]\n}\n", b",\n"


def replace_records(data: bytes, fresh: dict[int, bytes]) -> bytes:
    """A JSON file's bytes with its records at the given positions (from 0) replaced by ``fresh``
    ``encode``d ones. Each record is one line (JSON escapes line breaks inside strings) and records are
    parted by «,» + line break, so the file is copied once, not decoded or split."""
    view = memoryview(data)
    pos, stop = data.index(_OPEN) + len(_OPEN), data.rindex(_CLOSE)
    parts: list = []
    copied = index = 0
    for i in sorted(fresh):
        while index < i:
            pos = data.index(_SEP, pos, stop) + len(_SEP)
            index += 1
        end = data.find(_SEP, pos, stop)
        parts += [view[copied:pos], fresh[i]]
        copied = stop if end < 0 else end
    return b"".join([*parts, view[copied:]])


@dataclass
class SetIndex:
    """What the build knows of one written JSON set: its records' ``ids`` (id order), ``years``
    (``opendata_parts.year_of``), encoded ``sizes`` in bytes, its ``parts`` (``opendata_parts.plan``)
    and the ``paths`` of their files (site path → file), in the order of ``parts``."""

    ids: list[str]
    years: list[int | None]
    sizes: list[int]
    parts: list[Part]
    paths: dict[str, Path]


@dataclass
class JsonResult(Result):
    """The JSON files (site path → file), by record type the ``SetIndex`` of each set, and the site
    paths of the files ``regenerate`` wrote again (``rewritten``; every file after ``generate``)."""

    index: dict[str, SetIndex] = field(default_factory=dict)
    rewritten: frozenset[str] = frozenset()


def site_path(record_type: str, part: Part) -> str:
    """Site path of the JSON file of ``part`` of the set of ``record_type``."""
    return urls.open_data_file(f"{RECORD_SETS[record_type][0]}{part.suffix}.json")


def limit(env: Env) -> int:
    """Bytes of records one file holds at most (``Settings.open_data_file_mb``)."""
    return int(env.settings.open_data_file_mb * 1024 * 1024)


def _write_parts(catalogue: Catalogue, env: Env, record_type: str, records: list[Record], scratch: Path
                 ) -> SetIndex:
    """Encode the set's ``records`` one at a time into ``scratch`` (a file of encoded lines), then copy
    them into the files of the set's parts; returns the set's index."""
    years, sizes, ids = [], [], []
    with open(scratch, "wb") as fh:
        for r in records:
            line = encode(r, env)
            fh.write(line)
            ids.append(r.id)
            years.append(year_of(r))
            sizes.append(len(line))
    parts = plan(years, sizes, limit(env))
    offsets = [0]
    for n in sizes:
        offsets.append(offsets[-1] + n)
    base = folder(env)
    paths = {}
    with open(scratch, "rb") as src:
        def lines(members):
            for k, i in enumerate(members):
                src.seek(offsets[i])
                if k:
                    yield _SEP
                yield src.read(sizes[i])
        for part in parts:
            path = site_path(record_type, part)
            paths[path] = target(base, path)
            replace_file(paths[path], [head(catalogue, env, record_type, part), *lines(part.members), _CLOSE])
    scratch.unlink()
    _drop_stale(base, record_type, set(paths.values()))
    return SetIndex(ids, years, sizes, parts, paths)


def _drop_stale(base: Path, record_type: str, keep: set[Path]) -> None:
    """Remove files of the set left in the cache by a build with another split."""
    stem = RECORD_SETS[record_type][0]
    where = target(base, urls.open_data_file(f"{stem}.json")).parent
    for old in [*where.glob(f"{stem}.json"), *where.glob(f"{stem}-*.json")]:
        if old not in keep:
            old.unlink(missing_ok=True)


def _schema_files(env: Env) -> dict[str, bytes]:
    return {urls.open_data_schema(RECORD_SETS[t][0]): dumps(set_schema(t, env.site_url)) for t in RECORD_SETS}


def result(catalogue: Catalogue, env: Env) -> JsonResult:
    """The JSON files (one or several per set, ``opendata_parts``) and the schema of each record type
    (``RECORD_SETS``), written once per build (the open data page reads their sizes); after
    ``regenerate``, its result."""
    def make() -> JsonResult:
        base = folder(env)
        index = {}
        for t in RECORD_SETS:
            scratch = target(base, urls.open_data_file(RECORD_SETS[t][0] + ".records"))
            index[t] = _write_parts(catalogue, env, t, published(catalogue, t), scratch)
        files: dict[str, bytes | Path] = {p: f for i in index.values() for p, f in i.paths.items()}
        return JsonResult(files={**files, **_schema_files(env)}, index=index, rewritten=frozenset(files))
    return env.shared(NAME, make)


def generate(catalogue: Catalogue, env: Env) -> JsonResult:
    """Every file of ``result``."""
    return result(catalogue, env)


def regenerate(previous: JsonResult, changed: list[Record], catalogue: Catalogue, env: Env) -> JsonResult:
    """A body-only rebuild: the sets of ``previous`` (the same records in the same order, only bodies
    changed) with the ``changed`` records encoded again in place (``replace_records``) in the files of
    their parts only; a set whose split would change with the new sizes is written again whole."""
    index = dict(previous.index)
    base = folder(env)
    rewritten: set[str] = set()
    for record_type in {r.type for r in changed if r.published and r.type in RECORD_SETS}:
        old = previous.index[record_type]
        position = {rid: n for n, rid in enumerate(old.ids)}
        fresh = {position[r.id]: encode(r, env) for r in changed if r.type == record_type and r.id in position}
        sizes = list(old.sizes)
        for i, line in fresh.items():
            sizes[i] = len(line)
        parts = plan(old.years, sizes, limit(env))
        if [(p.suffix, p.members) for p in parts] != [(p.suffix, p.members) for p in old.parts]:
            scratch = target(base, urls.open_data_file(RECORD_SETS[record_type][0] + ".records"))
            index[record_type] = _write_parts(catalogue, env, record_type, published(catalogue, record_type), scratch)
            rewritten |= set(index[record_type].paths)
            continue
        paths = {}
        for part, (path, file) in zip(parts, old.paths.items(), strict=True):
            paths[path] = target(base, path)
            local = {k: fresh[i] for k, i in enumerate(part.members) if i in fresh}
            if local:
                data = replace_records(file.read_bytes(), local)
                replace_file(paths[path], [data])
                rewritten.add(path)
            elif paths[path] != file:
                shutil.copyfile(file, paths[path])
        index[record_type] = SetIndex(old.ids, old.years, sizes, parts, paths)
    files: dict[str, bytes | Path] = {p: f for i in index.values() for p, f in i.paths.items()}
    rebuilt = JsonResult(files={**files, **_schema_files(env)}, index=index, rewritten=frozenset(rewritten))
    return env.shared(NAME, lambda: rebuilt)
