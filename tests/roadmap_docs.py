"""Word documents built in the tests (python-docx) from the roadmaps encoded in the real profiles.

Each of the five real organisations gets a document in the shape its source roadmap has (see the
README of the seed roadmaps: header wordings and column order, section rows merged across the table
or a «Направление» column, numbered items, several paragraphs and bullets in a cell, a column-number
row, a title block in a table, an item split over two rows by vertically merged cells). The text in the
cells is the encoded text, so importing a document must give back the encoded roadmap.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import docx
import yaml
from conftest import ROOT

ORGS = ROOT / "content/organizations"


@dataclass(frozen=True)
class Shape:
    """How one organisation's roadmap is laid out in its Word document."""

    columns: tuple[tuple[str, str], ...]  # (item field or «section»/«details», header as written)
    approval: tuple[str, ...] = ()  # lines above the title
    title_lines: tuple[str, ...] = ()  # the title split into paragraphs (empty: one paragraph)
    sections: str = "merged"  # «merged» row across the table, «numbered» (№ + merged rest), «column»
    bullets: str = "- "  # typed bullet before each detail, or «style»: Word's «List Bullet» paragraphs
    column_numbers: bool = False  # a row «1 | 2 | 3 …» under the header
    title_table: bool = False  # the approval lines in a borderless table of their own
    options: dict = field(default_factory=dict)  # what the coordinator gives on the command line


SHAPES = {
    # seed 000: №, Направление, Мероприятие, Сроки, Результат, Ответственный, Примечание
    "tulun-komitet": Shape(
        (("number", "№ п/п"), ("section", "Направление"), ("activity", "Мероприятие"), ("deadline", "Сроки"),
         ("result", "Результат"), ("responsible", "Ответственный"),
         ("note", "Примечание (мероприятия муниципальных проектов)")),
        approval=("Утверждена приказом Комитета по образованию",), sections="column",
        options={"approved_by": "приказ Комитета по образованию (дата и номер в тексте не указаны)"}),
    # seed 001: stages as merged rows; №, Мероприятия, Форма представления результата, Сроки, Ответственные
    "tomsk-raion-uo": Shape(
        (("number", "№"), ("activity", "Мероприятия"), ("result", "Форма представления результата"),
         ("deadline", "Сроки"), ("responsible", "Ответственные"), ("note", "Примечание")),
        approval=("Приложение №2 к приказу", "Управления образования", "от 30.12.2020 г. № 654"),
        title_lines=("Дорожная карта по реализации муниципальной программы: «Развитие наставничества в системе "
                     "образования", "Томского района на 2020—2024 годы»")),
    # seed 002: №, Мероприятие, Сроки, Ответственный, Результат; starts mid-table (no first section title)
    "sov-darskaya-oosh": Shape(
        (("number", "№"), ("activity", "Мероприятие"), ("deadline", "Сроки"), ("responsible", "Ответственный"),
         ("result", "Результат"), ("note", "Примечание")),
        sections="numbered", bullets="style",
        options={"period": "2021–2024 гг. (в исходном тексте не указан, восстановлен по срокам мероприятий)"}),
    # seed 003: №, Наименование, Содержание деятельности и примерный план мероприятий
    "sosh-26": Shape(
        (("number", "№"), ("activity", "Наименование"),
         ("details", "Содержание деятельности и примерный план мероприятий")),
        approval=("Приложение № 2", "к приказу МБОУ СОШ № 26", "ОТ"), title_table=True,
        title_lines=("Дорожная карта (план мероприятий)", "по реализации целевой модели наставничества",
                     "педагогических работников в МБОУ СОШ № 26"),
        options={"period": "не указан",
                 "approved_by": "приложение № 2 к приказу МБОУ СОШ № 26 (дата и номер приказа в документе "
                                "не заполнены)"}),
    # seed 004: №, Наименование, Сроки, Ответственные исполнители, Участники, Ожидаемые результаты; 1…6 row
    "solnechnogorsk-umc": Shape(
        (("number", "№ п/п"), ("activity", "Наименование групп мероприятий и мероприятия"), ("deadline", "СРОКИ"),
         ("responsible", "Ответственные исполнители (организация)"),
         ("participants", "Участники мероприятия (организация)"), ("result", "Ожидаемые результаты:")),
        approval=("УТВЕРЖДЕН", "приказом МКУ ДПО «Учебно-методический Центр» от 28.08.2023 № 15 а"),
        title_lines=("План мероприятий (дорожная карта)", "по реализации целевой модели наставничества",
                     "в образовательных организациях городского округа Солнечногорск",
                     "в 2023-2024 учебном году"),
        bullets="– ", column_numbers=True),
}


