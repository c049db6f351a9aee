"""The whole URL scheme of the published bank: every output, template (global ``urls``) and the MkDocs
adapter ask here. URLs are site-relative directory URLs (``praktiki/x/``) or file paths
(``organizacii/x/fragment.html``); links between pages are made relative by ``render``.

Nothing here imports the rest of the package: records are passed as (type, id) or as objects with
``url`` and ``id``.
"""

from __future__ import annotations

from pathlib import PurePosixPath
from types import MappingProxyType

from slugify import slugify

#: Site folder of each record type (URL ``<folder>/<id>/``).
TYPE_FOLDERS = MappingProxyType({
    "practice": "praktiki",
    "winner": "pobediteli",
    "event": "meropriyatiya",
    "organization": "organizacii",
})

# ----- maintainer pages (content/) that generated pages link to ------------------------------------
HOME = "./"  # the site root, as a link target (``render`` makes it relative)
SEARCH = "poisk/"
PROPOSE = "uchastnikam/kak-dobavit/"
#: The editor of records (Decap CMS, ``outputs/editor.py``): a form that ends in a pull request.
EDITOR = "redaktor/"

# ----- listings --------------------------------------------------------------------------------------
CATALOGUE = "katalog/"
PRACTICES = "katalog/praktiki/"
WINNERS = "katalog/pobediteli/"
EVENTS = "katalog/meropriyatiya/"
PAST_EVENTS = "katalog/meropriyatiya/proshedshie/"
ORGANIZATIONS = "katalog/organizacii/"

# ----- open data (README, «Открытые данные») ------------------------------------------------------------
#: The open data page; every set lies in this folder.
OPEN_DATA = "otkrytye-dannye/"
#: The machine-readable description of every set (a Frictionless Data Package).
OPEN_DATA_PACKAGE = OPEN_DATA + "datapackage.json"


def open_data_file(name: str) -> str:
    """Site path of a file of the open data: ``otkrytye-dannye/<name>`` (``praktiki.csv``)."""
    return OPEN_DATA + name


def open_data_schema(stem: str) -> str:
    """The JSON Schema of the JSON set ``<stem>.json``: ``otkrytye-dannye/shemy/<stem>.schema.json``."""
    return f"{OPEN_DATA}shemy/{stem}.schema.json"


def open_data_registry(org_id: str, ext: str) -> str:
    """An organisation's registry of subordinate organisations (``otkrytye-dannye/reestr/<id>.<ext>``)."""
    return f"{OPEN_DATA}reestr/{org_id}.{ext}"


#: Site folder of the core's static assets (tab styles, embed loader, version for the visually impaired).
ASSET_DIR = "assets/mentorbank/"
#: Site folder of records' attached files.
FILES_DIR = "files/"
#: Top folders of generated pages and files (out of the nav; ``mkdocs.yml`` ``not_in_nav`` lists them).
GENERATED_TOP = (*TYPE_FOLDERS.values(), "katalog", "files", OPEN_DATA.rstrip("/"), EDITOR.rstrip("/"))


def record(record_type: str, record_id: str) -> str:
    """URL of a record's page: ``<folder of the type>/<id>/``. KeyError for an unknown type."""
    return f"{TYPE_FOLDERS[record_type]}/{record_id}/"


def folder(record_type: str) -> str:
    """URL of the folder of a record type (``praktiki/``): a page that sends to the type's listing."""
    return f"{TYPE_FOLDERS[record_type]}/"


def region_slug(region: str) -> str:
    """URL slug of a region name (transliterated by python-slugify)."""
    return slugify(region, max_length=60) or "region"


def by_form(slug: str) -> str:
    """Listing of the practices of one form of mentoring (``katalog/forma/<slug>/``)."""
    return f"katalog/forma/{slug}/"


def by_region(region: str) -> str:
    """Listing of the practices of one region (``katalog/region/<slug of the name>/``)."""
    return f"katalog/region/{region_slug(region)}/"


