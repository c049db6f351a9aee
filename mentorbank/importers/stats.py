"""Monitoring indicators from an Excel workbook (.xlsx, read with openpyxl, ``data_only=True``) →
the ``stats`` of an organisation profile: ``[{year, pupils_total, …}]``, one entry a year.

A sheet may have the years in a row (indicators down the first column) or in a column (indicators
across the header row). Indicators are found by their Russian names: the names of the data model
(contributors' page «Модель данных», «Показатели за год») and of the «Наставничество» tab, and usual
variants («Количество …», «… всего», «… (чел.)»), compared word by word with the Snowball Russian
stemmer, so case endings and word order do not matter.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .messages import ImportFailure, Message, office_file

#: stats key → names of the indicator (the first is the data model's, used in messages and templates).
INDICATORS = (
    ("pupils_total", ("Всего обучающихся", "Обучающихся всего", "Количество обучающихся",
                      "Численность обучающихся", "Всего учащихся", "Количество учащихся")),
    ("pupils_mentees", ("Обучающиеся, вовлечённые в наставничество как наставляемые", "Обучающиеся-наставляемые",
                        "Обучающиеся, вовлечённые в наставничество", "Наставляемые из числа обучающихся",
                        "Учащиеся-наставляемые")),
    ("pupils_mentors", ("Обучающиеся-наставники", "Наставники из числа обучающихся", "Учащиеся-наставники")),
    ("teachers_total", ("Всего педагогов", "Педагогов всего", "Количество педагогов",
                        "Количество педагогических работников", "Педагогических работников всего")),
    ("young_teachers", ("Молодые специалисты (стаж до 3 лет)", "Молодые педагоги", "Молодые учителя")),
    ("young_teachers_with_mentor", ("Молодые специалисты, за которыми закреплён наставник",
                                    "Молодые специалисты с наставником", "Молодые педагоги с наставником",
                                    "Молодые специалисты, имеющие наставника")),
    ("teacher_mentors", ("Педагоги-наставники", "Наставники из числа педагогов", "Учителя-наставники")),
    ("pairs", ("Наставнические пары", "Количество наставнических пар")),
    ("groups", ("Наставнические группы", "Количество наставнических групп")),
    ("external_mentors", ("Внешние наставники (из других организаций, работодатели, студенты)",
                          "Внешние наставники")),
    ("satisfaction_pct", ("Удовлетворённость участников, %", "Удовлетворённость участников программ наставничества",
                          "Доля удовлетворённых участников", "Удовлетворённость участников наставничества")),
)
#: Keys of a ``stats`` entry in the order of data-model.md.
STATS_KEYS = ("year",) + tuple(key for key, _ in INDICATORS)
#: Headers of the column or row that holds the names of the indicators (not reported as unknown).
LABEL_HEADERS = ("Показатель", "Наименование показателя", "Показатели", "Индикатор", "Год", "Учебный год")
#: Words that do not tell one indicator from another: counting words, units, prepositions.
_STOP = frozenset(("количеств", "кол", "во", "числ", "численн", "численност", "общ", "всег", "чел", "человек",
                   "шт", "ед", "в", "том", "из", "них", "как", "за", "котор", "с", "по", "до", "стаж", "лет", "год",
                   "процент", "програм", "программ", "наставничеств"))
_WORD = re.compile(r"[а-яa-z]+")
_YEAR_TEXT = re.compile(r"^\s*((?:19|20)\d{2})\s*(?:г\.?|год[а-я]*)?\s*$", re.IGNORECASE)
_SCHOOL_YEAR = re.compile(r"^\s*((?:19|20)\d{2})\s*[-–—/]\s*((?:19|20)?\d{2})")
_INTEGER_TEXT = re.compile(r"^\s*(\d[\d\s\xa0]*)\s*(%?)\s*$")
MIN_YEAR, MAX_YEAR = 2015, 2100


@lru_cache(maxsize=1)
def _stemmer():
    import snowballstemmer

    return snowballstemmer.stemmer("russian")


def label_stems(label: str) -> frozenset[str]:
    """The words of an indicator name that tell it apart: lower case, «ё» → «е», the part in brackets
    dropped, stemmed (Snowball, Russian), without counting words, units and prepositions («Количество
    обучающихся (чел.)» and «Обучающихся всего» give the same set)."""
    text = re.sub(r"\([^)]*\)", " ", label.lower().replace("ё", "е"))
    words = _stemmer().stemWords(_WORD.findall(text))
    return frozenset(w for w in words if w not in _STOP)


@lru_cache(maxsize=1)
def _by_stems() -> dict[frozenset[str], str]:
    return {label_stems(name): key for key, names in INDICATORS for name in names}


def indicator_key(label: str) -> str | None:
    """The ``stats`` key of an indicator's Russian name (``INDICATORS``), or None if none matches."""
    stems = label_stems(label)
    return _by_stems().get(stems) if stems else None


