"""The ZIP of the standalone tab (``organizacii/<id>/nastavnichestvo-<id>.zip``): HTML, styles, the
version for the visually impaired and attached files; the same bytes for the same content."""

from __future__ import annotations

from .. import urls
from ..catalogue import Catalogue
from ..render import Env
from . import Result, tab_files

NAME = "tab_zip"
READS_BODIES = frozenset({"organization"})


def generate(catalogue: Catalogue, env: Env) -> Result:
    """``organizacii/<id>/nastavnichestvo-<id>.zip`` of every published organisation."""
    return tab_files(catalogue, env, lambda org: urls.tab_zip(org.url, org.id))
