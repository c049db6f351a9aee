"""The list of everything the bank publishes, in order. Adding an output: one module in this package
(``NAME``, ``READS_BODIES``, ``generate``) and one line here (README, «Как добавить вывод»)."""

from __future__ import annotations

from . import (
    assets,
    calendars,
    catalogue_page,
    editor,
    feeds,
    listings,
    opendata_json,
    opendata_page,
    opendata_tables,
    practice_pdf,
    records,
    structured_data,
    tab_embed,
    tab_fragment,
    tab_page,
    tab_pdf,
    tab_zip,
)

OUTPUTS = (
    records,         # practice, winner and event pages
    tab_page,        # organisations: the «Наставничество» tab on the site
    tab_embed,       # … the page for an <iframe>
    tab_fragment,    # … the script-free HTML fragment
    tab_zip,         # … the standalone ZIP
    tab_pdf,         # … the dated PDF (WeasyPrint)
    practice_pdf,    # PDF of each practice (only with the practice_pdfs setting)
    listings,        # catalogue listings, organisations' own lists, folder pages
    catalogue_page,  # katalog/
    assets,          # assets/mentorbank/
    opendata_json,   # otkrytye-dannye/: JSON of every record type and its JSON Schema
    opendata_tables, # … CSV and XLSX of the records, roadmaps, monitoring and registries
    opendata_page,   # … the open data page and datapackage.json (after the two above: their sizes)
    editor,          # redaktor/: the editor of records (Decap CMS) and its generated config.yml
    feeds,           # feed.xml, rss.xml and each organisation's Atom and RSS feeds
    calendars,       # .ics of events: the bank's, each organisation's, region's and event's
    structured_data, # JSON-LD, Open Graph and description in record and organisation pages' <head>
)
