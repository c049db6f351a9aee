"""Open data (README, «Открытые данные»): what each published set holds, independent of its file format.

- ``public_data(record)``: a published record's fields in the contract's names, with every name of a
  person without consent removed (``model.name_shown``, the rule of the pages);
- ``record_table(catalogue, type)``: the records of one type as a ``Table`` — one row per published
  record, columns derived from the record's JSON Schema (``schema.SCHEMAS``), a Russian heading and
  the contract's field name per column;
- ``registry_table``, ``roadmap_table``, ``monitoring_table``: the coordinators' tables — the registry
  of an organisation's subordinate organisations (columns as on the tab, ``tab.REGISTRY_HEADINGS``),
  every roadmap item with its shown status (``dates.item_status``, the tab's words) and the monitoring
  indicators by year (``tab.monitoring``).

Which records are published is the catalogue's (``Bank.of_type``: drafts never); nothing here renders
HTML or writes bytes (``tables`` writes CSV and XLSX, the ``outputs/opendata_*`` modules the files).
Russian names of fields are the labels the record pages show (``headings.FIELD_HEADINGS``); ``NAMES``
adds only the fields those pages show without a label of their own, and organisations' fields (their
page is the tab, whose headings are its sections).
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from . import tab
from .catalogue import Catalogue
from .dates import STATUS_LABELS, item_status, ru_date
from .headings import FIELD_HEADINGS
from .model import Record, name_shown, person_text
from .schema import SCHEMAS, SLUG_PATTERN
from .vocab import VOCAB_TITLES, label, vocabularies

#: Version of the open data's format (the JSON files' ``version``, the data package's ``version``):
#: the major number changes when a field is renamed or removed, the minor when one is added.
VERSION = "2.0"

#: The record sets: type → (file stem, Russian title). Stems are the site folders of the types.
RECORD_SETS = {
    "practice": ("praktiki", "Практики наставничества"),
    "winner": ("pobediteli", "Победители и призёры конкурсов"),
    "event": ("meropriyatiya", "Мероприятия"),
    "organization": ("organizacii", "Организации"),
}

#: Russian names of the fields that no record page labels (``headings.FIELD_HEADINGS`` has the others).
NAMES: dict[str, dict[str, str]] = {
    "practice": {"title": "Название", "summary": "Аннотация", "level": "Уровень", "status": "Статус записи"},
    "winner": {"title": "Заголовок", "place": "Место"},
    "event": {"title": "Название", "event_type": "Тип мероприятия", "end": "Окончание",
              "location": "Место проведения"},
    "organization": {
        "name": "Полное наименование", "short_name": "Краткое наименование", "kind": "Тип организации",
        "region": "Регион", "municipality": "Муниципалитет", "parent": "Вышестоящая организация",
        "site_url": "Официальный сайт", "curator": "Куратор внедрения целевой модели наставничества",
        "forms": "Формы наставничества", "documents": "Документы", "mentors": "База наставников",
        "roadmaps": "Дорожные карты", "stats": "Мониторинг (годы)", "links": "Полезные ссылки",
    },
}
#: Russian names of the parts of a nested field (``period.start`` → «Сроки реализации: начало»).
PART_NAMES = {"start": "начало", "end": "окончание", "name": "ФИО", "position": "должность",
              "consent": "согласие на публикацию ФИО", "email": "эл. почта", "phone": "телефон", "url": "сайт",
              "decision": "решение", "date": "дата", "scores": "баллы"}
#: Columns every record table starts with: (contract name, Russian name).
ID_COLUMNS = (("id", "Идентификатор"), ("page_url", "Страница в банке"))
#: Joins a list of vocabulary codes or labels in one cell; other lists put each item on its own line.
CODE_JOIN = "; "
TEXT_JOIN = "\n"
YES, NO = "да", "нет"


def field_name(record_type: str, key: str) -> str:
    """The Russian name of the contract field ``key`` of ``record_type``: the label its page shows
    (``FIELD_HEADINGS``, first one), else ``NAMES``, else the key itself."""
    for name, heading in FIELD_HEADINGS.get(record_type, ()):
        if name == key:
            return heading
    return NAMES.get(record_type, {}).get(key, key)


# ----- published values -------------------------------------------------------------------------------
def _without_names(value: Any, schema: dict) -> Any:
    """``value`` (validated by ``schema``) with the ``name`` of every person without consent removed."""
    if isinstance(value, dict):
        props = schema.get("properties", {})
        if "consent" in props and "position" in props and "name" in value and not name_shown(value):
            value = {k: v for k, v in value.items() if k != "name"}
        return {k: _without_names(v, props.get(k, {})) for k, v in value.items()}
    if isinstance(value, list):
        return [_without_names(v, schema.get("items", {})) for v in value]
    return value


def public_data(r: Record) -> dict:
    """The fields of the published record ``r`` as the contract names them (a new dict, ``r.data``
    untouched), without the name of any person who has not consented (``model.name_shown``)."""
    return _without_names(copy.deepcopy(r.data), SCHEMAS[r.type])


def published(catalogue: Catalogue, record_type: str) -> list[Record]:
    """The published records of ``record_type`` in id order (``Bank.of_type``: drafts never)."""
    return catalogue.bank.of_type(record_type)


# ----- tables -------------------------------------------------------------------------------------------
Cell = str | int | float | None


@dataclass
class Column:
    """One column of a ``Table``: its Russian ``title``, the contract's ``name`` (None for tables whose
    columns are not contract fields), the Frictionless ``type`` of its values (string, integer,
    number, boolean, date) and a note for the field descriptions (``about``)."""

    title: str
    name: str | None = None
    type: str = "string"
    about: str = ""


@dataclass
class Table:
    """A table of one set: ``columns`` and ``rows`` (lists of cells under them: str, int, float or None;
    a list, or for writing a large table once any iterable such as ``record_rows``). ``names`` says
    whether the table has the second heading row of contract names."""

    title: str
    columns: list[Column]
    rows: Iterable[list[Cell]] = field(default_factory=list)

    @property
    def names(self) -> bool:
        """True when every column has a contract name (the tables write them as a second heading row)."""
        return all(c.name for c in self.columns)


def _vocab_of(schema: dict) -> str | None:
    """The vocabulary of a field with Russian labels (not regions: their codes are their names)."""
    vocab = schema.get("x-vocab") or schema.get("items", {}).get("x-vocab")
    return vocab if vocab in vocabularies() else None


def _scalar(value: Any) -> Cell:
    if isinstance(value, bool):
        return YES if value else NO
    return value


def _person_text(p: dict) -> str:
    """A person as the pages show one: «ФИО, должность» with consent, else the position only."""
    extra = [*(p.get("subjects") or []), *(p.get("competencies") or [])]
    return person_text(p) + (f" ({'; '.join(extra)})" if extra else "")


def _item_text(key: str, item: Any, schema: dict) -> str:
    """One item of a list of objects as one line of a cell."""
    if not isinstance(item, dict):
        return str(_scalar(item))
    props = schema.get("properties", {})
    if "consent" in props and "position" in props:
        return _person_text(item)
    if key == "documents":
        where = item.get("url") or item.get("file") or ""
        bits = [label("doc_kind", item.get("kind", ""))]
        if item.get("number"):
            bits.append(f"№ {item['number']}")
        if item.get("date"):
            bits.append(f"от {ru_date(item['date'])}")
        return f"{item.get('title', '')} ({', '.join(bits)})" + (f": {where}" if where else "")
    if key == "results":
        unit = f" {item['unit']}" if item.get("unit") else ""
        year = f" ({item['year']})" if item.get("year") else ""
        return f"{item.get('indicator', '')}: {item.get('value', '')}{unit}{year}"
    if key == "roadmaps":
        return f"{item.get('title', '')} ({item.get('period', '')})"
    if key == "stats":
        return str(item.get("year", ""))
    if key == "links":
        return f"{item.get('title', '')}: {item.get('url', '')}"
    return ", ".join(str(_scalar(v)) for v in item.values() if not isinstance(v, (dict, list)))


def _type_of(schema: dict) -> str:
    if schema.get("x-date"):
        return "date"
    kind = schema.get("type")
    if kind == "boolean":
        return "boolean"
    return kind if kind in ("integer", "number") else "string"


def _about(schema: dict) -> str:
    """A short Russian description of a column's values, from the field's JSON Schema."""
    vocab = _vocab_of(schema)
    if schema.get("type") == "array":
        if vocab:
            return f"коды словаря «{VOCAB_TITLES.get(vocab, vocab)}» через «;»"
        return "список, каждый элемент с новой строки"
    if vocab:
        return f"код словаря «{VOCAB_TITLES.get(vocab, vocab)}»"
    if schema.get("enum"):
        return "одно из значений: " + ", ".join(v for v in schema["enum"] if v != "draft")
    if schema.get("pattern") == SLUG_PATTERN:
        return "идентификатор записи банка, на которую ссылается поле"
    return {"date": "дата ГГГГ-ММ-ДД", "integer": "целое число", "number": "число",
            "boolean": "да или нет"}.get(_type_of(schema), "адрес сайта" if schema.get("x-url") else "текст")


def _columns(record_type: str) -> list[tuple[Column, Callable[[dict], Cell]]]:
    """Columns of a record table with the function that takes a record's cell from its public data."""
    out: list[tuple[Column, Callable[[dict], Cell]]] = []
    for key, schema in SCHEMAS[record_type]["properties"].items():
        if key == "type":
            continue
        title = field_name(record_type, key)
        vocab = _vocab_of(schema)
        if schema.get("type") == "array":
            items = schema.get("items", {})
            if vocab:
                out.append((Column(f"{title} (коды)", key, about=_about(schema)),
                            lambda d, k=key: CODE_JOIN.join(d[k]) if d.get(k) else None))
                out.append((Column(title, f"{key}_ru", about=f"названия по словарю «{VOCAB_TITLES[vocab]}» через «;»"),
                            lambda d, k=key, v=vocab: CODE_JOIN.join(label(v, s) for s in d[k]) if d.get(k) else None))
            else:
                out.append((Column(title, key, about=_about(schema)),
                            lambda d, k=key, s=items: TEXT_JOIN.join(_item_text(k, i, s) for i in d[k])
                            if d.get(k) else None))
        elif schema.get("type") == "object":
            for part, sub in schema.get("properties", {}).items():
                if sub.get("type") == "object":  # review.scores: «criterion: score» lines
                    out.append((Column(f"{title}: {PART_NAMES.get(part, part)}", f"{key}.{part}",
                                       about="критерий: балл, каждый с новой строки"),
                                lambda d, k=key, p=part: TEXT_JOIN.join(
                                    f"{label('expert_criterion', c)}: {n}" for c, n in d[k][p].items())
                                if isinstance(d.get(k), dict) and d[k].get(p) else None))
                    continue
                out.append((Column(f"{title}: {PART_NAMES.get(part, part)}", f"{key}.{part}", _type_of(sub),
                                   _about(sub)),
                            lambda d, k=key, p=part: _scalar(d[k].get(p)) if isinstance(d.get(k), dict) else None))
        else:
            out.append((Column(f"{title} (код)" if vocab else title, key, _type_of(schema), _about(schema)),
                        lambda d, k=key: _scalar(d.get(k))))
            if vocab:
                out.append((Column(title, f"{key}_ru", about=f"название по словарю «{VOCAB_TITLES.get(vocab, vocab)}»"),
                            lambda d, k=key, v=vocab: label(v, d[k]) if d.get(k) else None))
    return out


