"""Feeds (README, «Ленты, календари и разметка для поисковиков»): the bank's ``feed.xml`` (Atom) and
``rss.xml`` (RSS 2.0) and each organisation's, read by feedparser as a feed reader would; newest
first; an authority's feed has its subordinate organisations' records; pages name their feeds in
``<head>``; drafts are in no feed."""

from __future__ import annotations

import datetime as dt
import re
import urllib.request

import feedparser
import pytest
from conftest import BUILD_DATE, ROOT

from mentorbank import urls
from mentorbank.bank import load_bank
from mentorbank.pages import Renderer

SITE_URL = "https://mentorbank.example/"
AUTHORITY = "tulun-primer-centr"   # the example authority: tulun-primer-shkola's parent
SCHOOL_PRACTICE = "starshiy-drug"  # a practice of tulun-primer-shkola


def bank():
    return load_bank(ROOT, dt.date.fromisoformat(BUILD_DATE))


def published(kinds=("practice", "winner")) -> list:
    return [r for r in bank().records.values() if r.type in kinds and r.published]


def entry_path(entry) -> str:
    """Site-relative URL of a feed entry (``praktiki/x/``)."""
    assert entry.link.startswith(SITE_URL), entry.link
    return entry.link[len(SITE_URL):]


@pytest.mark.parametrize("name", ["feed.xml", "rss.xml"])
def test_the_banks_feeds_parse_and_list_every_practice_and_winner_newest_first(sample_site, name):
    feed = feedparser.parse((sample_site / name).read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == ("atom10" if name == "feed.xml" else "rss20")
    assert feed.feed.title == "Банк практик наставничества: новые практики и победители"
    assert feed.feed.link == SITE_URL
    records = published()
    assert len(feed.entries) == len(records) <= 50
    assert {entry_path(e) for e in feed.entries} == {r.url for r in records}
    stamps = [e.updated_parsed if name == "feed.xml" else e.published_parsed for e in feed.entries]
    assert stamps == sorted(stamps, reverse=True)
    # The newest is the practice updated last (the contract's ``updated``).
    newest = max((r for r in records if r.type == "practice"), key=lambda r: r.data["updated"])
    assert entry_path(feed.entries[0]) == newest.url
    assert stamps[0][:3] == tuple(int(x) for x in newest.data["updated"].split("-"))
    for e in feed.entries:
        assert e.title and e.summary, e.link
        assert not re.search(r"\*\*|\]\(|^#|<[a-z]", e.summary), e.summary  # plain text, no Markdown
        assert re.search("[а-яё]", e.summary), e.summary


def test_a_practice_entry_is_its_title_summary_date_and_organisation(sample_site):
    feed = feedparser.parse((sample_site / "feed.xml").read_bytes())
    practice = bank().records[SCHOOL_PRACTICE]
    entry = next(e for e in feed.entries if entry_path(e) == practice.url)
    assert entry.title == practice.title
    assert entry.summary == " ".join(practice.data["summary"].split())
    assert entry.updated_parsed[:3] == tuple(int(x) for x in practice.data["updated"].split("-"))
    assert entry.author_detail.href == f"{SITE_URL}organizacii/tulun-primer-shkola/"
    assert [t.label for t in entry.tags] == ["Практика"]


@pytest.mark.parametrize("name", ["feed.xml", "rss.xml"])
def test_an_authoritys_feed_includes_its_subordinate_organisations_records(sample_site, name):
    b = bank()
    feed = feedparser.parse((sample_site / "organizacii" / AUTHORITY / name).read_bytes())
    assert not feed.bozo
    orgs = {AUTHORITY} | {r.id for r in b.records.values() if r.type == "organization"
                          and r.data.get("parent") == AUTHORITY}
    assert "tulun-primer-shkola" in orgs
    expected = {r.url for r in published() if r.data.get("organization") in orgs}
    got = {entry_path(e) for e in feed.entries}
    assert got == expected
    assert b.records[SCHOOL_PRACTICE].url in got
    # The school's own feed has its records only (not its parent's).
    school = feedparser.parse((sample_site / "organizacii/tulun-primer-shkola" / name).read_bytes())
    assert {entry_path(e) for e in school.entries} == {
        r.url for r in published() if r.data.get("organization") == "tulun-primer-shkola"}


def alternates(html: str) -> dict[str, str]:
    """type → href of the feeds' ``<link rel="alternate feed">`` in a page's head."""
    head = html.split("</head>", 1)[0]
    return {m.group(1): m.group(2) for m in re.finditer(
        r'<link rel="alternate feed" type="([^"]+)" title="[^"]+" href="([^"]+)">', head)}


@pytest.mark.parametrize("page, atom", [
    ("index.html", "feed.xml"), ("katalog/index.html", "feed.xml"), ("katalog/praktiki/index.html", "feed.xml"),
    ("katalog/pobediteli/index.html", "feed.xml"),
    (f"organizacii/{AUTHORITY}/index.html", f"organizacii/{AUTHORITY}/feed.xml"),
    ("organizacii/sosh-26/index.html", "organizacii/sosh-26/feed.xml"),
])
def test_pages_name_their_feeds_in_head(sample_site, page, atom):
    links = alternates((sample_site / page).read_text("utf-8"))
    assert links["application/atom+xml"] == SITE_URL + atom
    assert links["application/rss+xml"] == SITE_URL + atom.replace("feed.xml", "rss.xml")
    for href in (links["application/atom+xml"], links["application/rss+xml"]):
        assert (sample_site / href[len(SITE_URL):]).is_file()


def test_feed_xml_and_rss_xml_answer_on_the_served_site(sample_url):
    """The issue: «/feed.xml, /rss.xml answer 404»."""
    for name, root in (("feed.xml", b"<feed"), ("rss.xml", b"<rss")):
        with urllib.request.urlopen(sample_url + name) as response:
            assert response.status == 200
            assert root in response.read()


def test_feeds_are_the_same_bytes_in_two_builds_and_keep_no_draft():
    """Deterministic (the build date, not the clock); a draft practice is in no feed."""
    first = Renderer(bank(), SITE_URL)
    first.all_pages()
    b = bank()
    b.records[SCHOOL_PRACTICE].data["status"] = "draft"
    second = Renderer(b, SITE_URL)
    second.all_pages()
    third = Renderer(bank(), SITE_URL)
    third.all_pages()
    feeds = [p for p in first.static if p.endswith((".xml",))]
    assert "feed.xml" in feeds and f"organizacii/{AUTHORITY}/rss.xml" in feeds
    assert all(first.static[p] == third.static[p] for p in feeds)
    url = f"praktiki/{SCHOOL_PRACTICE}/".encode()
    assert any(url in first.static[p] for p in feeds)
    assert [p for p in feeds if url in second.static[p]] == []


def test_control_characters_in_a_title_do_not_break_the_feeds_or_calendars():
    """XML and iCalendar have no place for control characters (lxml refuses them): they are dropped."""
    from icalendar import Calendar

    b = bank()
    b.records[SCHOOL_PRACTICE].data["title"] = "Практика\x05 «Старший\x00 друг»\ufffe"
    b.records[SCHOOL_PRACTICE].data["summary"] = "Аннотация\x1b с управляющим символом"
    event = next(r for r in b.records.values() if r.type == "event")
    event.data["title"] = "Семинар\x07"
    renderer = Renderer(b, SITE_URL)
    renderer.all_pages()
    feed = feedparser.parse(renderer.static["feed.xml"])
    assert not feed.bozo
    entry = next(e for e in feed.entries if e.link.endswith(f"/{SCHOOL_PRACTICE}/"))
    assert entry.title == "Практика «Старший друг»" and entry.summary == "Аннотация с управляющим символом"
    summaries = {str(ev["SUMMARY"]) for ev in Calendar.from_ical(renderer.static[urls.EVENTS_ICAL]).walk("VEVENT")}
    assert "Семинар" in summaries
    assert b"\x07" not in renderer.static["katalog/meropriyatiya.ics"]


def test_the_winner_without_a_date_takes_its_competitions_date():
    """A winner has no date in the contract: its feed date is its competition's (``event``) end or start."""
    from mentorbank.describe import feed_date

    b = bank()
    winner = b.records["tulun-nastavnik-goda-2025-pobeditel"]
    event = b.records[winner.data["event"]]
    assert feed_date(winner, b.records).isoformat() == event.data.get("end", event.data["start"])
    other = b.records["tomsk-regionalnyy-konkurs-2026-laureat"]
    assert "event" not in other.data and not other.data.get("documents")
    assert feed_date(other, b.records) == dt.date(other.data["year"], 1, 1)

