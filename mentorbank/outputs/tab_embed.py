"""The tab's page for an ``<iframe>`` on the organisation's own site (``organizacii/<id>/vstraivanie/``):
a standalone document without site chrome whose height the host page's loader follows."""

from __future__ import annotations

from .. import urls
from ..catalogue import Catalogue
from ..render import Env
from . import Result, tab_files

NAME = "tab_embed"
READS_BODIES = frozenset({"organization"})


def generate(catalogue: Catalogue, env: Env) -> Result:
    """``organizacii/<id>/vstraivanie/index.html`` of every published organisation."""
    return tab_files(catalogue, env, lambda org: urls.embed_page(org.url) + "index.html")