def by_year(year) -> str:
    """Listing of the practices of one year (``katalog/god/<year>/``)."""
    return f"katalog/god/{year}/"


def page_number(base: str, n: int) -> str:
    """URL of page ``n`` (from 1) of a paginated listing at ``base``: ``base``, then ``base2/``…"""
    return base if n == 1 else f"{base}{n}/"


def org_listing(org_url: str, kind_folder: str) -> str:
    """An organisation's own listing of one kind beyond the tab (``organizacii/<id>/praktiki/``)."""
    return f"{org_url}{kind_folder}/"


def embed_page(org_url: str) -> str:
    """The tab's page for an ``<iframe>`` (``organizacii/<id>/vstraivanie/``)."""
    return f"{org_url}vstraivanie/"


def fragment(org_url: str) -> str:
    """The tab's script-free HTML fragment (``organizacii/<id>/fragment.html``)."""
    return f"{org_url}fragment.html"


def tab_zip(org_url: str, org_id: str) -> str:
    """The ZIP of the standalone tab (``organizacii/<id>/nastavnichestvo-<id>.zip``)."""
    return f"{org_url}nastavnichestvo-{org_id}.zip"


def tab_pdf(org_url: str, org_id: str) -> str:
    """The PDF of the tab (``organizacii/<id>/nastavnichestvo-<id>.pdf``), beside the ZIP."""
    return f"{org_url}nastavnichestvo-{org_id}.pdf"


def practice_pdf(practice_url: str, practice_id: str) -> str:
    """The PDF of a practice (``praktiki/<id>/praktika-<id>.pdf``), made when ``Settings.practice_pdfs`` is on."""
    return f"{practice_url}praktika-{practice_id}.pdf"


def asset(name: str) -> str:
    """Site path of a static asset of the package (``assets/mentorbank/<name>``)."""
    return ASSET_DIR + name


def attachment(record_id: str, number: int, name: str) -> str:
    """Site path of the ``number``-th (from 1) attached file of a record, from its file name:
    ``files/<id>/<n>-<slug of the stem><suffix in lower case>``."""
    path = PurePosixPath(name)
    stem = slugify(path.stem, max_length=80) or "file"
    return f"{FILES_DIR}{record_id}/{number}-{stem}{path.suffix.lower()}"


def src_uri(url: str) -> str:
    """The virtual source path of a generated page for the site generator (``praktiki/x/`` →
    ``praktiki/x.md``)."""
    return url.rstrip("/") + ".md"


# ----- feeds and calendars (README, «Ленты, календари и разметка для поисковиков») ------------------
#: The bank's Atom and RSS 2.0 feeds of new and updated practices and winners.
FEED_ATOM = "feed.xml"
FEED_RSS = "rss.xml"
#: The bank's calendar of every published event.
EVENTS_ICAL = "katalog/meropriyatiya.ics"


def org_feed_atom(org_url: str) -> str:
    """An organisation's Atom feed (its own and its subordinates' records): ``organizacii/<id>/feed.xml``."""
    return f"{org_url}feed.xml"


def org_feed_rss(org_url: str) -> str:
    """An organisation's RSS 2.0 feed: ``organizacii/<id>/rss.xml``."""
    return f"{org_url}rss.xml"


def org_calendar(org_url: str) -> str:
    """An organisation's calendar of events (its own and its subordinates'): ``organizacii/<id>/meropriyatiya.ics``."""
    return f"{org_url}meropriyatiya.ics"


def region_calendar(region: str) -> str:
    """The calendar of the events of one region's organisations: ``katalog/region/<slug>/meropriyatiya.ics``."""
    return f"katalog/region/{region_slug(region)}/meropriyatiya.ics"


def event_calendar(event_url: str, event_id: str) -> str:
    """One event as a calendar file (``meropriyatiya/<id>/<id>.ics``, «Добавить в календарь»)."""
    return f"{event_url}{event_id}.ics"
