"""The list of everything the bank publishes, in order. Adding an output: one module in this package
(``NAME``, ``READS_BODIES``, ``generate``) and one line here (README, «Как добавить вывод»)."""

from __future__ import annotations

from . import assets, catalogue_page, editor, listings, records, tab_embed, tab_fragment, tab_page, tab_zip

OUTPUTS = (
    records,         # practice, winner and event pages
    tab_page,        # organisations: the «Наставничество» tab on the site
    tab_embed,       # … the page for an <iframe>
    tab_fragment,    # … the script-free HTML fragment
    tab_zip,         # … the standalone ZIP
    listings,        # catalogue listings, organisations' own lists, folder pages
    catalogue_page,  # katalog/
    assets,          # assets/mentorbank/
    editor,          # redaktor/: the editor of records (Decap CMS) and its generated config.yml
)
