"""Russian date formatting and roadmap item status (build date relative)."""

from __future__ import annotations

import datetime as dt

_MONTHS = ("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября",
           "октября", "ноября", "декабря")

#: Status slug → Russian label shown in the roadmap tables.
STATUS_LABELS = {
    "done": "выполнено",
    "in_progress": "в работе",
    "planned": "запланировано",
    "overdue": "просрочено",
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
    """Return the shown status of a roadmap item: done, cancelled, overdue, in_progress or planned.

    Rule of the data contract (spec/data-model.md, roadmap): an item whose
    ``due`` has passed (``due < today``) and whose status is not done or
    cancelled is overdue; otherwise its ``status``, defaulting to planned.
    """
    status = item.get("status")
    if status in ("done", "cancelled"):
        return status
    due = parse(item.get("due"))
    if due and due < today:
        return "overdue"
    return status if status in ("in_progress", "planned") else "planned"
