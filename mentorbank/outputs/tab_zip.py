"""The ZIP of the standalone tab (``organizacii/<id>/nastavnichestvo-<id>.zip``): HTML, styles, the
version for the visually impaired and attached files; the same bytes for the same content."""

from __future__ import annotations

from .. import urls
from ..catalogue import Catalogue
from ..render import Env
from . import Result, tabs

NAME = "tab_zip"
READS_BODIES = frozenset({"organization"})


def generate(catalogue: Catalogue, env: Env) -> Result:
    """``organizacii/<id>/nastavnichestvo-<id>.zip`` of every published organisation."""
    layout = tabs(catalogue, env)
    out = {}
    for org in catalogue.organizations:
        path = urls.tab_zip(org.url, org.id)
        out[path] = layout.outputs(org).files[path]
    return Result(files=out)