def encoded_roadmap(org: str) -> dict:
    """The (only) roadmap of a real profile as the bank reads it (PyYAML: dates are dates)."""
    text = (ORGS / f"{org}.md").read_text("utf-8")
    return yaml.safe_load(text.split("---\n", 2)[1])["roadmaps"][0]


def _fill(cell, paragraphs: list[tuple[str, bool]]) -> None:
    """Write paragraphs (text, as a Word list item) into an empty cell."""
    first = True
    for text, listed in paragraphs:
        p = cell.paragraphs[0] if first else cell.add_paragraph()
        first = False
        p.text = text
        if listed:
            p.style = "List Bullet"


def _split(value: str | None) -> list[tuple[str, bool]]:
    """A one-line field of the bank as the paragraphs of a cell (one per «; »-separated part)."""
    return [(part, False) for part in value.split("; ")] if value else []


def _activity_paragraphs(item: dict, shape: Shape, section: str | None) -> list[tuple[str, bool]]:
    details = item.get("details") or []
    if shape.bullets == "style":
        listed = [(d, True) for d in details]
    else:
        listed = [(shape.bullets + d, False) for d in details]
    if "details" in dict(shape.columns).keys():
        return [(item["activity"], False)]
    if shape.sections == "column" and details and item["activity"] == section:
        return listed  # the name is the «Направление», the cell is the list
    return [(item["activity"], False)] + listed


def _details_paragraphs(item: dict) -> list[tuple[str, bool]]:
    out = []
    for i, d in enumerate(item.get("details") or []):
        out.append((d if i == 0 or re.match(r"\d+\)", d) else "- " + d, False))
    return out


def build(org: str, path: Path, roadmap: dict | None = None) -> Path:
    """Write the Word document of ``org``'s roadmap (the encoded one unless ``roadmap`` is given) to ``path``."""
    shape = SHAPES[org]
    roadmap = roadmap or encoded_roadmap(org)
    document = docx.Document()
    if shape.title_table:
        block = document.add_table(rows=1, cols=2)
        _fill(block.cell(0, 1), [(line, False) for line in shape.approval])
    else:
        for line in shape.approval:
            document.add_paragraph(line)
    document.add_paragraph()
    for line in shape.title_lines or (roadmap["title"],):
        document.add_paragraph(line)
    fields = [f for f, _ in shape.columns]
    table = document.add_table(rows=1, cols=len(fields))
    table.style = "Table Grid"
    for i, (_, header) in enumerate(shape.columns):
        table.cell(0, i).text = header
    if shape.column_numbers:
        cells = table.add_row().cells
        for i in range(len(fields)):
            cells[i].text = str(i + 1)
    previous: tuple[int, dict] | None = None
    for section in roadmap["sections"]:
        title = section.get("title")
        if title and shape.sections in ("merged", "numbered"):
            row = table.add_row()
            if shape.sections == "numbered" and re.match(r"\d+\. ", title):
                number, rest = title.split(" ", 1)
                row.cells[0].text = number
                merged = row.cells[1].merge(row.cells[-1])
            else:
                rest = title
                merged = row.cells[0].merge(row.cells[-1])
            merged.text = rest
        for item in section["items"]:
            row = table.add_row()
            r = len(table.rows) - 1
            same = previous is not None and previous[1]["number"] == item["number"] and \
                previous[1]["activity"] == item["activity"]
            for i, f in enumerate(fields):
                cell = table.cell(r, i)
                if same and f in ("number", "activity", "result") and item.get(f) == previous[1].get(f):
                    table.cell(previous[0], i).merge(cell)  # the item's second row: cells merged down
                    continue
                if f == "section":
                    paragraphs = [(title, False)] if title else []
                elif f == "activity":
                    paragraphs = _activity_paragraphs(item, shape, title)
                elif f == "details":
                    paragraphs = _details_paragraphs(item)
                elif f == "number":
                    paragraphs = [(item["number"], False)]
                else:
                    paragraphs = _split(item.get(f))
                _fill(cell, paragraphs)
            previous = (r, item)
    document.save(str(path))
    return path
