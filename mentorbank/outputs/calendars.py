"""Calendars of events (icalendar, iCalendar RFC 5545): the bank's (``katalog/meropriyatiya.ics``: every
published event, upcoming and past), each organisation's (``organizacii/<id>/meropriyatiya.ics``: its own
and its subordinate organisations' events, as its tab lists them), each region's
(``katalog/region/<slug>/meropriyatiya.ics``: events of that region's organisers) and one per event
(``meropriyatiya/<id>/<id>.ics``, the event page's «Добавить в календарь»).

The contract gives events dates without a time (``start``, ``end``), so every event is an all-day
VEVENT: DTSTART is ``start``, DTEND the day after ``end`` (else after ``start``; RFC 5545: the end of an
all-day event is exclusive). All-day dates are the same in every time zone, so the files need no
VTIMEZONE. UID = ``<id>@<host of site_url>`` (stable across builds), DTSTAMP = the build date: the bytes
depend only on the records and the build date. LOCATION is the event's ``location``, or for an online
event its ``url`` (else «онлайн»); URL is the event's page in the bank (README, «Ленты, календари и
разметка для поисковиков»).
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit

from icalendar import Calendar, Event

from .. import urls
from ..catalogue import Catalogue
from ..dates import parse
from ..describe import SITE_NAME, description, plain
from ..model import Record
from ..render import Env
from ..vocab import label
from . import Result

NAME = "calendars"
READS_BODIES: frozenset[str] = frozenset()


def host(env: Env) -> str:
    """The host of the published address (UIDs are ``<id>@<host>``); ``mentorbank.invalid`` without one."""
    return urlsplit(env.site_url).hostname or "mentorbank.invalid"


def vevent(r: Record, catalogue: Catalogue, env: Env) -> Event:
    """The VEVENT of the published event ``r`` (see the module doc)."""
    d = r.data
    start = parse(d.get("start"))
    end = parse(d.get("end")) or start
    org = catalogue.org_of(r)
    page = env.site_url + r.url
    event = Event()
    event.add("uid", f"{r.id}@{host(env)}")
    event.add("dtstamp", dt.datetime.combine(catalogue.build_date, dt.time(), dt.UTC))
    event.add("summary", plain(r.title))
    event.add("dtstart", start)
    event.add("dtend", end + dt.timedelta(days=1))
    online = d.get("format") == "online"
    event.add("location", (d.get("url") or "онлайн") if online else plain(d.get("location") or ""))
    event.add("url", page)
    text = [description(r, org)]
    if d.get("url"):
        text.append(f"Страница мероприятия: {d['url']}")
    if d.get("registration_url") and catalogue.is_upcoming(r):
        text.append(f"Регистрация: {d['registration_url']}")
    text.append(f"Подробнее в банке практик: {page}")
    event.add("description", "\n".join(text))
    event.add("categories", [label("event_type", d.get("event_type", ""))])
    event.add("status", "CONFIRMED")
    event.add("transp", "TRANSPARENT")
    return event


def calendar(name: str, events: list[Record], catalogue: Catalogue, env: Env) -> bytes:
    """An iCalendar file named ``name`` with one VEVENT per event of ``events`` (in their order)."""
    cal = Calendar()
    cal.add("prodid", f"-//{SITE_NAME}//RU")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", plain(name))
    for r in events:
        cal.add_component(vevent(r, catalogue, env))
    return cal.to_ical()


def generate(catalogue: Catalogue, env: Env) -> Result:
    """The bank's, every organisation's, every region's and every event's calendar."""
    result = Result()
    upcoming, past = catalogue.events
    every = upcoming + past
    title = f"{SITE_NAME}: мероприятия"
    result.files[urls.EVENTS_ICAL] = calendar(title, every, catalogue, env)
    for org in catalogue.organizations:
        path = urls.org_calendar(org.url)
        org_title = f"{org.title}: мероприятия"
        result.files[path] = calendar(org_title, catalogue.with_subordinates.get(org.id, {}).get("event", []),
                                      catalogue, env)
    by_region: dict[str, list[Record]] = {}
    for r in every:
        org = catalogue.org_of(r)
        if org is not None:
            by_region.setdefault(org.data.get("region", ""), []).append(r)
    for region, events in sorted(by_region.items()):
        path = urls.region_calendar(region)
        result.files[path] = calendar(f"Мероприятия: {region}", events, catalogue, env)
    for r in every:
        result.files[urls.event_calendar(r.url, r.id)] = calendar(r.title, [r], catalogue, env)
    return result
