"""The tab's script-free HTML fragment (``organizacii/<id>/fragment.html``): inline styles, absolute
links, under ``Settings.fragment_limit`` bytes, for editors of official sites."""

from __future__ import annotations

from .. import urls
from ..catalogue import Catalogue
from ..render import Env
from . import Result, tabs

NAME = "tab_fragment"
READS_BODIES = frozenset({"organization"})


def generate(catalogue: Catalogue, env: Env) -> Result:
    """``organizacii/<id>/fragment.html`` of every published organisation."""
    layout = tabs(catalogue, env)
    return Result(files={urls.fragment(org.url): layout.outputs(org).files[urls.fragment(org.url)]
                         for org in catalogue.organizations})
