"""Everything the bank publishes: one module per published thing, listed in ``registry.OUTPUTS``.

Each output module has

- ``NAME``: a short name (``records``, ``listings``, …);
- ``READS_BODIES``: the record types whose Markdown *body* the output shows (a frozenset). A live-reload
  rebuild in which only bodies of some types changed reuses every output that reads none of them
  (``build.prepare``); an output that does is generated again — for the changed records only if the
  module has ``regenerate(previous, changed, catalogue, env)``;
- ``generate(catalogue, env) -> Result``: its pages (``render.Page``), static files (site path →
  bytes, or → ``pathlib.Path`` of a file the output wrote, for files too large to hold in memory)
  and additions to other pages' ``<head>`` (feed links, JSON-LD, Open Graph, descriptions), from
  the read-only ``catalogue.Catalogue`` and the render environment ``render.Env``.

Outputs never change the catalogue; what several outputs share (the tab layout of an organisation)
is kept per build by ``env.shared``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..catalogue import Catalogue
from ..model import Record
from ..render import Env, Page
from ..tab_pages import TabRenderer


@dataclass
class Result:
    """What one output publishes: ``pages`` (generated pages), ``files`` (site path → the file's bytes,
    or → the ``pathlib.Path`` of a file the output has written, under the build cache, for files too
    large to hold in memory: the open data; the adapter copies it into the site), ``heads``
    (page URL, ``""`` for the home page → HTML to add at the end of its ``<head>``; several outputs'
    additions to one page are joined in registry order) and ``descriptions`` (page URL → plain text of
    its ``<meta name="description">``; pages without one keep the site's)."""

    pages: list[Page] = field(default_factory=list)
    files: dict[str, bytes | Path] = field(default_factory=dict)
    heads: dict[str, str] = field(default_factory=dict, kw_only=True)
    descriptions: dict[str, str] = field(default_factory=dict, kw_only=True)


def tabs(catalogue: Catalogue, env: Env) -> TabRenderer:
    """The build's one ``TabRenderer`` (each organisation's tab is laid out once for its four shapes)."""
    return env.shared("tabs", lambda: TabRenderer(catalogue, env))


def tab_files(catalogue: Catalogue, env: Env, path_of: Callable[[Record], str]) -> Result:
    """One static shape of every published organisation's tab: ``path_of(org)`` is its site path
    (embed page, fragment or ZIP), the bytes come from the build's ``TabRenderer.outputs``."""
    layout = tabs(catalogue, env)
    return Result(files={path_of(org): layout.outputs(org).files[path_of(org)] for org in catalogue.organizations})
