"""Write the example files coordinators download from «Как добавить дорожную карту и показатели»:

- content/uchastnikam/files/dorozhnaya-karta-shablon.docx — a roadmap table in Word, in the shape
  ``mentorbank import roadmap`` reads (title and approval above the table, sections as merged rows,
  a list in a cell, a completion column);
- content/uchastnikam/files/pokazateli-shablon.xlsx — monitoring indicators by year in Excel, named as
  in the data model (``mentorbank.importers.stats.INDICATORS``), for ``mentorbank import stats``.

Run from the repository root: ``.venv/bin/python scripts/make_import_templates.py``. The outputs are
committed; ``tests/test_import_roadmap.py`` and ``tests/test_import_stats.py`` import them.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "content" / "uchastnikam" / "files"
STAMP = dt.datetime(2025, 9, 1, 9, 0, 0)

COLUMNS = ("№ п/п", "Мероприятие", "Сроки", "Ответственные", "Ожидаемый результат", "Участники",
           "Отметка о выполнении", "Примечание")
SECTIONS = (
    ("1. Нормативное обеспечение", (
        ("1.1", ["Разработка и утверждение положения о наставничестве"], "до 15.09.2025",
         "заместитель директора по УВР", "Положение о наставничестве", "педагогический совет",
         "выполнено 12.09.2025", ""),
        ("1.2", ["Издание приказа о внедрении целевой модели наставничества, включающего:",
                 "- назначение куратора;", "- сроки мониторинга."], "сентябрь 2025 г.", "директор",
         "Приказ о внедрении", "", "", ""),
    )),
    ("2. Формирование баз наставников и наставляемых", (
        ("2.1", ["Формирование базы наставников"], "Сентябрь–октябрь 2025 г.", "куратор",
         "База наставников (с согласием на обработку персональных данных)", "педагоги", "", ""),
        ("2.2", ["Формирование наставнических пар и групп"], "ежегодно", "куратор",
         "Приказ о закреплении пар и групп", "педагоги, обучающиеся", "", "по запросам наставляемых"),
    )),
    ("3. Мониторинг и оценка результатов", (
        ("3.1", ["Мониторинг программ наставничества"], "2025–2027 гг.", "куратор, руководитель МО",
         "Отчёт о мониторинге", "", "", ""),
    )),
)
#: Example values for two years (parts never exceed their whole).
VALUES = {
    "pupils_total": (480, 500), "pupils_mentees": (300, 350), "pupils_mentors": (40, 52),
    "teachers_total": (45, 46), "young_teachers": (5, 6), "young_teachers_with_mentor": (5, 6),
    "teacher_mentors": (12, 14), "pairs": (18, 21), "groups": (3, 4), "external_mentors": (2, 3),
    "satisfaction_pct": (85, 88),
}


def roadmap_docx(path: Path) -> None:
    """The Word example: approval and title above the table, the table, then how to fill it in."""
    import docx
    from docx.shared import Pt

    document = docx.Document()
    document.core_properties.author = "Банк практик наставничества"
    document.core_properties.title = "Шаблон дорожной карты"
    document.core_properties.created = document.core_properties.modified = STAMP
    document.core_properties.last_modified_by = ""
    right = document.add_paragraph("Утверждена приказом директора от 01.09.2025 № 45")
    right.alignment = 2
    title = document.add_paragraph()
    title.alignment = 1
    title.add_run("Дорожная карта (план мероприятий) внедрения целевой модели наставничества "
                  "на 2025–2027 гг.").bold = True
    table = document.add_table(rows=1, cols=len(COLUMNS))
    table.style = "Table Grid"
    for i, header in enumerate(COLUMNS):
        table.cell(0, i).text = header
        for run in table.cell(0, i).paragraphs[0].runs:
            run.bold = True
    for section, items in SECTIONS:
        row = table.add_row()
        merged = row.cells[0].merge(row.cells[-1])
        merged.text = section
        merged.paragraphs[0].runs[0].bold = True
        for number, activity, *rest in items:
            cells = table.add_row().cells
            cells[0].text = number
            cells[1].text = activity[0]
            for line in activity[1:]:
                cells[1].add_paragraph(line)
            for cell, value in zip(cells[2:], rest, strict=True):
                cell.text = value
    for row in table.rows:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                for run in paragraph.runs:
                    run.font.size = Pt(10)
    document.add_paragraph()
    document.add_paragraph("Как заполнять. Над таблицей — чем утверждена дорожная карта и её название с периодом. "
                           "Строка раздела — одна ячейка на всю ширину таблицы. Номер пункта пишите как в "
                           "документе. Несколько строк в ячейке мероприятия станут подробностями. В столбце "
                           "«Отметка о выполнении» — слово «выполнено» и дата; остальное оставьте пустым. "
                           "Столбцы можно переставлять, лишние — удалять.")
    document.save(str(path))


def stats_xlsx(path: Path) -> None:
    """The Excel example: indicators down column A, years across row 1."""
    import openpyxl
    from openpyxl.styles import Alignment, Font

    sys.path.insert(0, str(ROOT))
    from mentorbank.importers.stats import INDICATORS

    workbook = openpyxl.Workbook()
    workbook.properties.creator = "Банк практик наставничества"
    workbook.properties.created = workbook.properties.modified = STAMP
    sheet = workbook.active
    sheet.title = "Показатели"
    sheet.append(["Показатель", 2024, 2025])
    for key, names in INDICATORS:
        sheet.append([names[0], *VALUES[key]])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.column_dimensions["A"].width = 70
    for row in sheet.iter_rows(min_row=2):
        row[0].alignment = Alignment(wrap_text=True)
    sheet.freeze_panes = "B2"
    workbook.save(str(path))


def main() -> int:
    """Write both example files into ``content/uchastnikam/files/``; return 0."""
    OUT.mkdir(parents=True, exist_ok=True)
    roadmap_docx(OUT / "dorozhnaya-karta-shablon.docx")
    stats_xlsx(OUT / "pokazateli-shablon.xlsx")
    for name in ("dorozhnaya-karta-shablon.docx", "pokazateli-shablon.xlsx"):
        print(f"записано: {(OUT / name).relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
