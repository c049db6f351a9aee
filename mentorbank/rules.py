"""Domain rules and cross-file rules of the data contract (content/uchastnikam/model-dannyh.md, «Правила проверки»).

Schema checks (types, enums, lengths) are in ``schema_messages.py``; here
are the rules that need more than one field or more than one file:
consent for names (152-ФЗ), parts ≤ wholes in stats, date order, location
of offline events, attachments inside the repository, references between
records, cycles of ``parent``, duplicate ids.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path, PurePosixPath
from typing import Any

from . import tab
from .dates import parse
from .headings import repeated_headings
from .loader import field_path
from .model import Bank, Record
from .problems import ERROR, WARNING, Problem
from .schema import SLUG_PATTERN
from .schema_messages import suggest

#: Extensions allowed for attachments (``file:``). HTML, SVG and scripts are
#: refused: served from the bank's own address they could run code.
ATTACHMENT_EXTENSIONS = {
    ".pdf", ".doc", ".docx", ".odt", ".rtf", ".xls", ".xlsx", ".ods", ".ppt", ".pptx", ".odp",
    ".jpg", ".jpeg", ".png",
}
#: Attachments larger than this, in bytes, draw a warning.
ATTACHMENT_WARN_BYTES = 20 * 1024 * 1024

#: Parts never exceed their wholes (model-dannyh.md, «Показатели за год (stats)»).
STATS_PARTS = (
    ("pupils_mentees", "pupils_total"),
    ("pupils_mentors", "pupils_total"),
    ("young_teachers", "teachers_total"),
    ("young_teachers_with_mentor", "young_teachers"),
    ("teacher_mentors", "teachers_total"),
)

#: Marker of unfilled values in files made by ``mentorbank new``.
PLACEHOLDER = "ЗАПОЛНИТЕ"

DATE_KEYS = {"updated", "start", "end", "date", "due", "done_on"}
_ISO = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")

#: Reference fields: record type → ((path in data, expected type), …).
REFERENCES = {
    "practice": (("organization", "organization"),),
    "winner": (("organization", "organization"), ("practice", "practice"), ("event", "event")),
    "event": (("organizer", "organization"),),
    "organization": (("parent", "organization"),),
}


class _Out:
    def __init__(self, record: Record):
        self.record = record
        self.items: list[Problem] = []

    def add(self, path: tuple, message: str, hint: str, severity: str = ERROR, topic: str = "pravila") -> None:
        src = self.record.source
        self.items.append(Problem(src.path, src.line_of(path), field_path(path), message, hint, severity, topic))


def _date(value: Any) -> dt.date | None:
    # fromisoformat (3.11) also takes «20230901» and week dates: require the contract's shape first.
    return parse(value) if isinstance(value, str) and _ISO.fullmatch(value) else None


def _walk(value: Any, path: tuple = (), out: list | None = None) -> list[tuple[tuple, Any]]:
    """Every (path, value) of ``value`` in document order, the root first: one walk per record."""
    if out is None:
        out = []
    out.append((path, value))
    if isinstance(value, dict):
        for k, v in value.items():
            _walk(v, path + (k,), out)
    elif isinstance(value, list):
        for i, v in enumerate(value):
            _walk(v, path + (i,), out)
    return out


def _check_placeholders(out: _Out, record: Record, nodes: list) -> None:
    for path, value in nodes:
        if isinstance(value, str) and PLACEHOLDER in value:
            out.add(path, f"осталась заготовка «{PLACEHOLDER}».", "замените её настоящим значением.")
    if PLACEHOLDER in record.body:
        src = record.source
        line = src.body_line + record.body[: record.body.index(PLACEHOLDER)].count("\n")
        out.items.append(Problem(src.path, line, "", f"в тексте осталась заготовка «{PLACEHOLDER}».",
                                 "напишите текст раздела.", ERROR, "pravila"))


def _check_dates(out: _Out, data: dict, today: dt.date, nodes: list) -> None:
    for path, value in nodes:
        if path and path[-1] in DATE_KEYS and isinstance(value, str) and _ISO.fullmatch(value) and not _date(value):
            out.add(path, f"дата «{value}» не существует.", "проверьте число и месяц (например, 2023-02-28).")
    updated = _date(data.get("updated"))
    if updated and updated > today:
        out.add(("updated",), f"дата обновления {updated.isoformat()} ещё не наступила.",
                f"укажите дату не позже {today.isoformat()}.")


def _check_order(out: _Out, container: dict, path: tuple, what: str) -> None:
    start, end = _date(container.get("start")), _date(container.get("end"))
    if start and end and end < start:
        out.add(path + ("end",), f"{what} окончания ({end.isoformat()}) раньше даты начала ({start.isoformat()}).",
                "исправьте даты: окончание не может быть раньше начала.")


def _check_people(out: _Out, nodes: list) -> None:
    for path, value in nodes:
        if isinstance(value, dict) and "position" in value and value.get("name") and value.get("consent") is not True:
            out.add(path + ("name",), "имя человека указано без согласия на публикацию (152-ФЗ).",
                    "удалите имя (останется должность) или, если есть письменное согласие, "
                    "добавьте «consent: true».", topic="personalnye-dannye")


def _check_stats(out: _Out, data: dict) -> None:
    seen: dict[int, int] = {}
    rows = data.get("stats")
    for i, row in enumerate(rows if isinstance(rows, list) else []):
        if not isinstance(row, dict):
            continue
        year = row.get("year")
        if isinstance(year, int):
            if year in seen:
                out.add(("stats", i, "year"),
                        f"показатели за {year} год указаны дважды (впервые в stats[{seen[year]}]).",
                        "объедините данные за год в одну запись.")
            seen.setdefault(year, i)
        for part, whole in STATS_PARTS:
            a, b = row.get(part), row.get(whole)
            if isinstance(a, int) and isinstance(b, int) and not isinstance(a, bool) and a > b:
                out.add(("stats", i, part), f"{part} = {a} больше, чем {whole} = {b}: часть не может превышать целое.",
                        "проверьте числа за этот год.")


def _check_documents(out: _Out, record: Record, root: Path, nodes: list) -> None:
    for path, value in nodes:
        if not (path and isinstance(path[-1], int) and len(path) >= 2 and path[-2] == "documents"):
            continue
        if not isinstance(value, dict):
            continue
        has_url, has_file = "url" in value, "file" in value
        if has_url == has_file:
            out.add(path, "у документа должно быть ровно одно из полей «url» или «file».",
                    "укажите ссылку на документ (url) или приложите файл (file), но не оба сразу.")
        if has_file and isinstance(value["file"], str):
            _check_file(out, path + ("file",), value["file"], record.path, root)


def _check_file(out: _Out, path: tuple, name: str, record_path: Path, root: Path) -> None:
    hint = ("положите файл рядом с записью (или в её папку) и укажите путь относительно неё, "
            "например «files/polozhenie.pdf».")
    pure = PurePosixPath(name.replace("\\", "/"))
    if pure.is_absolute() or re.match(r"^[a-zA-Z]:", name) or name.startswith("~") or "://" in name:
        out.add(path, f"путь «{name}» абсолютный или является адресом.", hint)
        return
    target = (record_path.parent / pure)
    try:
        resolved = target.resolve(strict=False)
    except (OSError, RuntimeError, ValueError):
        out.add(path, f"путь «{name}» не удаётся разобрать.", hint)
        return
    if not resolved.is_relative_to(root.resolve()):
        out.add(path, f"путь «{name}» ведёт за пределы репозитория.", hint)
        return
    if target.suffix.lower() not in ATTACHMENT_EXTENSIONS:
        out.add(path, f"файлы типа «{target.suffix or 'без расширения'}» не принимаются.",
                "приложите документ в формате PDF или DOCX (также допустимы ODT, XLSX, PPTX, JPG, PNG).")
        return
    try:
        exists = resolved.is_file()
        size = os.path.getsize(resolved) if exists else 0
    except OSError:
        exists = False
    if not exists:
        out.add(path, f"файл «{name}» не найден.", hint)
        return
    if size > ATTACHMENT_WARN_BYTES:
        out.add(path, f"файл «{name}» большой ({size // (1024 * 1024)} МБ).",
                "сожмите PDF или разместите документ на сайте организации и дайте ссылку (url).", WARNING)


def record_problems(record: Record, root: Path, today: dt.date) -> list[Problem]:
    """Return the domain-rule problems of one record (no cross-file rules).

    ``root`` is the repository root (attachments must stay inside it);
    ``today`` the build date (``updated`` may not be later).
    """
    out = _Out(record)
    data = record.data
    if not re.fullmatch(SLUG_PATTERN, record.id):
        out.add((), f"имя файла «{record.id}.md» не годится как идентификатор записи.",
                "переименуйте файл: строчные латинские буквы, цифры и дефисы, например «klub-nastavnikov.md».",
                topic="identifikator")
    nodes = _walk(data)
    _check_placeholders(out, record, nodes)
    _check_dates(out, data, today, nodes)
    _check_people(out, nodes)
    _check_documents(out, record, root, nodes)
    if record.type == "practice" and isinstance(data.get("period"), dict):
        _check_order(out, data["period"], ("period",), "Дата")
    if record.type == "event":
        _check_order(out, data, (), "Дата")
        if data.get("format") in ("offline", "hybrid") and not data.get("location"):
            out.add(("format",), "для очного или смешанного мероприятия не указано место (location).",
                    "добавьте поле «location» с адресом проведения.")
    if record.type == "winner" and "person" in data and "team" in data:
        out.add(("team",), "указаны и person, и team.", "оставьте одно: person для одного человека, team для команды.")
    if record.type == "organization":
        _check_stats(out, data)
    out.items.extend(repeated_headings(record))
    return out.items


def tab_problems(record: Record) -> list[Problem]:
    """One warning when an organisation that must publish the «Наставничество» tab lacks part of it
    (model-dannyh.md, «Что нужно для полной вкладки «Наставничество»»; the list is
    ``tab.CHECKLIST``), else []. A warning, never an error: the tab is still
    built. Call it for records without errors, so that it never adds noise to a broken file."""
    out = _Out(record)
    if record.type != "organization" or not tab.has_tab_duty(record):
        return []
    lacking = [(key, name, hint) for key, name, hint, ok in tab.completeness(record) if not ok]
    if lacking:
        names = ", ".join(name for _key, name, _hint in lacking)
        hints = " ".join(f"{name[0].upper()}{name[1:]}: {hint}" for _key, name, hint in lacking)
        out.add((), f"вкладка «Наставничество» заполнена не полностью: нет — {names}.", hints, WARNING, "vkladka")
    return out.items


def cross_problems(bank: Bank) -> list[Problem]:
    """Return problems that need the whole bank: unresolved or mistyped references, drafts referenced
    from published records, and cycles of ``parent``."""
    items: list[Problem] = []
    for record in bank.records.values():
        out = _Out(record)
        for key, expected in REFERENCES[record.type]:
            ref = record.data.get(key)
            if not isinstance(ref, str):
                continue
            target = bank.get(ref)
            if target is None:
                close = suggest(ref, [r.id for r in bank.records.values() if r.type == expected])
                hint = f"возможно, вы имели в виду «{close}»." if close else \
                    "проверьте идентификатор (имя файла без .md) или добавьте эту запись."
                out.add((key,), f"запись «{ref}» не найдена.", hint, topic="ssylki")
            elif target.type != expected:
                out.add((key,), f"«{ref}» — это запись типа «{target.type}», а здесь нужна запись типа «{expected}».",
                        "укажите идентификатор записи нужного типа.", topic="ssylki")
            elif record.published and not target.published:
                out.add((key,), f"запись «{ref}» — черновик (status: draft) и не публикуется.",
                        "опубликуйте её или уберите ссылку.", topic="ssylki")
        items.extend(out.items)
    items.extend(_cycles(bank))
    return items


def _cycles(bank: Bank) -> list[Problem]:
    items: list[Problem] = []
    reported: set[str] = set()
    for record in bank.records.values():
        if record.type != "organization":
            continue
        chain, current = [record.id], record.data.get("parent")
        while isinstance(current, str) and current in bank.records and current not in chain:
            chain.append(current)
            current = bank.records[current].data.get("parent")
        if current == record.id and record.id not in reported:
            reported.update(chain)
            out = _Out(record)
            out.add(("parent",), "цикл в подчинённости: " + " → ".join(chain + [record.id]) + ".",
                    "организация не может быть подчинена сама себе, даже через другие организации; "
                    "исправьте поле parent.", topic="ssylki")
            items.extend(out.items)
    return items
