"""The built sample site: every record has its page, listings are paginated, search finds by stem."""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import BUILD_DATE, ROOT, build_site, copy_repo, pagefind_query, serve

from mentorbank.adapter.pagefind import verify_output
from mentorbank.bank import load_bank
from mentorbank.markup import render_markdown
from mentorbank.search import FILTERS, limit_search
from mentorbank.settings import load as load_settings
from mentorbank.vocab import label

#: The sample bank's settings (extra.mentorbank of its mkdocs.yml, or the defaults).
SETTINGS = load_settings(ROOT)


@pytest.fixture(scope="module")
def bank():
    return load_bank(ROOT, dt.date.fromisoformat(BUILD_DATE))


def test_sample_content_is_valid(bank):
    assert [p.format() for p in bank.problems if p.severity == "error"] == []


def test_sample_content_covers_every_form_and_kind(bank):
    """The sample bank has enough practices (every form), winners and events (past and coming) to show
    every listing and filter."""
    practices = bank.of_type("practice")
    assert len(practices) >= 15
    forms = {f for r in practices for f in r.data["forms"]}
    assert forms == set(label.__globals__["vocabularies"]()["form"])
    assert len(bank.of_type("winner")) >= 5
    events = bank.of_type("event")
    assert len(events) >= 8
    assert any(e.data["start"] > BUILD_DATE for e in events) and any(e.data["start"] < BUILD_DATE for e in events)


def test_every_published_record_has_a_page(bank, sample_site):
    missing = [r.id for r in bank.records.values()
               if r.published and not (sample_site / r.url / "index.html").is_file()]
    assert missing == []


def test_drafts_never_reach_the_site(bank, sample_site):
    drafts = [r for r in bank.records.values() if not r.published]
    assert drafts, "sample content should contain a draft"
    for r in drafts:
        assert not (sample_site / r.url).exists()
        for html in sample_site.rglob("*.html"):
            assert r.data["title"] not in html.read_text("utf-8"), html


def test_every_organization_has_a_page_with_its_roadmap(bank, sample_site):
    for org in bank.of_type("organization"):
        html = (sample_site / org.url / "index.html").read_text("utf-8")
        for rm in org.data.get("roadmaps", []):
            rows = sum(len(s["items"]) for s in rm["sections"])
            assert html.count('<tr class="bank-status--') == rows or len(org.data["roadmaps"]) > 1, org.id


def test_pagefind_index_is_written(sample_site):
    assert (sample_site / "pagefind" / "pagefind.js").is_file()
    html = (sample_site / "poisk" / "index.html").read_text("utf-8")
    assert "assets/search.js" in html and "pagefind-ui.js" not in html
    assert '<label class="bank-search__label" for="bank-search-input">Что найти</label>' in html


_IGNORED = re.compile(r"<(\w+)\b[^>]*data-pagefind-ignore[^>]*>.*?</\1>", re.S)


def indexed_body(record) -> str:
    """The text of ``record``'s body that goes to the search index (the whole body by default)."""
    html = render_markdown(record.body)
    limited = limit_search(html, SETTINGS.search_body_words) if SETTINGS.search_body_words else html
    return re.sub(r"<[^>]+>", " ", _IGNORED.sub(" ", limited))


def test_limit_search_marks_blocks_after_the_budget():
    words = " ".join(["слово"] * 60)
    html = render_markdown(f"## Начало\n\n{words}\n\n{words}\n\n## Итоги\n\n- пункт\n\n{words}\n\nхвост <b>жирный</b>")
    out = limit_search(html, 100)
    assert out.count("data-pagefind-ignore") == 3  # the list and the last two paragraphs
    assert "<h2>Итоги</h2>" in out and "<h2>Начало</h2>" in out  # headings are always indexed
    assert out.startswith("<h2>Начало</h2>\n<p>слово")
    assert re.sub(r" data-pagefind-ignore", "", out) == html  # only the attribute is added
    long_first = render_markdown(" ".join(["слово"] * 500))
    assert limit_search(long_first, 100) == long_first  # the first paragraph is always indexed
    assert limit_search("<p>a</p>stray", 1) == "<p>a</p><span data-pagefind-ignore>stray</span>"
    assert limit_search("", 100) == ""
    # Parsed, not scanned: «>» inside an attribute value and references stay as written.
    tricky = '<p>a &amp; b</p><p title="x>y">c &#8212; d</p><p><img alt="1>0" src="x.png"></p>'
    assert limit_search(tricky, 2) == ('<p>a &amp; b</p><p title="x>y" data-pagefind-ignore>c &#8212; d</p>'
                                       '<p data-pagefind-ignore><img alt="1>0" src="x.png"></p>')


def test_contributors_cannot_mark_search_attributes():
    html = render_markdown('<p data-pagefind-ignore data-pagefind-filter="Регион">x</p>'
                           '<span data-pagefind-body data-pagefind-meta="title">y</span>')
    assert "data-pagefind" not in html


