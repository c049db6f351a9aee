"""Atom and RSS 2.0 feeds (feedgen) of new and updated practices and winners: the bank's
(``feed.xml``, ``rss.xml``) and each organisation's (``organizacii/<id>/feed.xml``, ``rss.xml``: its
own records and its subordinate organisations', as its tab lists them), newest first.

The date of an entry is ``describe.feed_date`` (a practice's ``updated``); the text is
``describe.description`` (the summary, no Markdown), links are absolute from ``site_url``. Pages they
belong to name them in ``<head>`` (``<link rel="alternate">``): the home page, the catalogue and its
practice and winner listings for the bank's, the organisation's tab page for its own. The bytes depend
only on the records and the build date (README, «Ленты, календари и разметка для поисковиков»).
"""

from __future__ import annotations

import datetime as dt
from html import escape

from feedgen.feed import FeedGenerator

from .. import urls
from ..catalogue import Catalogue
from ..describe import SITE_NAME, description, feed_date, plain
from ..model import TYPE_LABELS, Record, name_key
from ..render import Env
from . import Result

NAME = "feeds"
READS_BODIES: frozenset[str] = frozenset()
#: Entries in a feed: the newest ones (a feed is read for what is new, not as an archive).
FEED_SIZE = 50
#: Pages that link to the bank's feeds (``""``: the home page).
BANK_FEED_PAGES = ("", urls.CATALOGUE, urls.PRACTICES, urls.WINNERS)


def newest(records: list[Record], catalogue: Catalogue) -> list[tuple[dt.date, Record]]:
    """(feed date, record) of ``records``, newest first (ties: title, then id), at most ``FEED_SIZE``."""
    dated = [(feed_date(r, catalogue.bank.records), r) for r in records]
    dated.sort(key=lambda pair: (-pair[0].toordinal(), name_key(pair[1].title), pair[1].id))
    return dated[:FEED_SIZE]


def _moment(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


def make_feed(title: str, subtitle: str, page_url: str, atom_url: str, entries: list[tuple[dt.date, Record]],
              catalogue: Catalogue, env: Env) -> FeedGenerator:
    """A feed of ``entries`` (from ``newest``) about the page at ``page_url`` (site-relative), whose Atom
    file is at ``atom_url``; absolute links from ``env.site_url``."""
    base = env.site_url
    fg = FeedGenerator()
    fg.id(base + atom_url)
    fg.title(plain(title))
    fg.subtitle(plain(subtitle))
    fg.description(plain(subtitle))
    fg.link(href=base + atom_url, rel="self")
    fg.link(href=base + page_url, rel="alternate")  # the last alternate link is RSS's <link>
    fg.language("ru")
    fg.author({"name": SITE_NAME})
    fg.generator(SITE_NAME)
    built = _moment(catalogue.build_date)
    fg.updated(_moment(entries[0][0]) if entries else built)
    fg.lastBuildDate(built)
    for day, r in entries:
        org = catalogue.org_of(r)
        entry = fg.add_entry(order="append")
        entry.id(base + r.url)
        entry.guid(base + r.url, permalink=True)
        entry.title(plain(r.title) or r.id)  # feedgen requires a title; a blank one is the id
        entry.link(href=base + r.url, rel="alternate")
        text = description(r, org)
        if text:
            entry.summary(text)  # Atom <summary>, RSS <description>
        entry.updated(_moment(day))
        entry.pubDate(_moment(day))
        entry.category(term=r.type, label=TYPE_LABELS[r.type])
        if org is not None:
            entry.author({"name": plain(org.data.get("name") or org.title) or org.id, "uri": base + org.url})
    return fg


def files(fg: FeedGenerator, page_url: str, atom_url: str, rss_url: str, env: Env) -> dict[str, bytes]:
    """The Atom and RSS files of ``fg`` (from ``make_feed``), each naming itself as ``rel="self"``."""
    atom = fg.atom_str(pretty=True)
    fg.link([{"href": env.site_url + rss_url, "rel": "self"}, {"href": env.site_url + page_url, "rel": "alternate"}],
            replace=True)
    return {atom_url: atom, rss_url: fg.rss_str(pretty=True)}


def links(atom_url: str, rss_url: str, title: str, env: Env) -> str:
    """``<link rel="alternate feed">`` of an Atom and an RSS feed for a page's ``<head>`` (autodiscovery:
    the ``alternate`` token with the feed's type; not ``rel="alternate"`` alone, which the theme's script
    takes for another language of the site and for which it fetches ``sitemap.xml`` from the feed's host)."""
    return "".join(
        f'<link rel="alternate feed" type="{kind}" title="{escape(f"{title} ({name})")}" '
        f'href="{escape(env.site_url + url)}">'
        for kind, name, url in (("application/atom+xml", "Atom", atom_url), ("application/rss+xml", "RSS", rss_url)))


def generate(catalogue: Catalogue, env: Env) -> Result:
    """The bank's feeds and every published organisation's, with their links in pages' ``<head>``."""
    result = Result()
    subtitle = "Новые и обновлённые практики наставничества, победители и призёры конкурсов"
    title = f"{SITE_NAME}: новые практики и победители"
    fg = make_feed(title, subtitle, "", urls.FEED_ATOM,
                   newest(catalogue.practices + catalogue.winners, catalogue), catalogue, env)
    result.files.update(files(fg, "", urls.FEED_ATOM, urls.FEED_RSS, env))
    head = links(urls.FEED_ATOM, urls.FEED_RSS, title, env)
    result.heads.update(dict.fromkeys(BANK_FEED_PAGES, head))
    for org in catalogue.organizations:
        own = catalogue.with_subordinates.get(org.id, {})
        atom, rss = urls.org_feed_atom(org.url), urls.org_feed_rss(org.url)
        org_title = f"{org.title}: практики наставничества и победители"
        org_subtitle = f"{subtitle}: {org.data.get('name') or org.title}"
        if catalogue.descendants(org.id):
            org_subtitle += " и подведомственные организации"
        fg = make_feed(org_title, org_subtitle, org.url, atom,
                       newest(own.get("practice", []) + own.get("winner", []), catalogue), catalogue, env)
        result.files.update(files(fg, org.url, atom, rss, env))
        result.heads[org.url] = links(atom, rss, org_title, env)
    return result
