"""The catalogue page (``katalog/``): counts per type, form, region, year and organisation, with links
to the listings."""

from __future__ import annotations

from .. import urls
from ..catalogue import Catalogue
from ..render import Env, Page
from . import Result

NAME = "catalogue_page"
READS_BODIES: frozenset[str] = frozenset()


def generate(catalogue: Catalogue, env: Env) -> Result:
    """The one page ``katalog/``."""
    return Result([Page(urls.CATALOGUE, "Каталог", env.page("catalog.html", urls.CATALOGUE, **catalogue.counts))])