def indicator_name(key: str) -> str:
    """The data model's Russian name of a ``stats`` key («pairs» → «Наставнические пары»)."""
    return dict(INDICATORS)[key][0]


@dataclass
class Imported:
    """The result of reading a workbook: ``stats`` entries sorted by year (empty when nothing was
    imported), the sheets read, and the messages (what was not carried over)."""

    stats: list[dict] = field(default_factory=list)
    sheets: list[str] = field(default_factory=list)
    messages: list[Message] = field(default_factory=list)


def _year(value) -> int | None:
    """A year written in a cell (2023, 2023.0, «2023», «2023 г.»), or None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)) and value == int(value) and MIN_YEAR <= int(value) <= MAX_YEAR:
        return int(value)
    if isinstance(value, str):
        m = _YEAR_TEXT.match(value)
        if m and MIN_YEAR <= int(m.group(1)) <= MAX_YEAR:
            return int(m.group(1))
    return None


def _value(key: str, cell, where: str, messages: list[Message]) -> int | None:
    """The non-negative integer of a cell for ``key``; None (with a message unless empty) otherwise.

    A percentage cell (Excel format «%», stored as 0.87) gives 87 for ``satisfaction_pct``.
    """
    value = cell.value
    name = indicator_name(key)
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, str):
        m = _INTEGER_TEXT.match(value)
        if not m:
            messages.append(Message(where, f"«{name}»: значение «{value}» не число — не перенесено."))
            return None
        value = int(re.sub(r"\D", "", m.group(1)))
    elif isinstance(value, bool) or not isinstance(value, (int, float)):
        messages.append(Message(where, f"«{name}»: значение «{value}» не число — не перенесено."))
        return None
    if key == "satisfaction_pct" and "%" in (cell.number_format or "") and isinstance(value, float) \
            and 0 <= value <= 1:
        value = value * 100
    if isinstance(value, float):
        if abs(value - round(value)) > 1e-9:
            messages.append(Message(where, f"«{name}»: значение {value:g} не целое — не перенесено (в модели "
                                    "данных только целые числа)."))
            return None
        value = int(round(value))
    if value < 0:
        messages.append(Message(where, f"«{name}»: отрицательное значение {value} — не перенесено."))
        return None
    if key == "satisfaction_pct" and value > 100:
        messages.append(Message(where, f"«{name}»: {value} больше 100 % — не перенесено."))
        return None
    return value


def _cell_place(sheet: str, cell) -> str:
    return f"лист «{sheet}», ячейка {cell.coordinate}"


def _read_sheet(ws, formulas, messages: list[Message]) -> dict[int, dict[str, int]]:
    """{year: {key: value}} of one worksheet; what cannot be read goes to ``messages``."""
    rows = [list(r) for r in ws.iter_rows()]
    labels: dict[tuple[int, int], str] = {}
    years: dict[tuple[int, int], int] = {}
    for r, row in enumerate(rows):
        for c, cell in enumerate(row):
            if isinstance(cell.value, str) and (key := indicator_key(cell.value)):
                labels[(r, c)] = key
            elif (year := _year(cell.value)) is not None:
                years[(r, c)] = year
    if not labels:
        return {}

    def most(positions, axis: int) -> tuple[int | None, int]:
        """The row (axis 0) or column (axis 1) holding most of ``positions``, and how many it holds."""
        counts: dict[int, int] = {}
        for pos in positions:
            counts[pos[axis]] = counts.get(pos[axis], 0) + 1
        best = max(counts, key=lambda k: (counts[k], -k), default=None)
        return best, counts.get(best, 0)

    label_col, in_col = most(labels, 1)
    label_row, in_row = most(labels, 0)
    year_row, years_in_row = most([p for p in years if p[1] != label_col], 0)
    year_col, years_in_col = most([p for p in years if p[0] != label_row], 1)
    by_columns = in_col + years_in_row >= in_row + years_in_col  # years across a row, names down a column
    out: dict[int, dict[str, int]] = {}
    sheet = ws.title
    if by_columns:
        line, lead = year_row, label_col
    else:
        line, lead = year_col, label_row
    if line is None:
        messages.append(Message(f"лист «{sheet}»", "нашлись названия показателей, но не годы: впишите годы "
                                "(например, 2023) над столбцами значений или слева от строк."))
        return {}

    def at(name_index: int, year_index: int):
        return rows[name_index][year_index] if by_columns else rows[year_index][name_index]

    year_positions = [i for i in range(len(rows[0]) if by_columns else len(rows))
                      if (((line, i) if by_columns else (i, line)) in years)]
    name_positions = range(len(rows) if by_columns else len(rows[0]))
    # Headers of the year line that are not years, and names that are not indicators.
    for i in range(len(rows[0]) if by_columns else len(rows)):
        cell = rows[line][i] if by_columns else rows[i][line]
        if i == lead or i in year_positions or cell.value is None or str(cell.value).strip() == "":
            continue
        text = str(cell.value).strip()
        if text in LABEL_HEADERS or i < lead:
            continue
        school = _SCHOOL_YEAR.match(text)
        hint = (" Учебный год: укажите один год (например, год его окончания)." if school else "")
        messages.append(Message(_cell_place(sheet, cell), f"«{text}» не год — {'столбец' if by_columns else 'строка'} "
                                f"не перенесён{'' if by_columns else 'а'}.{hint}"))
    for n in name_positions:
        if n <= line:  # the year line itself, and a title above it
            continue
        name_cell = rows[n][lead] if by_columns else rows[lead][n]
        text = str(name_cell.value).strip() if name_cell.value is not None else ""
        key = labels.get((n, lead) if by_columns else (lead, n))
        if key is None:
            if text and text not in LABEL_HEADERS and _year(name_cell.value) is None:
                messages.append(Message(_cell_place(sheet, name_cell), f"показатель «{text}» не найден среди "
                                        "показателей модели данных — не перенесён. Назовите его, как в шаблоне ("
                                        + ", ".join(f"«{names[0]}»" for _, names in INDICATORS[:3]) + " …)."))
            continue
        for y in year_positions:
            cell = at(n, y)
            year = years[(line, y) if by_columns else (y, line)]
            where = _cell_place(sheet, cell)
            if cell.value is None and formulas is not None:
                raw = formulas[sheet][cell.coordinate].value
                if isinstance(raw, str) and raw.startswith("="):
                    messages.append(Message(where, f"«{indicator_name(key)}» за {year} г.: в ячейке формула без "
                                            "сохранённого результата — откройте файл в Excel или LibreOffice, "
                                            "сохраните и запустите импорт снова."))
                    continue
            value = _value(key, cell, where, messages)
            if value is None:
                continue
            entry = out.setdefault(year, {})
            if key in entry and entry[key] != value:
                messages.append(Message(where, f"«{indicator_name(key)}» за {year} г. указан дважды с разными "
                                        f"значениями ({entry[key]} и {value}): взято первое."))
                continue
            entry.setdefault(key, value)
    for y in year_positions:
        year = years[(line, y) if by_columns else (y, line)]
        if year not in out:
            messages.append(Message(f"лист «{sheet}»", f"за {year} г. нет ни одного значения — год не перенесён."))
    return out


def import_stats(path: Path) -> Imported:
    """Read every worksheet of the workbook at ``path`` into ``stats`` entries, one per year.

    Cells are read with their stored values (``data_only=True``: the results of formulas as Excel last
    saved them). The same year on several sheets is merged; a year with no value is left out. Raises
    ``messages.ImportFailure`` (Russian) when the file is missing or is not an .xlsx workbook.
    """
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    path = office_file(path, ".xlsx", "не книга Excel в формате .xlsx (файл повреждён или это другой "
                        "формат, например старый .xls или .csv). Откройте его в Excel или LibreOffice и "
                        "сохраните как «Книга Excel (.xlsx)».")
    try:
        workbook = openpyxl.load_workbook(path, data_only=True)
        formulas = openpyxl.load_workbook(path, data_only=False)
    except (InvalidFileException, KeyError, ValueError, zipfile.BadZipFile, OSError) as exc:
        raise ImportFailure(f"файл «{path}» не удалось прочитать как книгу Excel (.xlsx): {exc}. Откройте его в "
                            "Excel или LibreOffice и сохраните как «Книга Excel (.xlsx)».") from None
    except Exception as exc:  # a damaged part of the workbook of any kind: still no traceback
        raise ImportFailure(f"файл «{path}» повреждён: его не удалось прочитать как книгу Excel "
                            f"({type(exc).__name__}). Откройте его в Excel или LibreOffice и сохраните "
                            "заново как .xlsx.") from None
    result = Imported()
    merged: dict[int, dict[str, int]] = {}
    for ws in workbook.worksheets:
        found = _read_sheet(ws, formulas, result.messages)
        if not found:
            result.messages.append(Message(f"лист «{ws.title}»", "показатели не найдены — лист пропущен."))
            continue
        result.sheets.append(ws.title)
        for year, values in found.items():
            entry = merged.setdefault(year, {})
            for key, value in values.items():
                if key in entry and entry[key] != value:
                    result.messages.append(Message(f"лист «{ws.title}»", f"«{indicator_name(key)}» за {year} г. "
                                                   f"уже прочитан с другого листа ({entry[key]}), значение {value} "
                                                   "не перенесено."))
                    continue
                entry[key] = value
    for year in sorted(merged):
        values = merged[year]
        if not values:
            continue
        result.stats.append({k: (year if k == "year" else values[k]) for k in STATS_KEYS
                             if k == "year" or k in values})
    return result
