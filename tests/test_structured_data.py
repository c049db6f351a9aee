"""Structured data in record pages (README, «Ленты, календари и разметка для поисковиков»): the
schema.org JSON-LD of each record kind parses and has its properties; Open Graph and the description
meta are there for sharing; contributor text cannot close the ``<script>`` (``</script>`` in a title)."""

from __future__ import annotations

import datetime as dt
import json
from html.parser import HTMLParser

import pytest
from conftest import BUILD_DATE, ROOT

from mentorbank.bank import load_bank
from mentorbank.pages import Renderer

SITE_URL = "https://mentorbank.example/"
SCHEMA = "https://schema.org"


class Head(HTMLParser):
    """The JSON-LD scripts (text) and ``<meta>`` of a page's ``<head>``."""

    def __init__(self):
        super().__init__()
        self.scripts: list[str] = []
        self.meta: dict[str, list[str]] = {}
        self._in_ld = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "script" and a.get("type") == "application/ld+json":
            self._in_ld = True
            self.scripts.append("")
        elif tag == "meta" and (a.get("property") or a.get("name")):
            self.meta.setdefault(a.get("property") or a.get("name"), []).append(a.get("content", ""))

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_ld = False

    def handle_data(self, data):
        if self._in_ld:
            self.scripts[-1] += data


def head_of(html: str) -> Head:
    parser = Head()
    parser.feed(html.split("</head>", 1)[0] + "</head>")
    return parser


def json_ld(html: str) -> dict:
    (script,) = head_of(html).scripts
    data = json.loads(script)
    assert data["@context"] == SCHEMA
    return data


def page(site, url: str) -> str:
    return (site / url / "index.html").read_text("utf-8")


def bank():
    return load_bank(ROOT, dt.date.fromisoformat(BUILD_DATE))


def test_a_practice_is_a_creative_work_and_learning_resource(sample_site):
    r = bank().records["starshiy-drug"]
    data = json_ld(page(sample_site, r.url))
    assert data["@type"] == ["CreativeWork", "LearningResource"]
    assert data["name"] == r.title and data["url"] == SITE_URL + r.url
    assert data["dateModified"] == r.data["updated"]
    assert {a["educationalRole"] for a in data["audience"]} == {"обучающиеся 1–4 классов", "обучающиеся 5–9 классов"}
    assert all(a["@type"] == "EducationalAudience" for a in data["audience"])
    assert data["educationalLevel"] == "уровень образовательной организации"
    assert [t["name"] for t in data["about"]] == ["ученик – ученик"]
    school = bank().records["tulun-primer-shkola"]
    assert data["publisher"] == {"@type": "EducationalOrganization", "url": SITE_URL + school.url,
                                 "name": school.data["name"]}
    assert data["author"][0] == data["publisher"]
    assert data["award"] and "Наставник года — 2025" in data["award"][0]  # its winner record


def test_a_winner_is_the_competitions_recognition_of_the_practice(sample_site):
    r = bank().records["tulun-nastavnik-goda-2025-pobeditel"]
    data = json_ld(page(sample_site, r.url))
    subject = data["about"][0]
    assert subject["url"] == f"{SITE_URL}praktiki/starshiy-drug/"
    assert "LearningResource" in subject["@type"]
    assert subject["award"].startswith(r.data["title"]) and r.data["competition"] in subject["award"]
    # Without a practice the organisation is recognised.
    b = bank()
    w = b.records["tulun-nastavnik-goda-2025-pobeditel"]
    del w.data["practice"]
    renderer = Renderer(b, SITE_URL)
    renderer.all_pages()
    other = json.loads(head_of(renderer.heads[w.url]).scripts[0])
    assert other["about"][0]["@type"] == "EducationalOrganization" and other["about"][0]["award"]


