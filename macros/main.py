"""mkdocs-macros module for maintainer pages in content/ (never for contributor files).

Contributor records are not MkDocs pages at all (the adapter replaces them),
so Jinja here only ever sees maintainers' Markdown.
"""

from mentorbank.render import full_stop
from mentorbank.session import LIVE


def define_env(env):
    """Register the macros available to maintainer pages."""

    @env.macro
    def bank_overview() -> str:
        """HTML block: counts per type and per form, next events (links relative to the home page)."""
        prepared = LIVE.current
        if prepared is None:
            return ""
        url = env.page.url if env.page else ""
        return prepared.renderer.overview_html(url)

    @env.macro
    def search_settings() -> str:
        """The search page's filters and their Russian names as JSON (``search.settings_script``)."""
        from mentorbank.search import settings_script

        return settings_script()

    @env.macro
    def bank_build_date() -> str:
        """The build date in Russian («21 ноября 2026 г.»)."""
        from mentorbank.dates import ru_date

        return ru_date(LIVE.current.bank.build_date) if LIVE.current else ""

    # «Данные на {{ bank_build_date()|full_stop }}»: no second full stop after «г.».
    env.filter(full_stop)
