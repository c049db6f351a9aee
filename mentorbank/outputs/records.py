"""Pages of practices, winners and events (``praktiki/<id>/``, ``pobediteli/<id>/``, ``meropriyatiya/<id>/``).

A record page shows its own record and the records in its template context (``context``); with the
build's page cache (``env.page_cache``, ``pagecache.PageCache``) an unchanged page is not rendered again,
and no page's HTML stays in memory: the pages are ``render.StoredPage``, read from the cache when written.
The whole body goes to the search index, or only its first ``Settings.search_body_words`` words when
that setting is a number (README, «Поиск»).
"""

from __future__ import annotations

from functools import partial

from markupsafe import Markup

from ..catalogue import Catalogue
from ..model import Record
from ..render import Env, Page, StoredPage
from ..search import limit_search
from . import Result

NAME = "records"
TYPES = ("practice", "winner", "event")
READS_BODIES = frozenset(TYPES)


def context(r: Record, catalogue: Catalogue) -> dict:
    """Template context of the page of a practice, winner or event: ``r``, ``org`` and related records."""
    bank = catalogue.bank
    ctx: dict = {"r": r, "org": catalogue.org_of(r)}
    if r.type == "practice":
        ctx["winners"] = catalogue.winners_by.get(("practice", r.id), [])
        event_ids = {w.data.get("event") for w in ctx["winners"]}
        competitions = [bank.records[e] for e in event_ids if e in bank.records]
        own = catalogue.by_org.get(r.data.get("organization"), {}).get("event", [])
        ctx["events"] = (competitions + [e for e in own if e.id not in event_ids])[:10]
    elif r.type == "winner":
        ctx["practice"] = bank.get(r.data.get("practice"))
        ctx["event"] = bank.get(r.data.get("event"))
    elif r.type == "event":
        ctx["upcoming"] = catalogue.is_upcoming(r)
        ctx["winners"] = catalogue.winners_by.get(("event", r.id), [])
    return ctx


def _key(r: Record, catalogue: Catalogue, env: Env, ctx: dict | None = None) -> str | None:
    keys = env.shared("page_keys", dict)
    if r.id in keys:
        return keys.pop(r.id)
    return env.page_cache.key(r, ctx or context(r, catalogue), catalogue.org_of)


def bodies(catalogue: Catalogue, env: Env) -> list[str]:
    """Markdown of the published records of ``TYPES`` whose pages the page cache does not hold (all
    without a cache): what ``generate`` will render, for ``markup.MarkdownCache.prerender``."""
    out = []
    keys = env.shared("page_keys", dict)
    for r in _records(catalogue):
        if env.page_cache is not None:
            key = keys[r.id] = env.page_cache.key(r, context(r, catalogue), catalogue.org_of)
            if key and key in env.page_cache.stored:
                continue
        out.append(r.body)
    return out


def html(r: Record, catalogue: Catalogue, env: Env, ctx: dict | None = None) -> str:
    """The content HTML of the page of ``r`` (a published practice, winner or event), rendered now."""
    ctx = context(r, catalogue) if ctx is None else ctx
    body = env.markdown(r.body)
    words = env.settings.search_body_words
    ctx["body"] = Markup(limit_search(body, words) if words else body)
    return env.page(f"{r.type}.html", r.url, **ctx)


def page(r: Record, catalogue: Catalogue, env: Env) -> Page:
    """The page of one published practice, winner or event. With the build's page cache the page is
    a ``render.StoredPage``: its HTML is in the cache (rendered now if the cache did not hold it) and
    read back only when the page is written, so the build never holds every page's HTML at once."""
    ctx = context(r, catalogue)
    attachments = {site: src for site, src in env.attachments(r).values()}
    cache = env.page_cache
    key = _key(r, catalogue, env, ctx) if cache is not None else None
    if not key:
        return Page(r.url, r.title, html(r, catalogue, env, ctx), r.id, attachments)
    content = cache.get(key)
    if content is None:
        content = html(r, catalogue, env, ctx)
        cache.put(key, content)
    return StoredPage(r.url, r.title, r.id, attachments, cache, key, partial(html, r, catalogue, env),
                      "<h1" in content)


def _records(catalogue: Catalogue) -> list[Record]:
    return [r for r in catalogue.bank.records.values() if r.published and r.type in TYPES]


def generate(catalogue: Catalogue, env: Env) -> Result:
    """Every published practice's, winner's and event's page (in the bank's order)."""
    return Result([page(r, catalogue, env) for r in _records(catalogue)])


def regenerate(previous: Result, changed: list[Record], catalogue: Catalogue, env: Env) -> Result:
    """``previous`` with the pages of the ``changed`` records (their bodies only changed) rendered again."""
    fresh = {r.url: page(r, catalogue, env) for r in changed if r.published and r.type in TYPES}
    return Result([fresh.get(p.url, p) for p in previous.pages], previous.files)
