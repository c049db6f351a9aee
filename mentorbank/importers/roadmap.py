"""A roadmap table of a Word document → one ``roadmaps`` entry of an organisation profile.

The shape follows data-model.md («roadmap», «item»): ``{title, period, approved_by?, sections:
[{title?, items: [{number, activity, details?, deadline?, due?, result?, responsible?, participants?,
note?, status?, done_on?}]}]}``. Text stays as written in the document; ``due`` comes from
``deadlines.derive_due``; ``status`` only from a completion column («Отметка о выполнении»).
Everything the importer could not carry over is a ``Message`` with the table and row.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from .columns import ROLE_NAMES, map_columns
from .deadlines import deadline_doubts, derive_due
from .docx_tables import Cell, Para, Table, read_docx
from .messages import Message, table_row

#: Order of an item's keys in the YAML (the order of data-model.md).
ITEM_KEYS = ("number", "activity", "details", "deadline", "due", "result", "responsible", "participants",
             "note", "status", "done_on")
#: Rows searched for the header row at the top of a table.
HEADER_ROWS = 5

_TITLE = re.compile(r"дорожн\w*\s+карт|план\w*\s+(?:мероприятий|работы|работ|внедрения|реализации|действий)")
_APPROVAL = re.compile(r"^(?:утвержд|приложени|согласован)", re.IGNORECASE)
_SIGNATURE = re.compile(r"^утверждаю", re.IGNORECASE)
#: «Утверждена приказом …» → «приказ …»: the approving act in the nominative, as ``approved_by`` reads
#: after the tab's «Утверждена:».
_ACTS = (("приказом", "приказ"), ("распоряжением", "распоряжение"), ("постановлением", "постановление"),
         ("решением", "решение"), ("протоколом", "протокол"))
_APPROVED_WORD = re.compile(r"^утвержден[аоы]?\s*:?\s*", re.IGNORECASE)
_PERIOD = re.compile(
    r"(?<!\d)((?:19|20)\d{2}\s*(?:[-‐‑‒–—―/]\s*(?:(?:19|20)\d{2}|\d{2}))?"
    r"(?:\s*(?:гг\.|г\.\s?г\.|г\.|годы|годов|годах|года|году|год|учебн\w*\s+год\w*|уч\.\s*год\w*|уч\.\s*г\.))?)")
_PERIOD_WORDS = (("учебном году", "учебный год"), ("учебного года", "учебный год"), ("годов", "годы"),
                 ("годах", "годы"), ("году", "год"), ("года", "год"))
_COLUMN_NUMBERS = re.compile(r"^\d{1,2}\.?$")
_ITEM_NUMBER = re.compile(r"^(?:\d+|[IVXLC]+)(?:[.)]\d*)*[.)]?$")
_LETTER = re.compile(r"[^\W\d_]")
_DATE = re.compile(r"(?<![\d.])(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})(?![\d.]\d)")
_DONE_WORD = re.compile(r"^(?:выполнен[оаы]?|исполнен[оаы]?|сделано|проведен[оаы]?|да)\b", re.IGNORECASE)
_NOT_DONE = re.compile(r"\bне\s+(?:выполн|исполн|сделан|провед)", re.IGNORECASE)


@dataclass
class Imported:
    """The result of reading a document: ``roadmap`` (None when nothing could be imported), the tables
    read as roadmap tables, and the messages (what was not carried over or was decided)."""

    roadmap: dict | None
    tables: list[int] = field(default_factory=list)
    messages: list[Message] = field(default_factory=list)

    @property
    def item_count(self) -> int:
        """Number of items imported."""
        return sum(len(s["items"]) for s in (self.roadmap or {}).get("sections", []))


def join_paragraphs(paras: tuple[Para, ...] | list[Para]) -> str:
    """The text of a cell as one line: paragraphs joined with «; », or with a space after a paragraph
    that already ends with «;», «,» or «:» («Апрель 2024 г.» + «Май 2024 г.» → «Апрель 2024 г.; Май 2024 г.»)."""
    out = ""
    for p in paras:
        if out:
            out += " " if out[-1] in ";,:" else "; "
        out += p.text
    return out


def _distinct(row: tuple[Cell, ...]) -> list[tuple[int, Cell]]:
    """(first column, cell) of each merged cell of a row, left to right."""
    seen, out = set(), []
    for i, cell in enumerate(row):
        if cell.key not in seen:
            seen.add(cell.key)
            out.append((i, cell))
    return out


def _header_texts(row: tuple[Cell, ...]) -> list[str]:
    """Header text of each column; a header merged over several columns names only its first."""
    return [cell.text if i == 0 or row[i - 1].key != cell.key else "" for i, cell in enumerate(row)]


def find_header(table: Table) -> tuple[int, dict[int, str], list[int]] | None:
    """(row index, roles, unmapped column indexes) of the header row of a roadmap table, or None.

    The header row is the first of the top ``HEADER_ROWS`` rows in which an activity column and at
    least one more known column are found (``columns.map_columns``).
    """
    for r, row in enumerate(table.rows[:HEADER_ROWS]):
        roles, unknown = map_columns(_header_texts(row))
        if "activity" in roles.values() and len(roles) >= 2:
            return r, roles, unknown
    return None


def _is_column_numbers(row: tuple[Cell, ...]) -> bool:
    """A row «1 | 2 | 3 …» under the header that only numbers the columns."""
    texts = [c.text for _, c in _distinct(row) if c.text]
    return len(texts) >= 2 and all(_COLUMN_NUMBERS.match(t) for t in texts) and \
        [int(t.rstrip(".")) for t in texts] == list(range(1, len(texts) + 1))


def _section_title(row: tuple[Cell, ...], roles: dict[int, str]) -> str | None:
    """The title of a section row, or None for an item row.

    A section row has text in one cell only, and that cell is merged across several columns
    («2. Организационная поддержка …» over the whole table), or is the № column holding words
    («Раздел 2. …»); or it has a number in the № column and one cell merged across all the other
    columns («2.» | «Организационная поддержка …»): the title is then «2. Организационная поддержка …».
    """
    filled = [(i, c) for i, c in _distinct(row) if c.text and not c.continued]
    if any(c.text and c.continued for c in row):
        return None
    if len(filled) == 2 and roles.get(filled[0][0]) == "number" and filled[1][1].span > 1 and \
            filled[1][0] + filled[1][1].span == len(row) and len(row) > 3:
        return f"{filled[0][1].text} {filled[1][1].text}"
    if len(filled) != 1:
        return None
    i, cell = filled[0]
    role = roles.get(i)
    if cell.span > 1 and len(row) > 2:
        return cell.text
    if role == "number" and _LETTER.search(cell.text) and len(_LETTER.findall(cell.text)) > 3:
        return cell.text
    return None


def _approved_by(lines: list[str]) -> str:
    """``approved_by`` from the approval lines above the title («Приложение №2 к приказу …», «Утверждена
    приказом …»): joined, «Утверждена приказом X» → «приказ X», first letter lower case otherwise."""
    text = " ".join(lines).strip()
    text = _APPROVED_WORD.sub("", text)
    for instrumental, nominative in _ACTS:
        if text.lower().startswith(instrumental):
            return nominative + text[len(instrumental):]
    return text[:1].lower() + text[1:]


def _period(title: str) -> str | None:
    """The period named in a roadmap title («… на 2021-2024 г.г.» → «2021-2024 г.г.», «… в 2023-2024
    учебном году» → «2023-2024 учебный год»), or None. Of several, the last (titles end with it)."""
    found = [m.group(1).strip() for m in _PERIOD.finditer(title)]
    if not found:
        return None
    period = found[-1]
    for word, nominative in _PERIOD_WORDS:
        if period.endswith(word):
            period = period[: -len(word)] + nominative
    return period


def heading(paras: tuple[Para, ...] | list[Para], messages: list[Message]) -> dict[str, str]:
    """``title``, ``period`` and ``approved_by`` of the roadmap from the text above its table.

    The title is the last paragraph naming a roadmap («дорожная карта», «план мероприятий …») and
    the paragraphs after it; the approval is the block of paragraphs before the title that starts
    with «Утвержден…», «Приложение …» or «Согласовано» (lines of blanks «___» left out); the period is read
    from the title. A «УТВЕРЖДАЮ» block (a signature, often with a person's name) is not carried over.
    """
    texts = [p.text for p in paras]
    starts = [i for i, t in enumerate(texts) if _TITLE.search(t.lower()) and not _APPROVAL.match(t)]
    out: dict[str, str] = {}
    if not starts:
        return out
    start = starts[-1]
    title_lines = [t for t in texts[start:] if not _APPROVAL.match(t)]
    out["title"] = " ".join(title_lines)
    approvals = [i for i, t in enumerate(texts[:start]) if _APPROVAL.match(t) or _SIGNATURE.match(t)]
    if approvals:
        first = approvals[-1]
        if _SIGNATURE.match(texts[first]):
            messages.append(Message("текст над таблицей", "гриф «УТВЕРЖДАЮ» не перенесён: в нём подпись "
                                    "должностного лица. Укажите, чем утверждена дорожная карта: "
                                    "--approved-by «приказ от … № …»."))
        else:  # a blank of a form (««___» ______ 2025 г.») is not part of it
            out["approved_by"] = _approved_by([t for t in texts[first:start] if "__" not in t])
    period = _period(out["title"])
    if period:
        out["period"] = period
    return out


def _completion(text: str, where: str, messages: list[Message]) -> tuple[dict, str | None]:
    """Status fields from a completion cell («выполнено», «выполнено 12.10.2021», «12.10.2021»)
    and the text left for ``note``; a status is set only for such marks, never guessed."""
    if not text:
        return {}, None
    date_match = _DATE.search(text)
    if _NOT_DONE.search(text):
        messages.append(Message(where, f"отметка «{text}» не означает выполнение: статус не выставлен, "
                                "текст перенесён в примечание (note)."))
        return {}, text
    if date_match or _DONE_WORD.match(text):
        out: dict = {"status": "done"}
        if date_match:
            day, month, year = (int(g) for g in date_match.groups())
            year = year + 2000 if year < 100 else year
            try:
                out["done_on"] = dt.date(year, month, day)
            except ValueError:
                messages.append(Message(where, f"в отметке о выполнении даты «{date_match.group(0)}» не "
                                        "существует: дата выполнения (done_on) не выставлена."))
        return out, None
    messages.append(Message(where, f"отметка «{text}» не понята как выполнение (нужны слово «выполнено» или "
                            "дата): статус не выставлен, текст перенесён в примечание (note)."))
    return {}, text


def _item(row: tuple[Cell, ...], roles: dict[int, str], section: str | None, where: str,
          messages: list[Message]) -> dict | None:
    """One item from a row of the table, or None (with a message) when it has no activity."""
    by_role: dict[str, Cell] = {role: row[i] for i, role in roles.items()}

    def paras(role: str) -> tuple[Para, ...]:
        cell = by_role.get(role)
        return cell.paragraphs if cell is not None else ()

    item: dict = {}
    number = " ".join(p.text for p in paras("number"))
    if number:
        item["number"] = number
    activity_paras = paras("activity")
    details: list[str] = []
    if activity_paras and activity_paras[0].bullet:
        # The cell is a list only (seed 000: «Направление» holds the name, «Мероприятие» the list).
        if section:
            item["activity"] = section
            details = [p.bare for p in activity_paras]
        else:
            item["activity"] = activity_paras[0].bare
            details = [p.bare for p in activity_paras[1:]]
            messages.append(Message(where, "мероприятие начинается со списка: его первый пункт взят как название "
                                    "мероприятия, остальные — как подробности (details)."))
    elif activity_paras:
        item["activity"] = activity_paras[0].text
        details = [p.bare for p in activity_paras[1:]]
    details += [p.bare for p in paras("details")]
    details = [d for d in details if d]
    if "activity" not in item:
        if details:
            item["activity"], details = details[0], details[1:]
            messages.append(Message(where, "столбец мероприятия пуст: название взято из первой строки столбца "
                                    f"«{ROLE_NAMES['details']}»."))
        else:
            filled = any(c.text for c in row)
            if filled:
                messages.append(Message(where, "пустое мероприятие: строка не перенесена. Впишите мероприятие в "
                                        "документ или добавьте пункт в файл вручную."))
            return None
    if details:
        item["details"] = details
    for role in ("deadline", "result", "responsible", "participants", "note"):
        text = join_paragraphs(paras(role))
        if text:
            item[role] = text
    if "deadline" in item:
        due = derive_due(item["deadline"])
        if due is not None:
            item["due"] = due
        for doubt in deadline_doubts(item["deadline"]):
            messages.append(Message(where, f"срок «{item['deadline']}»: {doubt} — "
                                    + ("дата окончания (due) взята по остальной части срока."
                                       if due else "дата окончания (due) не выставлена.")))
    status, leftover = _completion(join_paragraphs(paras("done")), where, messages)
    item.update(status)
    if leftover:
        item["note"] = f"{item['note']}; {leftover}" if "note" in item else leftover
    if "number" not in item:
        messages.append(Message(where, f"у пункта «{item['activity'][:60]}» нет номера: впишите его в документ "
                                "или в файл (поле number обязательно)."))
    return {key: item[key] for key in ITEM_KEYS if key in item}


def _read_table(table: Table, roles: dict[int, str], start: int, sections: list[dict],
                messages: list[Message]) -> None:
    """Append the sections and items of the rows ``start…`` of ``table`` to ``sections``."""
    section_col = next((i for i, role in roles.items() if role == "section"), None)
    merged_reported = False
    header_keys = {c.key for c in table.rows[start - 1]} if start else set()
    for r in range(start, len(table.rows)):
        row = table.rows[r]
        where = table_row(table.number, r + 1)
        if not any(c.text for c in row) or (r == start and _is_column_numbers(row)):
            continue
        if r == start and any(c.continued and c.key in header_keys for c in row):
            # the second row of a two-row header («Сроки» over «начало» | «окончание»)
            labels = [c.text for _, c in _distinct(row) if c.text and not c.continued]
            if labels:
                messages.append(Message(where, "вторая строка заголовков («" + "», «".join(labels) + "») не "
                                        "распознана: подписи под общим заголовком не переносятся отдельно."))
            continue
        if all(c.continued or not c.text for c in row):
            continue  # the lower part of cells merged down: their text is in the row above
        title = _section_title(row, roles)
        if title is not None:
            sections.append({"title": title, "items": []})
            continue
        direction = None
        if section_col is not None:
            cell = row[section_col]
            direction = cell.text or None
            if direction and not cell.continued and (not sections or sections[-1].get("title") != direction):
                sections.append({"title": direction, "items": []})
        continued = [ROLE_NAMES[role] for i, role in sorted(roles.items())
                     if row[i].continued and row[i].text and role != "section"]
        if continued and not merged_reported:
            messages.append(Message(where, "ячейки «" + "», «".join(continued) + "» объединены со строкой выше: "
                                    "строка записана отдельным пунктом с теми же значениями этих ячеек."))
        merged_reported = bool(continued)
        item = _item(row, roles, direction, where, messages)
        if item is None:
            continue
        if not sections:
            sections.append({"items": []})
        sections[-1]["items"].append(item)


def _has_items(table: Table, roles: dict[int, str]) -> bool:
    """True if some row of a header-less table reads as an item under ``roles``: a number in the №
    column and text in the activity column (a signature block after the roadmap does not)."""
    number = next((i for i, role in roles.items() if role == "number"), None)
    activity = next((i for i, role in roles.items() if role == "activity"), None)
    return number is not None and activity is not None and any(
        _ITEM_NUMBER.match(row[number].text) and row[activity].text for row in table.rows)


def import_roadmap(path: Path, title: str | None = None, period: str | None = None,
                   approved_by: str | None = None) -> Imported:
    """Read the roadmap table(s) of the Word document at ``path`` into one ``roadmaps`` entry.

    A table is a roadmap table when a header row is found (``find_header``); other tables (a title
    block laid out as a table, signatures) are reported and their text is read as text above the
    roadmap. A table without a header right after a roadmap table, with as many columns and rows that
    read as items, continues it (a table broken by a page or a heading in the document). ``title``, ``period`` and
    ``approved_by`` given here replace what is read from the text above the first roadmap table
    (``heading``). ``Imported.roadmap`` is None when no item could be imported. Raises
    ``messages.ImportFailure`` when the file cannot be read.
    """
    tables, _after = read_docx(path)
    result = Imported(None)
    messages = result.messages
    sections: list[dict] = []
    above: list[Para] = []
    head: dict[str, str] | None = None
    last: tuple[int, dict[int, str]] | None = None  # width and roles of the last roadmap table
    for table in tables:
        if head is None:
            above.extend(table.before)
        found = find_header(table)
        width = len(table.rows[0]) if table.rows else 0
        if found is None and last is not None and width == last[0] and result.tables[-1] == table.number - 1 \
                and _has_items(table, last[1]):
            messages.append(Message(table_row(table.number), "таблица без заголовка продолжает предыдущую "
                                    "таблицу дорожной карты (столько же столбцов)."))
            _read_table(table, last[1], 0, sections, messages)
            result.tables.append(table.number)
            continue
        if found is None:
            headers = "; ".join(dict.fromkeys(c.text for c in table.rows[0] if c.text)) if table.rows else ""
            messages.append(Message(table_row(table.number), "не таблица дорожной карты (нет строки заголовков со "
                                    f"столбцом «{ROLE_NAMES['activity']}»): пропущена"
                                    + (f"; первая строка: «{headers[:200]}»" if headers else "")
                                    + ("; её текст прочитан как текст над дорожной картой (название, чем утверждена)."
                                       if head is None else ".")))
            if head is None:
                for row in table.rows:
                    for _, cell in _distinct(row):
                        above.extend(cell.paragraphs)
            continue
        r, roles, unknown = found
        header_row = table.rows[r]
        for i in unknown:
            messages.append(Message(table_row(table.number, r + 1),
                                    f"столбец «{header_row[i].text}» не распознан — его содержимое не перенесено. "
                                    "Переименуйте столбец в документе одним из названий: "
                                    + ", ".join(f"«{n}»" for n in ROLE_NAMES.values())
                                    + ", — или перенесите его текст в файл вручную."))
        if head is None:
            head = heading(above, messages)
        _read_table(table, roles, r + 1, sections, messages)
        result.tables.append(table.number)
        last = (len(header_row), roles)
    if not tables:
        messages.append(Message("", "в документе нет таблиц: дорожная карта должна быть таблицей Word."))
    elif not result.tables:
        messages.append(Message("", "ни одна таблица документа не похожа на дорожную карту."))
    for s in sections:
        if not s["items"]:
            messages.append(Message("", f"раздел «{s.get('title', '')}» без пунктов: не перенесён."))
    sections = [s for s in sections if s["items"]]
    if not sections:
        return result
    head = dict(head or {})
    for key, value in (("title", title), ("period", period), ("approved_by", approved_by)):
        if value:
            head[key] = value
    for key, option, example in (("title", "--title", "«Дорожная карта внедрения целевой модели наставничества»"),
                                 ("period", "--period", "«2021–2024 гг.»")):
        if key not in head:
            messages.append(Message("текст над таблицей", f"не найдено {'название' if key == 'title' else 'период'} "
                                    f"дорожной карты: укажите {option} {example}."))
    roadmap = {key: head[key] for key in ("title", "period", "approved_by") if key in head}
    roadmap["sections"] = sections
    result.roadmap = roadmap
    return result
