"""The machine-readable end (``due``) of a roadmap deadline written in words.

One rule, :func:`derive_due`, used by the Word importer; :func:`deadline_doubts` lists what in a
deadline could not be read, for the importer's report. The deadline itself always stays as written.

The convention is the one the bank's encoded roadmaps follow (the profiles in
``content/organizations/`` made from the five seed roadmaps, and the template of
``mentorbank new organization``): ``due`` is the last day the work may be done.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

#: Month stems (lowercase, «ё» as «е») in calendar order: «сентябрь», «сентября», «сентябре» all match.
_MONTH_STEMS = ("январ", "феврал", "март", "апрел", "ма[йяе]", "июн", "июл", "август", "сентябр", "октябр",
                "ноябр", "декабр")
_MONTH = r"(?<![а-я])(?:" + "|".join(rf"{stem}[а-я]*" for stem in _MONTH_STEMS) + r")"
_YEAR4 = r"(?:19|20)\d{2}"
_DASH = r"[-‐‑‒–—―]"
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}

#: 01.09.2021, 1.9.21, 01/09/2021 (day, month, year of two or four digits).
_NUMERIC = re.compile(r"(?<![\d.])(\d{1,2})[./](\d{1,2})[./](\d{4}|\d{2})(?![\d.]\d)")
#: «15 сентября 2022», «до 15 сентября 2022 г.».
_DAY_MONTH_YEAR = re.compile(rf"(?<!\d)(\d{{1,2}})\s+({_MONTH})\s+({_YEAR4})(?!\d)")
#: «до декабря 2022», «до конца декабря 2022», «Апрель–август 2021», «сентябрь 2021 г.», «декабрь 2021 – январь 2022».
_MONTHS_YEAR = re.compile(rf"(до\s+(?:конца\s+)?)?({_MONTH}(?:\s*(?:{_DASH}|,|и)\s*{_MONTH})*)\s*({_YEAR4})(?!\d)")
#: «I квартал 2022», «2 квартал 2022 г.», «II полугодие 2022».
_PART_OF_YEAR = re.compile(rf"(?<![\w])(iv|iii|ii|i|[1-4])\s*(?:-?й\s*)?(квартал|полугоди)[а-я]*\s*({_YEAR4})(?!\d)")
#: «2021–2024 гг.», «2021/2022 учебный год», «2023-2024 уч. год».
_YEAR_RANGE = re.compile(rf"(?<!\d)({_YEAR4})\s*(?:{_DASH}|/)\s*({_YEAR4}|\d{{2}})(?!\d)(\s*уч[а-я]*\.?\s*г)?")
#: «2022 г.», «в 2022 году»: a year on its own.
_YEAR = re.compile(rf"(?<![\d.])({_YEAR4})(?![\d.]\d)")
_MONTH_WORD = re.compile(_MONTH)
_DIGITS = re.compile(r"\d+")
#: Words of a recurring deadline: a month without a year is then no doubt («Май-сентябрь ежегодно»).
_RECURRING = re.compile(r"ежегодн|ежемесячн|ежекварт|каждого|каждый|постоянно")


def _month_number(word: str) -> int:
    """1–12 for a Russian month word in any case form (``word`` lowercase)."""
    return next(i for i, stem in enumerate(_MONTH_STEMS, 1) if re.match(stem, word))


def _end_of_month(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _full_year(digits: str) -> int:
    return 2000 + int(digits) if len(digits) == 2 else int(digits)


def _scan(text: str) -> tuple[list[dt.date], list[str]]:
    """Every date a deadline names (as the rule of :func:`derive_due` reads it) and the doubts.

    Matched fragments are blanked out before the next, less specific pattern runs, so «01.03.2022»
    is not read again as the year 2022.
    """
    work = text.lower().replace("ё", "е")
    found: list[dt.date] = []
    doubts: list[str] = []

    def blank(match: re.Match) -> str:
        return " " * len(match.group(0))

    def numeric(m: re.Match) -> str:
        day, month, year = int(m.group(1)), int(m.group(2)), _full_year(m.group(3))
        try:
            found.append(dt.date(year, month, day))
        except ValueError:
            doubts.append(f"даты «{m.group(0)}» не существует")
        return blank(m)

    def day_month_year(m: re.Match) -> str:
        try:
            found.append(dt.date(int(m.group(3)), _month_number(m.group(2)), int(m.group(1))))
        except ValueError:
            doubts.append(f"даты «{m.group(0)}» не существует")
        return blank(m)

    def months_year(m: re.Match) -> str:
        year = int(m.group(3))
        months = _MONTH_WORD.findall(m.group(2))
        first, last = _month_number(months[0]), _month_number(months[-1])
        if m.group(1) and "конца" not in m.group(1):  # «до декабря 2022»: by the first day of December
            found.append(dt.date(year, first, 1))
        else:  # a range across the new year («декабрь – январь 2022») ends in the year written
            found.append(_end_of_month(year, last))
        return blank(m)

    def part_of_year(m: re.Match) -> str:
        number = _ROMAN.get(m.group(1)) or int(m.group(1))
        months = 3 if m.group(2) == "квартал" else 6
        if number * months > 12:
            doubts.append(f"«{m.group(0)}»: такой части года нет")
        else:
            found.append(_end_of_month(int(m.group(3)), number * months))
        return blank(m)

    def year_range(m: re.Match) -> str:
        first, last = int(m.group(1)), _full_year(m.group(2))
        if len(m.group(2)) == 2:
            last = first // 100 * 100 + int(m.group(2))
        if last < first:
            doubts.append(f"в «{m.group(0).strip()}» второй год раньше первого")
        elif m.group(3):  # a school year ends on 31 August
            found.append(dt.date(last, 8, 31))
        else:
            found.append(dt.date(last, 12, 31))
        return blank(m)

    def year(m: re.Match) -> str:
        found.append(dt.date(int(m.group(1)), 12, 31))
        return blank(m)

    for pattern, read in ((_NUMERIC, numeric), (_DAY_MONTH_YEAR, day_month_year), (_MONTHS_YEAR, months_year),
                          (_PART_OF_YEAR, part_of_year), (_YEAR_RANGE, year_range), (_YEAR, year)):
        work = pattern.sub(read, work)
    left = _DIGITS.findall(work)
    if left:
        doubts.append("не понятны числа " + ", ".join(f"«{d}»" for d in left))
    elif not found and _MONTH_WORD.search(work) and not _RECURRING.search(work):
        doubts.append("месяц указан без года")
    return found, doubts


def derive_due(text: str | None) -> dt.date | None:
    """The ``due`` date of a deadline written in words: the last day the work may be done, or None.

    ``text`` is the deadline as written in the roadmap («до 01.09.2021», «Апрель–август 2021 г.»).
    Each date the text names is read as follows, and ``due`` is the latest of them:

    - a date — «01.09.2021», «01.10.23» (two-digit year: 20xx), «15 сентября 2022» — is itself
      («до 01.09.2021» → 2021-09-01: «до» names the day by which the work is done);
    - a month, or a range of months, with a year is the last day of the (last) month: «сентябрь 2021 г.»
      → 2021-09-30, «Апрель–август 2021 г.» → 2021-08-31; but «до декабря 2022» → 2022-12-01
      (before December), while «до конца декабря 2022» → 2022-12-31;
    - a quarter or a half-year: its last day («I квартал 2022» → 2022-03-31, «2 полугодие 2022» → 2022-12-31);
    - a range of years is the end of its last year («2021–2024 гг.» → 2024-12-31), of a school year
      its 31 August («2023/2024 учебный год» → 2024-08-31);
    - a year alone is its 31 December («в 2022 году» → 2022-12-31).

    Several deadlines in one cell («До 01.03.2022г; До 01.10.23г; До 01.10.24г», «2021-2024 г.г.; Ноябрь
    2021 г.») give the latest. Words without a year — «ежегодно», «в течение года», «постоянно»,
    «Март-апрель», «по отдельным графикам» — give None (a date is never guessed); so does None or ''.
    Never raises. What could not be read is listed by :func:`deadline_doubts`.

    Source: the convention of the roadmaps encoded from the five seed roadmaps (data-model.md,
    ``roadmap.item.due``: «machine-readable end of the deadline, when it has one»).
    """
    if not text:
        return None
    found, _ = _scan(text)
    return max(found) if found else None


def deadline_doubts(text: str | None) -> list[str]:
    """What in a deadline :func:`derive_due` could not read, in Russian (empty when nothing).

    A date that does not exist («31.02.2022»), numbers left over after reading («до 1.9»), and a month
    without a year when nothing else gives a date («Март-апрель»). Words without any date («ежегодно»)
    are not doubts: such a deadline simply has no ``due``.
    """
    return _scan(text)[1] if text else []
