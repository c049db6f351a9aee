"""Listings: all practices, by form, region and year; winners; upcoming and past events;
organisations; each organisation's own lists beyond the tab; and a page at each record folder.
Paginated by ``Settings.page_size`` (``render.Env.listing``); no body is shown."""

from __future__ import annotations

from .. import urls
from ..catalogue import Catalogue
from ..dates import ru_date
from ..model import Record
from ..render import Env, Page
from ..vocab import label, slugs
from . import Result, tabs

NAME = "listings"
READS_BODIES: frozenset[str] = frozenset()

#: Record type → the plural heading of its records («Практики»).
TYPE_PLURALS = {"practice": "Практики", "winner": "Победители и призёры", "event": "Мероприятия",
                "organization": "Организации"}
#: Record type → (listing URL, its title, further listings) for the page at the type's folder.
FOLDER_LISTINGS = {
    "practice": (urls.PRACTICES, "Все практики", ()),
    "winner": (urls.WINNERS, "Победители и призёры конкурсов", ()),
    "event": (urls.EVENTS, "Предстоящие мероприятия", ((urls.PAST_EVENTS, "Прошедшие мероприятия"),)),
    "organization": (urls.ORGANIZATIONS, "Организации", ()),
}


def competition_groups(chunk: list[Record]) -> list[tuple[str, list[Record]]]:
    """Winners of one listing page grouped by «competition — year», in their order."""
    groups: list[tuple[str, list[Record]]] = []
    for r in chunk:
        heading = f"{r.data.get('competition')} — {r.data.get('year')}"
        if not groups or groups[-1][0] != heading:
            groups.append((heading, []))
        groups[-1][1].append(r)
    return groups


def folder_pages(env: Env) -> list[Page]:
    """A page at each record folder (``praktiki/``, …; ``urls.TYPE_FOLDERS``): records live at
    ``<folder>/<id>/`` and a visitor who shortens the address must not meet «page not found». The page
    sends the browser to the folder's catalogue listing (``FOLDER_LISTINGS``) and shows the link; it is
    not indexed for search."""
    pages = []
    for record_type in urls.TYPE_FOLDERS:
        target, target_title, more = FOLDER_LISTINGS[record_type]
        url = urls.folder(record_type)
        title = TYPE_PLURALS[record_type]
        html = env.page("folder.html", url, title=title, target=target, target_title=target_title, more=more)
        pages.append(Page(url, title, html))
    return pages


def generate(catalogue: Catalogue, env: Env) -> Result:
    """Every listing page (see the module doc)."""
    cat, listing = catalogue, env.listing
    layout = tabs(catalogue, env)
    pages: list[Page] = []
    for org in cat.organizations:
        pages += layout.listing_pages(org)
    pages += listing(urls.PRACTICES, "Все практики", cat.practices)
    for slug in slugs("form"):
        items = cat.practices_of_form(slug)
        if items:
            pages += listing(urls.by_form(slug), f"Практики: форма «{label('form', slug)}»", items)
    for region, items in cat.practices_by_region.items():
        pages += listing(urls.by_region(region), f"Практики: {region}", items)
    for year, items in cat.practices_by_year.items():
        pages += listing(urls.by_year(year), f"Практики {year} года", items)
    pages += listing(urls.WINNERS, "Победители и призёры конкурсов", cat.winners,
                     "Сгруппированы по конкурсам и годам, новые сверху.", competition_groups)
    upcoming, past = cat.events
    pages += listing(urls.EVENTS, "Предстоящие мероприятия", upcoming,
                     f"На {ru_date(cat.build_date)}, ближайшие сверху.", empty="Предстоящих мероприятий пока нет.",
                     calendar=urls.EVENTS_ICAL)
    pages += listing(urls.PAST_EVENTS, "Прошедшие мероприятия", past, "Недавние сверху.", calendar=urls.EVENTS_ICAL)
    pages += listing(urls.ORGANIZATIONS, "Организации", cat.organizations, "По регионам и муниципалитетам.")
    return Result(pages + folder_pages(env))
