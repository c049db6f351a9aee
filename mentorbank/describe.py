"""Plain-text descriptions of records for what is read outside the bank's pages: feed entries,
calendar events, ``<meta name="description">``, Open Graph and JSON-LD (README, «Ленты, календари и
разметка для поисковиков»). Only front-matter fields are used (never the Markdown body); people are
named by ``model.person_text`` — exactly as the pages name them (with consent only).
"""

from __future__ import annotations

import datetime as dt
import unicodedata

from .dates import parse, ru_date
from .model import Record, person_text
from .render import FORMAT_LABELS, full_stop
from .vocab import label

#: The bank's name in feeds, calendars and Open Graph (``site_name`` of mkdocs.yml).
SITE_NAME = "Банк практик наставничества"
#: Longest description, characters (search engines show about 160; feeds and calendars the same text).
DESCRIPTION_LIMIT = 300


def plain(text: str) -> str:
    """``text`` on one line, as XML 1.0 and iCalendar text allow it: whitespace collapsed to single spaces,
    control characters, lone surrogates and the non-characters U+FFFE, U+FFFF dropped (lxml refuses them)."""
    return "".join(ch for ch in " ".join(str(text).split())
                   if unicodedata.category(ch) not in ("Cc", "Cs") and ch not in "\ufffe\uffff")


def shorten(text: str, limit: int = DESCRIPTION_LIMIT) -> str:
    """``plain(text)`` cut at a word boundary to ≤ ``limit`` characters with «…»."""
    text = plain(text)
    if len(text) <= limit:
        return text
    cut = text[:limit - 1].rsplit(" ", 1)[0].rstrip(",;:—–- ")
    return cut + "…"


def event_dates(event: Record) -> str:
    """«21 ноября 2026 г.» or «21 ноября 2026 г. – 23 ноября 2026 г.» (as on the event's page)."""
    start, end = event.data.get("start"), event.data.get("end")
    text = ru_date(start)
    return f"{text} – {ru_date(end)}" if end and end != start else text


def award(winner: Record) -> str:
    """The recognition a winner record states: «<title> — <competition>, <year>»."""
    d = winner.data
    return f"{d.get('title', '')} — {d.get('competition', '')}, {d.get('year', '')}"


def people(winner: Record) -> str:
    """The winner's person or team as the page shows them («Name, position» only with consent)."""
    persons = [winner.data["person"]] if winner.data.get("person") else list(winner.data.get("team") or [])
    return "; ".join(t for t in (person_text(p) for p in persons) if t)


def description(r: Record, org: Record | None) -> str:
    """One paragraph of plain text about ``r`` (≤ ``DESCRIPTION_LIMIT`` characters); ``org`` is its
    organisation (organiser, parent) or None."""
    d = r.data
    org_name = org.title if org else ""
    if r.type == "practice":
        return shorten(d.get("summary", ""))
    if r.type == "winner":
        result = label("result", d.get("result", "")).capitalize()
        place = f", {d['place']} место" if d.get("place") else ""
        nomination = f"Номинация «{d['nomination']}»" if d.get("nomination") else ""
        who = people(r)
        who = f"{'Участник' if d.get('person') else 'Команда'}: {who}" if who else ""
        sentences = [f"{result}{place}: {d.get('competition', '')}, {d.get('year', '')}", nomination, who, org_name]
    elif r.type == "event":
        kind = label("event_type", d.get("event_type", "")).capitalize()
        where = FORMAT_LABELS.get(d.get("format"), "")
        if d.get("location"):
            where += f", {d['location']}"
        sentences = [f"{kind}, {event_dates(r)}, {where}", f"Организатор: {org_name}" if org_name else ""]
    else:
        sentences = [f"Наставничество: {d.get('name', r.title)} ({label('org_kind', d.get('kind', ''))}), "
                     f"{d.get('municipality', '')}, {d.get('region', '')}"]
    text = " ".join(full_stop(s) for s in sentences if s)
    return shorten(text)


def feed_date(r: Record, records: dict[str, Record]) -> dt.date:
    """The date of a practice or winner in feeds: a practice's ``updated``; a winner (the contract
    gives it no date) — the end, else the start of its competition as an event (``event``), else the
    latest date of its documents (diploma, order), else 1 January of its ``year``. ``records``: the
    bank's records by id."""
    if r.type == "practice":
        return parse(r.data.get("updated")) or dt.date(r.data.get("year") or 2015, 1, 1)
    event = records.get(r.data.get("event") or "")
    if event is not None:
        day = parse(event.data.get("end")) or parse(event.data.get("start"))
        if day:
            return day
    dates = [parse(doc.get("date")) for doc in r.data.get("documents") or [] if isinstance(doc, dict)]
    dates = [d for d in dates if d]
    return max(dates) if dates else dt.date(r.data.get("year") or 2015, 1, 1)
