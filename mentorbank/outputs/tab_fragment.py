"""The tab's script-free HTML fragment (``organizacii/<id>/fragment.html``): inline styles, absolute
links, under ``Settings.fragment_limit`` bytes, for editors of official sites."""

from __future__ import annotations

from .. import urls
from ..catalogue import Catalogue
from ..render import Env
from . import Result, tab_files

NAME = "tab_fragment"
READS_BODIES = frozenset({"organization"})


def generate(catalogue: Catalogue, env: Env) -> Result:
    """``organizacii/<id>/fragment.html`` of every published organisation."""
    return tab_files(catalogue, env, lambda org: urls.fragment(org.url))
