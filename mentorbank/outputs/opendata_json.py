"""Open data in JSON (``otkrytye-dannye/<set>.json``): every published practice, winner, event and
organisation in the contract's field names, with the set's JSON Schema beside it
(``otkrytye-dannye/shemy/<set>.schema.json``), the format version and the build date.

A record is ``{"id", "page_url", <contract fields>, "body_markdown", "body_html"}``: its fields
without names of persons who have not consented (``opendata.public_data``), its text as written and
as the pages show it (the sanitised HTML of ``markup``, ``env.markdown``). Keys keep the order of the
record's file, so the same content gives the same bytes (the build date aside).
"""

from __future__ import annotations

import copy
import json

from .. import urls
from ..catalogue import Catalogue
from ..model import Record
from ..opendata import RECORD_SETS, VERSION, public_data, published
from ..render import Env
from ..schema import SCHEMAS, TYPE_TITLES
from . import Result

NAME = "opendata_json"
READS_BODIES = frozenset(RECORD_SETS)

#: Keys a JSON record has besides the contract's fields: (key, JSON Schema, Russian description).
EXTRA_KEYS = (
    ("id", {"type": "string"}, "идентификатор записи (имя её файла)"),
    ("page_url", {"type": "string"}, "адрес страницы записи в банке"),
    ("body_markdown", {"type": "string"}, "основной текст записи в разметке Markdown"),
    ("body_html", {"type": "string"}, "основной текст в HTML, очищенный так же, как на страницах банка"),
)


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
    """JSON Schema (draft 2020-12) of the JSON set of ``record_type``, published at
    ``urls.open_data_schema``."""
    stem, title = RECORD_SETS[record_type]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": site_url + urls.open_data_schema(stem),
        "title": f"Банк практик наставничества, открытые данные: {title.lower()}",
        "description": f"Файл {stem}.json: все опубликованные записи типа «{TYPE_TITLES[record_type]}».",
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
            "records": {"type": "array", "items": {"$ref": "#/$defs/record"}},
        },
        "$defs": {"record": record_schema(record_type)},
    }


def encode(r: Record, env: Env) -> bytes:
    """One record of a JSON set, on one line: ``{"id", "page_url", <public fields>, "body_markdown",
    "body_html"}``."""
    record = {"id": r.id, "page_url": env.site_url + r.url, **public_data(r),
              "body_markdown": r.body, "body_html": env.markdown(r.body)}
    return json.dumps(record, ensure_ascii=False).encode("utf-8")


def assemble(catalogue: Catalogue, env: Env, record_type: str, records: list[bytes]) -> bytes:
    """The JSON set of ``record_type``: its description (version, build date, type, title, licence, schema),
    then ``records`` (``encode``d, one per line) in the array ``records``."""
    stem, title = RECORD_SETS[record_type]
    lic = env.settings.license
    meta = {"version": VERSION, "build_date": catalogue.build_date.isoformat(), "type": record_type,
            "title": title, "license": {"name": lic.name, "url": lic.url},
            "schema": env.site_url + urls.open_data_schema(stem)}
    head = json.dumps(meta, ensure_ascii=False, indent=1)  # «{ … \n}»: the array goes before the brace
    return head[:-2].encode("utf-8") + _OPEN + _SEP.join(records) + _CLOSE


#: What stands between the description of a set and its records, and after the records.
_OPEN, _CLOSE, _SEP = b',\n "records": [\n', b"\n ]\n}\n", b",\n"


def replace_records(data: bytes, fresh: dict[int, bytes]) -> bytes:
    """A JSON set's bytes with its records at the given positions (from 0) replaced by ``fresh``
    ``encode``d ones. Each record is one line (JSON escapes line breaks inside strings) and records are
    parted by «,» + line break, so the set is copied once, not decoded or split."""
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


def sets(catalogue: Catalogue, env: Env, records: dict[str, list[bytes]], previous: dict[str, bytes] | None = None
         ) -> dict[str, bytes]:
    """The JSON set and schema files of the types in ``records`` (type → encoded records), over the
    ``previous`` files (site path → bytes) if given."""
    files = dict(previous or {})
    for record_type, encoded in records.items():
        stem, _title = RECORD_SETS[record_type]
        files[urls.open_data_file(f"{stem}.json")] = assemble(catalogue, env, record_type, encoded)
        files[urls.open_data_schema(stem)] = dumps(set_schema(record_type, env.site_url))
    return files


def result(catalogue: Catalogue, env: Env) -> Result:
    """The JSON set and its schema of each record type (``RECORD_SETS``), made once per build (the open
    data page reads their sizes); after ``regenerate``, its result."""
    def make() -> Result:
        records = {t: [encode(r, env) for r in published(catalogue, t)] for t in RECORD_SETS}
        return Result(files=sets(catalogue, env, records))
    return env.shared(NAME, make)


def generate(catalogue: Catalogue, env: Env) -> Result:
    """Every file of ``result``."""
    return result(catalogue, env)


def regenerate(previous: Result, changed: list[Record], catalogue: Catalogue, env: Env) -> Result:
    """A body-only rebuild: the sets of ``previous`` (the same records in the same order, only bodies
    changed) with the ``changed`` records encoded again in place (``replace_records``): at 10,000
    practices a set is hundreds of MB, encoding every record again would cost seconds."""
    files = dict(previous.files)
    for record_type in {r.type for r in changed if r.published and r.type in RECORD_SETS}:
        stem, _title = RECORD_SETS[record_type]
        position = {r.id: n for n, r in enumerate(published(catalogue, record_type))}
        fresh = {position[r.id]: encode(r, env) for r in changed if r.type == record_type and r.id in position}
        path = urls.open_data_file(f"{stem}.json")
        files[path] = replace_records(files[path], fresh)
    rebuilt = Result(files=files)
    return env.shared(NAME, lambda: rebuilt)
