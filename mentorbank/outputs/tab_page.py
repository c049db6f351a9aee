"""The «Наставничество» tab of each organisation on the site (``organizacii/<id>/``): the tab, how to
place it on the organisation's own site (embed code, fragment, ZIP with their sizes) and its
attachments. The organisation's body is shown whole (and indexed whole)."""

from __future__ import annotations

from ..catalogue import Catalogue
from ..model import Record
from ..render import Env, LinkContext, Page
from . import Result, tabs

NAME = "tab_page"
READS_BODIES = frozenset({"organization"})


def page(org: Record, catalogue: Catalogue, env: Env) -> Page:
    """Render the site page of ``org``'s tab."""
    layout = tabs(catalogue, env)
    ctx = {"r": org, "org": catalogue.org_of(org)}
    ctx.update(layout.site_context(org, layout.outputs(org), LinkContext(org.url)))
    html = env.page("organization.html", org.url, **ctx)
    return Page(org.url, org.title, html, org.id, {site: src for site, src in env.attachments(org).values()})


def generate(catalogue: Catalogue, env: Env) -> Result:
    """The tab page of every published organisation (in the bank's order)."""
    return Result([page(r, catalogue, env) for r in catalogue.bank.records.values()
                   if r.published and r.type == "organization"])
