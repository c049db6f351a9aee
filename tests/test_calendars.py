"""Calendars (README, «Ленты, календари и разметка для поисковиков»): every ``.ics`` of the built site
parses with icalendar; one VEVENT per event with its dates as all-day events (DTEND exclusive);
every published event is in the bank's calendar; an organisation's has its subordinates' events,
a region's its organisers'; UIDs are stable; «Добавить в календарь» downloads the event in chromium,
and the event page and the events listing are photographed at 1280 and 375 px."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import ARTIFACTS, BUILD_DATE, ROOT
from icalendar import Calendar

from mentorbank import urls
from mentorbank.bank import load_bank
from mentorbank.pages import Renderer

SITE_URL = "https://mentorbank.example/"
EVENT = "tulun-festival-praktik-2026"  # two days, past on the build date


def bank():
    return load_bank(ROOT, dt.date.fromisoformat(BUILD_DATE))


def events() -> dict:
    return {r.id: r for r in bank().records.values() if r.type == "event" and r.published}


def vevents(data: bytes) -> list:
    return Calendar.from_ical(data).walk("VEVENT")


def test_every_ics_parses_and_each_vevent_has_the_events_dates_as_an_all_day_event(sample_site):
    files = sorted(sample_site.rglob("*.ics"))
    published = events()
    assert len(files) >= 1 + 13 + 3 + len(published)  # bank, organisations, regions, one per event
    for path in files:
        cal = Calendar.from_ical(path.read_bytes())
        assert str(cal["VERSION"]) == "2.0" and cal["X-WR-CALNAME"]
        for ev in cal.walk("VEVENT"):
            record_id, host = str(ev["UID"]).split("@")
            assert host == "mentorbank.example"
            r = published[record_id]
            start = dt.date.fromisoformat(r.data["start"])
            end = dt.date.fromisoformat(r.data.get("end", r.data["start"]))
            assert type(ev.decoded("DTSTART")) is dt.date, path  # a date, not a date-time: all-day
            assert ev.decoded("DTSTART") == start
            assert ev.decoded("DTEND") == end + dt.timedelta(days=1)  # exclusive end
            assert str(ev["SUMMARY"]) == r.title
            assert str(ev["URL"]) == SITE_URL + r.url
            assert ev.decoded("DTSTAMP") == dt.datetime(2026, 11, 21, tzinfo=dt.UTC)
            location = str(ev["LOCATION"])
            assert location == (r.data.get("url", "онлайн") if r.data["format"] == "online" else r.data["location"])


def test_a_multi_day_event_ends_the_day_after_its_last_day(sample_site):
    multi = [r for r in events().values() if r.data.get("end", r.data["start"]) != r.data["start"]]
    assert multi, "the sample needs an event of several days"
    r = multi[0]
    (ev,) = vevents((sample_site / urls.event_calendar(r.url, r.id)).read_bytes())
    assert ev.decoded("DTEND") - ev.decoded("DTSTART") == dt.date.fromisoformat(r.data["end"]) - \
        dt.date.fromisoformat(r.data["start"]) + dt.timedelta(days=1)


def test_every_published_event_is_once_in_the_banks_calendar(sample_site):
    uids = [str(ev["UID"]) for ev in vevents((sample_site / urls.EVENTS_ICAL).read_bytes())]
    assert sorted(uids) == sorted(f"{i}@mentorbank.example" for i in events())
    for r in events().values():
        assert len(vevents((sample_site / urls.event_calendar(r.url, r.id)).read_bytes())) == 1


def test_organisation_and_region_calendars(sample_site):
    b = bank()
    authority = "solnechnogorsk-primer-centr"  # its school solnechnogorsk-primer-shkola-2 organises an event
    subordinates = {authority} | {r.id for r in b.records.values() if r.type == "organization"
                                  and r.data.get("parent") == authority}
    got = {str(ev["UID"]).split("@")[0] for ev in vevents(
        (sample_site / urls.org_calendar(f"organizacii/{authority}/")).read_bytes())}
    assert got == {i for i, r in events().items() if r.data["organizer"] in subordinates}
    assert any(events()[i].data["organizer"] != authority for i in got)  # a subordinate's event is there
    by_region: dict[str, set] = {}
    for i, r in events().items():
        by_region.setdefault(b.records[r.data["organizer"]].data["region"], set()).add(i)
    for region, ids in by_region.items():
        cal = (sample_site / urls.region_calendar(region)).read_bytes()
        assert {str(ev["UID"]).split("@")[0] for ev in vevents(cal)} == ids, region


def test_uids_and_bytes_are_stable_across_builds():
    """Two builds give the same bytes; without one event, the others keep their UIDs and VEVENTs."""
    first = Renderer(bank(), SITE_URL)
    first.all_pages()
    again = Renderer(bank(), SITE_URL)
    again.all_pages()
    ics = [p for p in first.static if p.endswith(".ics")]
    assert ics and all(first.static[p] == again.static[p] for p in ics)
    b = bank()
    gone = next(iter(events()))
    del b.records[gone]
    fewer = Renderer(b, SITE_URL)
    fewer.all_pages()
    before = {str(ev["UID"]): ev.to_ical() for ev in vevents(first.static[urls.EVENTS_ICAL])}
    after = {str(ev["UID"]): ev.to_ical() for ev in vevents(fewer.static[urls.EVENTS_ICAL])}
    assert set(before) - set(after) == {f"{gone}@mentorbank.example"}
    assert all(before[uid] == after[uid] for uid in after)


def test_a_draft_event_is_in_no_calendar():
    b = bank()
    b.records[EVENT].data["status"] = "draft"  # the validator forbids it on events; the renderer skips drafts
    renderer = Renderer(b, SITE_URL)
    renderer.all_pages()
    assert [p for p, data in renderer.static.items() if p.endswith(".ics") and EVENT.encode() in data] == []


def test_the_event_page_and_the_listing_offer_the_calendar(sample_site):
    html = (sample_site / "meropriyatiya" / EVENT / "index.html").read_text("utf-8")
    assert f'href="{EVENT}.ics" download="{EVENT}.ics"' in html and "Добавить в календарь" in html
    listing = (sample_site / "katalog/meropriyatiya/index.html").read_text("utf-8")
    assert "Подписаться на календарь" in listing
    assert 'href="webcal://mentorbank.example/katalog/meropriyatiya.ics"' in listing
    assert "https://mentorbank.example/katalog/meropriyatiya.ics" in listing


@pytest.mark.parametrize("width", [1280, 375])
def test_add_to_calendar_downloads_the_event_in_chromium(browser, sample_url, width, tmp_path):
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="ru-RU", accept_downloads=True)
    page = context.new_page()
    try:
        page.goto(sample_url + f"meropriyatiya/{EVENT}/")
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"calendar-event-{width}.png"), full_page=True)
        button = page.get_by_role("link", name="Добавить в календарь")
        assert button.is_visible()
        with page.expect_download() as info:
            button.click()
        download = info.value
        assert download.suggested_filename == f"{EVENT}.ics"
        saved = tmp_path / "event.ics"
        download.save_as(saved)
        (ev,) = vevents(saved.read_bytes())
        assert str(ev["UID"]) == f"{EVENT}@mentorbank.example"
        page.goto(sample_url + "katalog/meropriyatiya/")
        subscribe = page.get_by_role("link", name="Подписаться на календарь")
        assert subscribe.is_visible()
        assert subscribe.get_attribute("href").startswith("webcal://")
        page.screenshot(path=str(ARTIFACTS / f"calendar-listing-{width}.png"), full_page=True)
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0
    finally:
        context.close()
