"""The tab's page for an ``<iframe>`` on the organisation's own site (``organizacii/<id>/vstraivanie/``):
a standalone document without site chrome whose height the host page's loader follows."""

from __future__ import annotations

from .. import urls
from ..catalogue import Catalogue
from ..render import Env
from . import Result, tabs

NAME = "tab_embed"
READS_BODIES = frozenset({"organization"})


def generate(catalogue: Catalogue, env: Env) -> Result:
    """``organizacii/<id>/vstraivanie/index.html`` of every published organisation."""
    layout = tabs(catalogue, env)
    files = {}
    for org in catalogue.organizations:
        path = urls.embed_page(org.url) + "index.html"
        files[path] = layout.outputs(org).files[path]
    return Result(files=files)
