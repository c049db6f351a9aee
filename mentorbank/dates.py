"""Russian date formatting, roadmap item status and roadmap period (build date relative)."""

from __future__ import annotations

import datetime as dt
import re

_MONTHS = ("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября",
           "октября", "ноября", "декабря")

#: Status slug → Russian label shown in the roadmap tables. ``unmarked`` is neutral: the item's
#: ``due`` has passed but the data holds no status, so the bank knows nothing about its execution.
STATUS_LABELS = {
    "done": "выполнено",
    "in_progress": "в работе",
    "planned": "запланировано",
    "overdue": "просрочено",
    "unmarked": "срок прошёл, отметка о выполнении не внесена",
    "cancelled": "отменено",
}


def parse(value: str | None) -> dt.date | None:
    """Return the date of an ISO string ``YYYY-MM-DD``, or None for None/invalid values."""
    try:
        return dt.date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


def ru_date(value: str | dt.date | None) -> str:
    """Format an ISO date as «1 сентября 2023 г.»; '' for None/invalid."""
    day = value if isinstance(value, dt.date) else parse(value)
    if not day:
        return ""
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year} г."


def item_status(item: dict, today: dt.date) -> str:
    """Return the shown status of a roadmap item: one of the keys of ``STATUS_LABELS``.

    Rule of the data model (model-dannyh.md, «Дорожная карта (roadmap) и пункт плана»), ``today``
    being the build date:

    - ``status: done`` or ``cancelled``: as given;
    - ``status: planned`` or ``in_progress`` whose ``due`` has passed (``due < today``; the due
      day itself is not overdue) and that has no ``done_on``: ``overdue`` («просрочено»);
    - no ``status`` but a ``done_on`` date: ``done`` (the date is the mark of execution);
    - no ``status``, ``due`` passed: ``unmarked`` — neutral, never «просрочено»: the data says
      nothing about execution (real roadmaps are copied from documents without statuses);
    - otherwise its ``status``, or ``planned`` when it has none.
    """
    status = item.get("status")
    if status in ("done", "cancelled"):
        return status
    done_on = parse(item.get("done_on"))
    due = parse(item.get("due"))
    passed = due is not None and due < today and done_on is None
    if status in ("planned", "in_progress"):
        return "overdue" if passed else status
    if done_on is not None:
        return "done"
    return "unmarked" if passed else "planned"


def is_marked(item: dict) -> bool:
    """True if the data holds a mark of the item's execution: a ``status`` or a ``done_on`` date."""
    return bool(item.get("status")) or parse(item.get("done_on")) is not None


def roadmap_progress(roadmap: dict, today: dt.date) -> dict[str, int]:
    """Counts of a roadmap's items for its summary line: ``total``, ``marked`` (``is_marked``),
    ``done``, ``overdue`` and ``unmarked`` (shown statuses, ``item_status``)."""
    items = [it for s in roadmap.get("sections") or [] for it in s.get("items") or []]
    shown = [item_status(it, today) for it in items]
    return {"total": len(items), "marked": sum(is_marked(it) for it in items),
            "done": shown.count("done"), "overdue": shown.count("overdue"), "unmarked": shown.count("unmarked")}


_YEAR = r"(?:19|20)\d{2}"
#: «2021–2024 гг.», «2020—2024 годы», «2021-2024 г.г.», «2023/24 учебный год», «с 2021 по 2024 год».
_RANGE = re.compile(rf"(?<!\d)({_YEAR})\s*(?:[-‐‑‒–—―/]|по|до)\s*({_YEAR}|\d{{2}})(?!\d)")
#: A single year and nothing else: «2023 г.», «2023 год», «на 2023 год».
_SINGLE = re.compile(rf"^\s*(?:на\s+)?({_YEAR})\s*(?:г\.?|год[а-я]*)?\s*\.?\s*$")


def period_years(period: str | None) -> tuple[int, int] | None:
    """First and last year of a roadmap's ``period`` as written in its document, or None.

    Accepts the first range of years in the text («2021–2024 гг.», «2020—2024 годы»,
    «2021-2024 г.г.», «2023-2024 учебный год», «2023/24 учебный год», «с 2021 по 2024 год»;
    any dash, a slash, «по» or «до»; a two-digit end year takes the century of the start) or a
    text that is a single year («2023 г.», «на 2023 год»). Anything else — «не указан»,
    «с 2021 года», a range ending before it starts or longer than 30 years — gives None: the
    bank then says nothing about the period.
    """
    if not isinstance(period, str):
        return None
    m = _RANGE.search(period)
    if m:
        start, end = int(m.group(1)), m.group(2)
        last = int(end) if len(end) == 4 else start // 100 * 100 + int(end)
        return (start, last) if 0 <= last - start <= 30 else None
    m = _SINGLE.match(period)
    return (int(m.group(1)), int(m.group(1))) if m else None


def period_ended(period: str | None, today: dt.date) -> str | None:
    """The Russian sentence «Период 2021–2024 гг. завершён.» when the roadmap's period (see
    ``period_years``) ended before the build year, else None.

    Only whole calendar years count: a period ending in 2024 is over from 1 January 2025, also
    for a school year (which ends in summer) — the bank never calls a period over too early.
    """
    years = period_years(period)
    if years is None or today.year <= years[1]:
        return None
    start, end = years
    if "учебн" in period.lower():
        span = f"{start}/{end} учебного года" if end != start else f"{start} учебного года"
    else:
        span = f"{start}–{end} гг." if end != start else f"{start} г."
    return f"Период {span} завершён."
