"""Every listing shows each record it promises exactly once, split into pages of ``PAGE_SIZE``.

A generated bank large enough that every kind of listing paginates (all practices, by form, by
region, by year; winners; upcoming and past events; organisations; one organisation's own
lists) is rendered by the core; the sample site (built by MkDocs) is checked the same way. For
each listing: the record links across its pages are exactly the published records it should
hold (no record lost, none twice, no draft), every page but the last holds ``PAGE_SIZE``
entries, and the visitor reads the right total and page numbers.
"""

from __future__ import annotations

import datetime as dt
import math
import posixpath
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import BUILD_DATE
from slugify import slugify

from mentorbank.bank import load_bank
from mentorbank.catalogue import Catalogue
from mentorbank.model import Bank, Record
from mentorbank.pages import Renderer
from mentorbank.settings import Settings
from mentorbank.vocab import regions, slugs

#: Entries per listing page: the settings' default (the renderers below get no other).
PAGE_SIZE = Settings().page_size

TODAY = dt.date.fromisoformat(BUILD_DATE)
FORMS = slugs("form")
REGIONS = regions()[:4]
#: Counts chosen so that every listing has a full page and a partial last page.
N_ORGS, N_PRACTICES, N_WINNERS, N_UPCOMING, N_PAST = 57, 170, 61, 53, 77
BIG = "org-00"  # holds most records: its own listings paginate too


def _write(root: Path, rel: str, front: str, body: str = "Текст записи.\n") -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\n{front}---\n{body}", "utf-8")