def record_columns(record_type: str) -> list[Column]:
    """The columns of the table of ``record_type`` (``ID_COLUMNS``, then the contract's fields in schema
    order; a vocabulary field has a column of codes and one of Russian labels; a nested object a column
    per part, ``period.start``)."""
    return [Column(title, name, about="адрес страницы записи" if name == "page_url" else "имя файла записи")
            for name, title in ID_COLUMNS] + [c for c, _get in _columns(record_type)]


def record_rows(records: list[Record], record_type: str, site_url: str) -> Iterator[list[Cell]]:
    """The rows of ``records`` (published, of ``record_type``) one at a time, with names only by
    consent; ``site_url`` (``https://…/``) makes the records' page addresses absolute."""
    getters = _columns(record_type)
    for r in records:
        data = public_data(r)
        yield [r.id, site_url + r.url] + [get(data) for _c, get in getters]


def record_table(catalogue: Catalogue, record_type: str, site_url: str, records: list[Record] | None = None,
                 ) -> Table:
    """One row per published record of ``record_type`` (``published``, or the given ``records``), with
    names only by consent; the rows are made as the table is written (``record_rows``)."""
    chosen = published(catalogue, record_type) if records is None else records
    return Table(RECORD_SETS[record_type][1], record_columns(record_type), record_rows(chosen, record_type, site_url))


