"""The core's static assets (``assets/mentorbank/``): tab styles, the embed loader, the version for
the visually impaired, the copy button (``tab_pages.ASSETS``)."""

from __future__ import annotations

from .. import urls
from ..catalogue import Catalogue
from ..render import Env
from ..tab_pages import ASSETS, asset
from . import Result

NAME = "assets"
READS_BODIES: frozenset[str] = frozenset()


def generate(catalogue: Catalogue, env: Env) -> Result:
    """Each file of ``ASSETS`` at ``urls.asset(name)``."""
    return Result(files={urls.asset(name): asset(name) for name in ASSETS})