def test_long_bodies_are_indexed_whole(bank, sample_site):
    """Issue 16: the whole body goes to the search index by default (no block of it is ignored)."""
    assert SETTINGS.search_body_words is None
    long = [r for r in bank.of_type("practice") if r.published and len(r.body.split()) > 200]
    assert long, "sample practices should have long bodies"
    for r in long:
        html = (sample_site / r.url / "index.html").read_text("utf-8")
        body = html.split('<div class="bank-body">', 1)[1]
        assert "data-pagefind-ignore" not in body.split("</div>", 1)[0], r.id


def test_material_search_is_off(sample_site):
    assert not (sample_site / "search" / "search_index.json").exists()


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []
        self.entries = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.hrefs.append(attrs["href"])
        if tag == "li" and "bank-entry" in (attrs.get("class") or ""):
            self.entries += 1


def test_internal_links_resolve(sample_site):
    broken = []
    for html in sample_site.rglob("*.html"):
        parser = _Links()
        parser.feed(html.read_text("utf-8"))
        for href in parser.hrefs:
            if re.match(r"^[a-z]+:|^#|^//", href):
                continue
            path = href.split("#")[0].split("?")[0]
            base = sample_site if path.startswith("/") else html.parent
            target = (base / path.lstrip("/")).resolve()
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.append(f"{html.relative_to(sample_site)} → {href}")
    assert broken == []


def test_events_split_by_build_date(bank, sample_site):
    upcoming = (sample_site / "katalog/meropriyatiya/index.html").read_text("utf-8")
    past = (sample_site / "katalog/meropriyatiya/proshedshie/index.html").read_text("utf-8")
    for e in bank.of_type("event"):
        last = e.data.get("end") or e.data["start"]
        assert (e.url.split("/")[1] in upcoming) == (last >= BUILD_DATE), e.id
        assert (e.url.split("/")[1] in past) == (last < BUILD_DATE), e.id


def _practice_file(i: int, form: str) -> str:
    return f"""---
type: practice
title: Практика номер {i}
summary: Краткая аннотация практики {i}.
organization: shkola-1
year: {2020 + i % 6}
forms: [{form}]
audience: [teachers]
goal: Цель практики {i}.
updated: 2025-01-01
---
Текст практики {i}: наставник и наставляемый.
"""


@pytest.fixture(scope="module")
def big_site(tmp_path_factory):
    """A copy of the repository with 120 extra practices of one form: lists must paginate."""
    root = copy_repo(tmp_path_factory.mktemp("big"))
    (root / "content/organizations/shkola-1.md").write_text(
        "---\ntype: organization\nname: Школа 1 (тест)\nshort_name: Школа 1\nkind: school\n"
        "region: Томская область\nmunicipality: Томский район\n---\nТестовая школа.\n", "utf-8")
    for i in range(120):
        (root / f"practices/practices/test-{i:03d}.md").write_text(_practice_file(i, "head-teacher"), "utf-8")
    site = root / "site"
    done = build_site(root, site)
    assert done.returncode == 0, done.stdout + done.stderr
    return site


def test_listings_are_paginated(big_site):
    listing = big_site / "katalog" / "praktiki"
    pages = [listing / "index.html"] + sorted(p / "index.html" for p in listing.iterdir() if p.name.isdigit())
    assert len(pages) >= 3
    counts = []
    for page in pages:
        parser = _Links()
        parser.feed(page.read_text("utf-8"))
        counts.append(parser.entries)
    assert max(counts) <= SETTINGS.page_size
    assert sum(counts) >= 120
    form_pages = list((big_site / "katalog/forma/head-teacher").rglob("index.html"))
    assert len(form_pages) >= 3


def test_search_finds_inflected_forms(sample_url, page, bank):
    """«наставника» must find practices whose text says «наставник» (Russian stemming)."""
    results = pagefind_query(page, sample_url, "наставника")
    found = {r["url"].strip("/").split("/")[-1] for r in results}
    expected = {r.id for r in bank.of_type("practice") if r.published and re.search(
                r"\bнаставник\b", indexed_body(r) + r.data["summary"] + r.data["title"], re.IGNORECASE)}
    assert expected, "sample practices should say «наставник»"
    assert expected <= found


def test_search_filter_by_form_returns_only_that_form(sample_url, page, bank):
    for slug in ("student-student", "pupil-pupil"):
        name = label("form", slug)
        results = pagefind_query(page, sample_url, None, {FILTERS["form"]: name})
        assert results, slug
        for r in results:
            assert name in r["filters"][FILTERS["form"]], r["url"]
        expected = {p.id for p in bank.of_type("practice") if slug in p.data["forms"]}
        found = {r["url"].strip("/").split("/")[-1] for r in results}
        assert expected <= found