def with_registry(catalogue: Catalogue) -> list[Record]:
    """Published organisations whose tab shows a registry (they have subordinate organisations)."""
    return [org for org in catalogue.organizations if catalogue.descendants(org.id)]


def registry_table(catalogue: Catalogue, org: Record) -> Table:
    """The registry of ``org``'s subordinate organisations, columns and cells as on its tab
    (``tab.REGISTRY_HEADINGS``, ``tab.registry_cells``)."""
    rows = [tab.registry_cells(row) for row in tab.registry(catalogue.descendants(org.id))]
    return Table(f"Реестр организаций, внедряющих ЦМН: {org.title}", registry_columns(), rows)


#: Columns of the roadmap table: (contract name of the item field or the table's own name, Russian name,
#: what the column holds).
ROADMAP_COLUMNS = (
    ("organization", "Организация", "идентификатор организации в банке"),
    ("organization_name", "Наименование организации", "полное наименование"),
    ("roadmap", "Дорожная карта", "название дорожной карты"),
    ("period", "Период", "период, как в документе"),
    ("section", "Раздел", "раздел дорожной карты"),
    ("number", "№", "номер пункта"),
    ("activity", "Мероприятие", "мероприятие"),
    ("details", "Подробности", "подробности, каждая с новой строки"),
    ("deadline", "Сроки", "сроки, как в документе"),
    ("due", "Срок (дата)", "дата срока ГГГГ-ММ-ДД"),
    ("result", "Результат", "ожидаемый результат"),
    ("responsible", "Ответственные", "ответственные"),
    ("participants", "Участники", "участники"),
    ("note", "Примечание", "примечание"),
    ("shown_status", "Статус", "статус пункта, как на вкладке: " + ", ".join(STATUS_LABELS.values())),
    ("done_on", "Дата выполнения", "дата выполнения ГГГГ-ММ-ДД (у выполненных пунктов)"),
)