@pytest.mark.parametrize("event_id, mode, location", [
    ("tulun-festival-praktik-2026", "OfflineEventAttendanceMode", "Place"),
    ("tulun-vebinar-distancionnoe-nastavnichestvo-2025", "OnlineEventAttendanceMode", "VirtualLocation"),
    ("solnechnogorsk-konferenciya-2026", "MixedEventAttendanceMode", ["Place", "VirtualLocation"]),
])
def test_an_event_is_an_education_event(sample_site, event_id, mode, location):
    r = bank().records[event_id]
    data = json_ld(page(sample_site, r.url))
    assert data["@type"] == "EducationEvent"
    assert data["startDate"] == r.data["start"] and data["endDate"] == r.data.get("end", r.data["start"])
    assert data["eventAttendanceMode"] == f"{SCHEMA}/{mode}"
    places = data["location"] if isinstance(data["location"], list) else [data["location"]]
    assert [p["@type"] for p in places] == (location if isinstance(location, list) else [location])
    if "Place" in [p["@type"] for p in places]:
        assert places[0]["name"] == r.data["location"]
    assert data["organizer"]["url"] == f"{SITE_URL}organizacii/{r.data['organizer']}/"


@pytest.mark.parametrize("org_id, kind", [("tulun-komitet", "GovernmentOrganization"),
                                          ("sosh-26", "EducationalOrganization"),
                                          ("tulun-primer-shkola", "EducationalOrganization")])
def test_an_organisation_is_educational_or_governmental(sample_site, org_id, kind):
    r = bank().records[org_id]
    data = json_ld(page(sample_site, r.url))
    assert data["@type"] == kind
    assert data["name"] == r.data["name"] and data["alternateName"] == r.data["short_name"]
    assert data["address"]["addressRegion"] == r.data["region"]
    if r.data.get("parent"):
        assert data["parentOrganization"]["url"] == f"{SITE_URL}organizacii/{r.data['parent']}/"


def test_every_record_page_has_json_ld_open_graph_and_its_description(sample_site):
    b = bank()
    records = [r for r in b.records.values() if r.published]
    assert {r.type for r in records} == {"practice", "winner", "event", "organization"}
    for r in records:
        html = page(sample_site, r.url)
        head = head_of(html)
        assert len(head.scripts) == 1, r.id
        json.loads(head.scripts[0])
        og = {k: v for k, v in head.meta.items() if k.startswith("og:")}
        assert og["og:title"] == [r.title], r.id
        assert og["og:url"] == [SITE_URL + r.url]
        assert og["og:locale"] == ["ru_RU"] and og["og:site_name"] == ["Банк практик наставничества"]
        assert og["og:type"] == ["website" if r.type == "organization" else "article"]
        assert head.meta["description"] == og["og:description"], r.id  # one description meta, the page's own
        assert head.meta["description"][0] and "Электронный банк практик" not in head.meta["description"][0]
    practice = b.records["starshiy-drug"]
    assert head_of(page(sample_site, practice.url)).meta["description"] == [" ".join(practice.data["summary"].split())]
    # Pages that are not records keep the site's description.
    assert head_of((sample_site / "index.html").read_text("utf-8")).meta["description"][0].startswith(
        "Электронный банк практик")


TRICKY = 'Практика </script><script>alert("x")</script> & <!-- «кавычки» \u2028'


def test_a_title_with_script_tags_stays_inside_the_json_ld():
    """Contributor text cannot close the script: ``<``, ``>``, ``&`` are JSON escapes; the value round-trips."""
    b = bank()
    r = b.records["starshiy-drug"]
    r.data["title"] = TRICKY
    r.data["summary"] = TRICKY
    renderer = Renderer(b, SITE_URL)
    renderer.all_pages()
    html = renderer.heads[r.url]
    script = html.split('<script type="application/ld+json">', 1)[1]
    body = script.split("</script>", 1)[0]
    assert "<" not in body and ">" not in body and "&" not in body
    assert json.loads(body)["name"] == TRICKY and json.loads(body)["description"] == " ".join(TRICKY.split())
    head = head_of(html)
    assert len(head.scripts) == 1 and json.loads(head.scripts[0])["name"] == TRICKY
    assert head.meta["og:title"] == [TRICKY]  # attribute values escaped, read back the same
    assert "<script>alert" not in html