def generate(root: Path) -> Path:
    """Write a bank of ``N_*`` records (plus a draft practice) into ``root``; return ``root``."""
    for i in range(N_ORGS):
        _write(root, f"content/organizations/org-{i:02d}.md",
               f"type: organization\nname: Школа номер {i}\nshort_name: Школа {i}\nkind: school\n"
               f"region: {REGIONS[i % len(REGIONS)]}\nmunicipality: Муниципалитет {i}\n")
    for i in range(N_PRACTICES + 1):
        org = BIG if i % 3 else f"org-{i % N_ORGS:02d}"
        forms = sorted({FORMS[i % len(FORMS)], FORMS[(i // 2) % 3]})
        status = "status: draft\n" if i == N_PRACTICES else ""
        _write(root, f"practices/practices/p-{i:03d}.md",
               f"type: practice\ntitle: Практика {i}\nsummary: Аннотация {i}.\norganization: {org}\n"
               f"year: {2019 + i % 7}\nforms: [{', '.join(forms)}]\naudience: [teachers]\ngoal: Цель {i}.\n"
               f"updated: 2025-01-01\n{status}")
    for i in range(N_WINNERS):
        _write(root, f"practices/winners/w-{i:03d}.md",
               f"type: winner\ntitle: Победитель {i}\ncompetition: Конкурс {i % 4}\nyear: {2020 + i % 5}\n"
               f"level: municipal\nresult: {'winner' if i % 2 else 'participant'}\norganization: {BIG}\n")
    for i in range(N_UPCOMING + N_PAST):
        # Upcoming events end on or after the build date (one ends on it, one started before it).
        if i < N_UPCOMING:
            start = TODAY + dt.timedelta(days=i - 1)
            end = TODAY + dt.timedelta(days=i)
        else:
            start = end = TODAY - dt.timedelta(days=i - N_UPCOMING + 1)
        _write(root, f"practices/events/e-{i:03d}.md",
               f"type: event\ntitle: Мероприятие {i}\nevent_type: seminar\nstart: {start}\nend: {end}\n"
               f"format: online\norganizer: {BIG}\nlevel: municipal\n")
    return root


class _Entries(HTMLParser):
    """Links of the list entries (``li.bank-entry > a.bank-entry__title``) and the text of a page."""

    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a" and "bank-entry__title" in (a.get("class") or ""):
            self.hrefs.append(a["href"])

    def handle_data(self, data):
        self.text.append(data)


def entries(page_url: str, html: str) -> tuple[list[str], str]:
    """Site-relative record URLs listed on the page at ``page_url``, and the page's text."""
    scan = _Entries()
    scan.feed(html)
    urls = [posixpath.normpath(posixpath.join(page_url, h)).lstrip("/") + "/" for h in scan.hrefs]
    return urls, " ".join(" ".join(scan.text).split())


def expected_listings(bank: Bank) -> dict[str, set[str]]:
    """Listing base URL → URLs of the records it must show, computed from the data (not the renderer)."""
    pub = {t: [r for r in bank.records.values() if r.type == t and r.published]
           for t in ("practice", "winner", "event", "organization")}
    practices = pub["practice"]

    def region(r):
        return bank.records[r.data["organization"]].data["region"]

    def last_day(event):
        return event.data.get("end") or event.data["start"]

    out = {"katalog/praktiki/": {r.url for r in practices},
           "katalog/pobediteli/": {r.url for r in pub["winner"]},
           "katalog/organizacii/": {r.url for r in pub["organization"]},
           "katalog/meropriyatiya/": {r.url for r in pub["event"] if last_day(r) >= BUILD_DATE},
           "katalog/meropriyatiya/proshedshie/": {r.url for r in pub["event"] if last_day(r) < BUILD_DATE}}
    for form in FORMS:
        if any(form in r.data["forms"] for r in practices):
            out[f"katalog/forma/{form}/"] = {r.url for r in practices if form in r.data["forms"]}
    for name in {region(r) for r in practices}:
        out[f"katalog/region/{slugify(name, max_length=60)}/"] = {r.url for r in practices if region(r) == name}
    for year in {r.data["year"] for r in practices}:
        out[f"katalog/god/{year}/"] = {r.url for r in practices if r.data["year"] == year}
    return out


def check_listing(pages: dict[str, str], base: str, expected: set[str]) -> None:
    """The pages of the listing at ``base`` in ``pages`` (URL → HTML) list exactly ``expected``."""
    numbered = sorted((int(m[1]), url) for url in pages if (m := re.fullmatch(re.escape(base) + r"(\d+)/", url)))
    urls = [base] + [url for _, url in numbered]
    count = math.ceil(len(expected) / PAGE_SIZE) or 1
    assert [n for n, _ in numbered] == list(range(2, count + 1)), (base, urls)
    listed, sizes = [], []
    for n, url in enumerate(urls, start=1):
        found, text = entries(url, pages[url])
        listed += found
        sizes.append(len(found))
        if expected:
            assert f"Записей: {len(expected)}" in text, (url, text[:300])
        if count > 1:
            assert f"страница {n} из {count}" in text, url
    assert len(listed) == len(set(listed)), (base, [u for u in set(listed) if listed.count(u) > 1])
    assert set(listed) == expected, (base, sorted(expected - set(listed)), sorted(set(listed) - expected))
    assert sizes == [PAGE_SIZE] * (count - 1) + [len(expected) - PAGE_SIZE * (count - 1)], (base, sizes)


@pytest.fixture(scope="module")
def big(tmp_path_factory) -> tuple[Bank, dict[str, str]]:
    bank = load_bank(generate(tmp_path_factory.mktemp("listings")), TODAY)
    assert [p.format() for p in bank.problems if p.severity == "error"] == []
    return bank, {p.url: p.html for p in Renderer(bank).all_pages()}


def test_the_generated_bank_paginates_every_listing(big):
    bank, pages = big
    listings = expected_listings(bank)
    assert all(len(v) > PAGE_SIZE for k, v in listings.items() if not k.startswith(("katalog/god/", "katalog/forma/",
                                                                                     "katalog/region/")))
    assert sum(len(v) > PAGE_SIZE for k, v in listings.items() if k.startswith("katalog/forma/")) >= 2
    assert sum(len(v) > PAGE_SIZE for k, v in listings.items() if k.startswith("katalog/region/")) >= 1


@pytest.mark.parametrize("kind", ["katalog/praktiki/", "katalog/forma/", "katalog/region/", "katalog/god/",
                                  "katalog/pobediteli/", "katalog/meropriyatiya/", "katalog/organizacii/"])
def test_each_listing_shows_each_record_once(big, kind):
    bank, pages = big
    listings = {k: v for k, v in expected_listings(bank).items() if k.startswith(kind)}
    assert listings
    for base, expected in listings.items():
        check_listing(pages, base, expected)


def test_an_organisations_own_lists_paginate(big):
    bank, pages = big
    own = {t: {r.url for r in bank.records.values() if r.type == t and r.published
               and r.data.get("organizer" if t == "event" else "organization") == BIG}
           for t in ("practice", "winner", "event")}
    for folder, t in (("praktiki", "practice"), ("pobediteli", "winner"), ("meropriyatiya", "event")):
        assert len(own[t]) > PAGE_SIZE, t
        check_listing(pages, f"organizacii/{BIG}/{folder}/", own[t])


def test_listings_put_titles_in_russian_alphabetical_order():
    """Within one year, date or place, records and organisations follow the Russian alphabet: «Ё» with
    «Е» (not after «Я»), small and capital letters alike."""
    names = ("Жуковская", "ёлочка", "Елисеевская")
    want = ["Елисеевская", "ёлочка", "Жуковская"]
    records = [Record(f"o{i}", "organization", {"short_name": n, "region": REGIONS[0], "municipality": "Район"},
                      "", None, Path(f"o{i}.md")) for i, n in enumerate(names)]
    for i, n in enumerate(names):
        records += [
            Record(f"p{i}", "practice", {"title": n, "year": 2024, "organization": f"o{i}", "updated": "2025-01-01"},
                   "", None, Path(f"p{i}.md")),
            Record(f"w{i}", "winner", {"title": "Победа", "year": 2024, "competition": n, "result": "winner"},
                   "", None, Path(f"w{i}.md")),
            Record(f"e{i}", "event", {"title": n, "start": "2027-01-10"}, "", None, Path(f"e{i}.md")),
            Record(f"f{i}", "event", {"title": n, "start": "2020-01-10"}, "", None, Path(f"f{i}.md"))]
    catalogue = Catalogue(Bank(Path("."), {r.id: r for r in records}, build_date=TODAY))
    assert [r.title for r in catalogue.organizations] == want
    assert [r.title for r in catalogue.practices] == want
    assert [r.data["competition"] for r in catalogue.winners] == want
    upcoming, past = catalogue.events
    assert [r.title for r in upcoming] == want and [r.title for r in past] == want[::-1]
    assert [org.title for org, _n in catalogue.counts["by_org"]] == want
    assert [r.title for r in catalogue.home["newest"]] == want[::-1]


def _rec(rid: str, rtype: str, **data) -> Record:
    return Record(rid, rtype, data, "", None, Path(f"{rid}.md"))


def test_catalogue_sorts_and_groups_what_the_listings_show():
    """Events ending on the build date are still upcoming; winners go by year, competition, result and
    place; an organisation's lists include its subordinates' records in listing order; regions and years
    are grouped; the home page shows the build year's winners or else the latest year's."""
    day = TODAY.isoformat()
    before, after = (TODAY - dt.timedelta(days=1)).isoformat(), (TODAY + dt.timedelta(days=1)).isoformat()
    records = [
        _rec("centr", "organization", short_name="Центр", region="Томская область"),
        _rec("shkola", "organization", short_name="Школа", parent="centr", region="Иркутская область"),
        _rec("p1", "practice", title="Первая", year=2023, organization="shkola", updated="2025-03-01",
             forms=[FORMS[0]]),
        _rec("p2", "practice", title="Вторая", year=2024, organization="centr", updated="2025-01-01",
             forms=[FORMS[1], FORMS[0]]),
        _rec("p3", "practice", title="Без организации", year=2023, updated="2025-02-01"),
        _rec("w1", "winner", title="Б", year=2025, competition="Конкурс", result="participant", practice="p1"),
        _rec("w2", "winner", title="А", year=2025, competition="Конкурс", result="winner", place=2,
             organization="shkola"),
        _rec("w3", "winner", title="В", year=2025, competition="Конкурс", result="winner", place=1, event="e1"),
        _rec("w4", "winner", title="Г", year=2024, competition="Арбуз", result="winner", organization="centr"),
        _rec("e1", "event", title="Сегодня кончается", start=before, end=day, organizer="shkola"),
        _rec("e2", "event", title="Вчера", start=before, organizer="centr"),
        _rec("e3", "event", title="Завтра", start=after, organizer="shkola"),
        _rec("e4", "event", title="Сегодня", start=day)]
    cat = Catalogue(Bank(Path("."), {r.id: r for r in records}, build_date=TODAY))
    ids = lambda items: [r.id for r in items]  # noqa: E731
    assert ids(cat.practices) == ["p2", "p3", "p1"]
    assert ids(cat.winners) == ["w3", "w2", "w1", "w4"]
    upcoming, past = cat.events
    assert ids(upcoming) == ["e1", "e4", "e3"] and ids(past) == ["e2"]
    assert cat.is_upcoming(records[-1]) and not cat.is_upcoming(_rec("x", "event"))
    assert ids(cat.organizations) == ["shkola", "centr"]
    assert cat.org_of(records[2]).id == "shkola" and cat.org_of(records[1]).id == "centr"
    assert cat.org_of(records[0]) is None and cat.org_of(records[11]).id == "shkola"
    assert {k: {kind: ids(v) for kind, v in d.items()} for k, d in cat.by_org.items()} == {
        "shkola": {"practice": ["p1"], "winner": ["w2"], "event": ["e1", "e3"]},
        "centr": {"practice": ["p2"], "winner": ["w4"], "event": ["e2"]},
        None: {"practice": ["p3"], "winner": ["w3", "w1"], "event": ["e4"]}}
    assert {k: ids(v) for k, v in cat.winners_by.items()} == {("practice", "p1"): ["w1"], ("event", "e1"): ["w3"]}
    assert ids(cat.descendants("centr")) == ["shkola"] and cat.descendants("shkola") == []
    assert {kind: ids(v) for kind, v in cat.with_subordinates["centr"].items()} == {
        "practice": ["p2", "p1"], "winner": ["w2", "w4"], "event": ["e1", "e3", "e2"]}
    assert {kind: ids(v) for kind, v in cat.with_subordinates["shkola"].items()} == {
        "practice": ["p1"], "winner": ["w2"], "event": ["e1", "e3"]}
    assert {k: ids(v) for k, v in cat.practices_by_region.items()} == {
        "Иркутская область": ["p1"], "Томская область": ["p2"]}
    assert list(cat.practices_by_region) == ["Иркутская область", "Томская область"]
    assert {k: ids(v) for k, v in cat.practices_by_year.items()} == {2023: ["p3", "p1"], 2024: ["p2"]}
    assert list(cat.practices_by_year) == [2023, 2024]
    assert ids(cat.practices_of_form(FORMS[0])) == ["p2", "p1"] and ids(cat.practices_of_form(FORMS[1])) == ["p2"]
    assert cat.practices_of_form(FORMS[2]) == []
    counts = cat.counts
    assert counts["counts"] == {"practice": 3, "winner": 4, "event": 4, "organization": 2}
    assert counts["by_year"] == [(2024, 1), (2023, 2)] and (counts["upcoming"], counts["past"]) == (3, 1)
    assert [(o.id, n) for o, n in counts["by_org"]] == [("centr", 1), ("shkola", 1)]
    assert ids(counts["upcoming_events"]) == ["e1", "e4", "e3"]
    home = cat.home
    assert ids(home["newest"]) == ["p1", "p3", "p2"] and ids(home["next_events"]) == ["e1", "e4", "e3"]
    assert home["winners_year"] == 2025 and ids(home["year_winners"]) == ["w3", "w2", "w1"]
    none_yet = Catalogue(Bank(Path("."), {r.id: r for r in records if r.id != "w1"},
                              build_date=dt.date(2024, 12, 31)))
    assert none_yet.home["winners_year"] == 2024 and ids(none_yet.home["year_winners"]) == ["w4"]
    later = Catalogue(Bank(Path("."), {r.id: r for r in records}, build_date=dt.date(2030, 1, 1)))
    assert later.home["winners_year"] == 2025
    assert Catalogue(Bank(Path("."), build_date=TODAY)).home["winners_year"] is None


def test_catalogue_puts_results_before_places_and_counts_only_what_is_published():
    """Winners of one competition: winners (by place, a winner without a place after the placed ones), then
    prize-winners, then participants; an organisation's events upcoming first, then past; the overview
    offers the next five events; a draft is counted nowhere."""
    day = lambda n: (TODAY + dt.timedelta(days=n)).isoformat()  # noqa: E731
    records = [
        _rec("o", "organization", short_name="Школа"),
        _rec("wd", "winner", title="А", year=2025, competition="Конкурс", result="participant"),
        _rec("wc", "winner", title="Б", year=2025, competition="Конкурс", result="prize-winner", place=2),
        _rec("wb", "winner", title="В", year=2025, competition="Конкурс", result="winner"),
        _rec("wa", "winner", title="Г", year=2025, competition="Конкурс", result="winner", place=1),
        _rec("ep", "event", title="Прошло", start=day(-1), organizer="o"),
        *[_rec(f"e{i}", "event", title=f"Событие {i}", start=day(i), organizer="o") for i in range(1, 7)],
        _rec("p", "practice", title="Практика", year=2024, organization="o"),
        _rec("pd", "practice", title="Черновик", year=2024, organization="o", status="draft")]
    cat = Catalogue(Bank(Path("."), {r.id: r for r in records}, build_date=TODAY))
    ids = lambda items: [r.id for r in items]  # noqa: E731
    assert ids(cat.winners) == ["wa", "wb", "wc", "wd"]
    assert ids(cat.by_org["o"]["event"]) == ["e1", "e2", "e3", "e4", "e5", "e6", "ep"]
    assert ids(cat.counts["upcoming_events"]) == ["e1", "e2", "e3", "e4", "e5"]
    assert ids(cat.home["next_events"]) == ["e1", "e2", "e3"]
    assert cat.counts["counts"] == {"practice": 1, "winner": 4, "event": 7, "organization": 1}
    assert ids(cat.practices) == ["p"] and ids(cat.by_org["o"]["practice"]) == ["p"]


def test_a_listing_of_exactly_full_pages_has_no_empty_page(tmp_path):
    """2 × ``PAGE_SIZE`` organisations: two full pages, no third one."""
    root = tmp_path / "repo"
    for i in range(2 * PAGE_SIZE):
        _write(root, f"content/organizations/org-{i:03d}.md",
               f"type: organization\nname: Школа номер {i}\nshort_name: Школа {i}\nkind: school\n"
               f"region: {REGIONS[0]}\nmunicipality: Муниципалитет {i}\n")
    bank = load_bank(root, TODAY)
    renderer = Renderer(bank)
    items = renderer.catalogue.organizations
    pages = {p.url: p.html for p in renderer.listing("katalog/organizacii/", "Организации", items)}
    check_listing(pages, "katalog/organizacii/", {r.url for r in bank.records.values()})


@pytest.mark.site
def test_sample_site_listings_show_each_record_once(sample_site):
    from conftest import ROOT

    bank = load_bank(ROOT, TODAY)
    listings = expected_listings(bank)
    pages = {}
    for base in listings:
        folder = sample_site / base
        for path in [folder / "index.html"] + [p / "index.html" for p in folder.iterdir() if p.name.isdigit()]:
            pages[str(path.parent.relative_to(sample_site)) + "/"] = path.read_text("utf-8")
    for base, expected in listings.items():
        check_listing(pages, base, expected)