def roadmap_table(catalogue: Catalogue) -> Table:
    """Every item of every published organisation's roadmaps, one row each, in the tab's order; «Статус»
    is the shown status in the tab's words (``dates.item_status`` on the build date, ``STATUS_LABELS``):
    «просрочено» only where the tab says it."""
    rows: list[list[Cell]] = []
    for org in catalogue.organizations:
        for rm in org.data.get("roadmaps") or []:
            for section in rm.get("sections") or []:
                for it in section.get("items") or []:
                    status = item_status(it, catalogue.build_date)
                    rows.append([org.id, org.data.get("name"), rm.get("title"), rm.get("period"),
                                 section.get("title"), it.get("number"), it.get("activity"),
                                 TEXT_JOIN.join(it.get("details") or []) or None, it.get("deadline"), it.get("due"),
                                 it.get("result"), it.get("responsible"), it.get("participants"), it.get("note"),
                                 STATUS_LABELS[status], it.get("done_on") if status == "done" else None])
    return Table("Дорожные карты организаций", roadmap_columns(), rows)


def roadmap_columns() -> list[Column]:
    """The columns of ``roadmap_table`` (``ROADMAP_COLUMNS``)."""
    return [Column(title, name, "date" if name in ("due", "done_on") else "string", about)
            for name, title, about in ROADMAP_COLUMNS]


def registry_columns() -> list[Column]:
    """The columns of ``registry_table``: the tab's registry headings, no contract names."""
    return [Column(h) for h in tab.REGISTRY_HEADINGS]


def monitoring_columns() -> list[Column]:
    """The columns of ``monitoring_table``: organisation, year, the tab's indicators."""
    columns = [Column("Организация", "organization", about="идентификатор организации в банке"),
               Column("Наименование организации", "organization_name", about="полное наименование"),
               Column("Год", "year", "integer", "год мониторинга")]
    columns += [Column(f"{name}, %", key, "number", "процент, один знак после запятой; пусто — нет данных")
                for key, name, *_rest in tab.SHARE_INDICATORS]
    columns += [Column(name + (", %" if is_pct else ""), key, "integer",
                       "число, как в данных организации; пусто — нет данных")
                for key, name, is_pct in tab.COUNT_INDICATORS]
    return columns


def monitoring_table(catalogue: Catalogue) -> Table:
    """Monitoring of every published organisation with ``stats``: one row per organisation and year,
    the tab's indicators (``tab.SHARE_INDICATORS`` in per cent, one decimal; ``tab.COUNT_INDICATORS``
    as given; empty where the year has no value)."""
    shares = [key for key, *_rest in tab.SHARE_INDICATORS]
    counts = [key for key, *_rest in tab.COUNT_INDICATORS]
    rows: list[list[Cell]] = []
    for org in catalogue.organizations:
        mon = tab.monitoring(org)
        if mon is None:
            continue
        series = {s.key: s.values for s in mon.shares + mon.counts}
        for i, year in enumerate(mon.years):
            row: list[Cell] = [org.id, org.data.get("name"), year]
            for key in shares:
                value = series.get(key, [None] * len(mon.years))[i]
                row.append(None if value is None else round(value, 1))
            row += [series.get(key, [None] * len(mon.years))[i] for key in counts]
            rows.append(row)
    return Table("Мониторинг наставничества по годам", monitoring_columns(), rows)
