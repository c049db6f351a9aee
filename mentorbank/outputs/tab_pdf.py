"""The PDF of the tab (``organizacii/<id>/nastavnichestvo-<id>.pdf``): the standalone tab with the print
stylesheet (``pdf``), dated by the day it is made — the embed that always works on constructors that accept
only documents. A tab whose PDF content did not change is taken from the build cache (``pdf.PdfCache``),
also on a later day: it keeps the date it was made on («Сведения на …» stays true)."""

from __future__ import annotations

from .. import urls
from ..catalogue import Catalogue
from ..render import Env
from . import Result, tabs

NAME = "tab_pdf"
READS_BODIES = frozenset({"organization"})


def generate(catalogue: Catalogue, env: Env) -> Result:
    """``organizacii/<id>/nastavnichestvo-<id>.pdf`` of every published organisation; keeps the PDFs
    in the build cache for the next build."""
    layout = tabs(catalogue, env)
    result = Result(files={urls.tab_pdf(org.url, org.id): layout.pdf(org) for org in catalogue.organizations})
    layout.pdf_cache().save()
    return result