def test_search_meta_and_filters_present(sample_url, page):
    results = pagefind_query(page, sample_url, "наставничество")
    practice = next(r for r in results if "/praktiki/" in r["url"])
    assert {"Тип", "Организация", "Год"} <= set(practice["meta"])
    assert set(FILTERS.values()) - {FILTERS["form"], FILTERS["audience"]} <= set(practice["filters"]) | {
        FILTERS["audience"], FILTERS["form"]}


def test_listing_pages_are_not_indexed(sample_url, page):
    results = pagefind_query(page, sample_url, "практики")
    assert results  # the word is on listing pages and on records: an empty answer would prove nothing
    assert not any("/katalog/" in r["url"] for r in results)


def test_serve_helper_serves(sample_site):
    url, server = serve(sample_site)
    try:
        import urllib.request

        assert "Банк практик" in urllib.request.urlopen(url, timeout=10).read().decode("utf-8")
    finally:
        server.shutdown()


def test_repository_paths(bank):
    for r in bank.records.values():
        assert Path(r.path).is_relative_to(ROOT)


def test_nothing_lost_check_names_missing_records(sample_site, tmp_path, monkeypatch):
    import shutil

    from mentorbank import build

    monkeypatch.setenv("BANK_BUILD_DATE", BUILD_DATE)
    prepared = build.prepare(ROOT)
    site = tmp_path / "site"
    shutil.copytree(sample_site, site)
    verify_output(site, prepared)  # the real build passes
    victim = next(p for p in prepared.pages.values() if p.record_id)
    (site / victim.url / "index.html").unlink()
    with pytest.raises(build.BuildFailed) as err:
        verify_output(site, prepared)
    assert victim.record_id in str(err.value)
    assert "ничего не потеряно" in str(err.value)


def test_check_messages_link_to_existing_doc_sections(sample_site):
    """Every topic a validator message links to is an anchor of the data-model page."""
    topics = set()
    for source in (ROOT / "mentorbank").glob("*.py"):
        text = source.read_text("utf-8")
        topics |= set(re.findall(r'(?:ERROR|WARNING|severity), "([a-z-]+)"', text))
        topics |= set(re.findall(r'topic(?:: str)? ?= ?"([a-z-]+)"', text))
    assert {"pravila", "ssylki", "oshibki-chteniya", "polya"} <= topics
    html = (sample_site / "uchastnikam/model-dannyh/index.html").read_text("utf-8")
    missing = [t for t in sorted(topics) if f'id="{t}"' not in html]
    assert missing == []


class _PageHeadings(HTMLParser):
    """Texts of the headings (h1–h6) and card labels (dt) inside the page's article, as a reader sees them."""

    def __init__(self):
        super().__init__()
        self.depth, self.found, self.open = 0, [], None

    def handle_starttag(self, tag, attrs):
        if tag == "article":
            self.depth += 1
        elif self.depth and re.fullmatch(r"h[1-6]|dt", tag) and self.open is None:
            self.open = (tag, [])

    def handle_endtag(self, tag):
        if tag == "article":
            self.depth -= 1
        elif self.open and tag == self.open[0]:
            self.found.append((tag, " ".join("".join(self.open[1]).split())))
            self.open = None

    def handle_data(self, data):
        if self.open:
            self.open[1].append(data)


def test_every_record_page_shows_each_heading_once(bank, sample_site):
    """A practice showed «Ресурсы» twice (the card field and a body section): no record page may repeat a
    heading or a card label."""
    from mentorbank.headings import same_heading

    repeated, pages = {}, 0
    for r in bank.records.values():
        if not r.published:
            continue
        parser = _PageHeadings()
        parser.feed((sample_site / r.url / "index.html").read_text("utf-8"))
        texts = [same_heading(text) for _, text in parser.found if text]
        assert len(texts) >= 3, r.url
        pages += 1
        twice = sorted({t for t in texts if texts.count(t) > 1})
        if twice:
            repeated[r.url] = twice
    assert pages >= 30 and repeated == {}


def _card_labels(template: str) -> set[str]:
    """Card labels written in a template: ``<dt>label</dt>`` or the ``field``/``row`` macros of ``_macros.html``."""
    return set(re.findall(r"<dt>([^<{]+)</dt>", template)) | set(re.findall(r"\b(?:field|row)\(\"([^\"]+)\"", template))


@pytest.mark.parametrize("record_type", ["practice", "winner", "event"])
def test_field_headings_of_the_check_are_those_of_the_page_templates(record_type):
    """``mentorbank check`` warns of body sections repeating these labels: they must be the templates' own."""
    from mentorbank.headings import FIELD_HEADINGS

    templates = "".join((ROOT / "mentorbank/templates" / n).read_text("utf-8")
                        for n in (f"{record_type}.html", "_macros.html"))
    shown = _card_labels(templates) | set(re.findall(r"<h2[^>]*>([^<{]+)</h2>", templates))
    labels = {label for _, label in FIELD_HEADINGS[record_type]}
    assert labels <= shown
    card = _card_labels((ROOT / "mentorbank/templates" / f"{record_type}.html").read_text("utf-8"))
    assert card <= labels  # every card label of the page is known to the check
