"""Links, counts and attached files as a visitor meets them on the pages the core renders.

A relative link must lead where it says from the page it is on; the fragment and the ZIP use absolute
links; counts read in correct Russian («21 практика», «12 практик»); attached files get stable site
paths and a column of the roadmap table appears only when some row fills it.
"""

from __future__ import annotations

import datetime as dt
import posixpath
from pathlib import Path

import pytest

from mentorbank.catalogue import Catalogue
from mentorbank.model import Bank, Record
from mentorbank.render import Env, LinkContext, attachments, plural, relative, roadmap_columns
from mentorbank.search import FILTERS
from mentorbank.settings import Settings

PAGES = ["", "praktiki/x/", "katalog/praktiki/", "katalog/praktiki/2/", "organizacii/sosh-26/vstraivanie/",
         "organizacii/sosh-26/"]
TARGETS = ["", "./", "praktiki/x/", "praktiki/y/", "katalog/praktiki/2/", "organizacii/sosh-26/",
           "files/sosh-26/1-polozhenie.pdf", "assets/mentorbank/tab.css", "katalog/meropriyatiya.ics",
           "organizacii/sosh-26/#mb-dorozhnaya-karta-1", "praktiki/x/#razdel"]


# ids without «/»; the argument is not named «page»: conftest marks a test with a «page» fixture as a browser test
@pytest.mark.parametrize("page_url", PAGES, ids=[f"page-{i}" for i in range(len(PAGES))])
def test_a_relative_link_leads_to_its_target_from_the_page_it_is_on(page_url):
    """Every link leads where it says (``""`` is the site root), keeps its ``#`` part and its closing slash,
    and is written in its shortest form (no ``./`` or ``x/../`` inside)."""
    for target in TARGETS:
        link = relative(page_url, target)
        assert "://" not in link and not link.startswith("/") and link, (page_url, target, link)
        path, _, anchor = link.partition("#")
        want, _, want_anchor = target.partition("#")
        assert posixpath.normpath(posixpath.join("/" + page_url, path)) == posixpath.normpath("/" + want), \
            (page_url, target, link)
        assert anchor == want_anchor and path.endswith("/") == (want.endswith("/") or not want), (page_url, link)
        assert path == "./" or posixpath.normpath(path) + "/" * path.endswith("/") == path, (page_url, target, link)


def test_links_that_are_not_pages_of_the_site_stay_as_written():
    for href in ("https://example.org/a/", "mailto:school@example.org", "#razdel"):
        assert relative("praktiki/x/", href) == href
        assert LinkContext("praktiki/x/", base="https://bank.example/").link(href) == href
    assert relative("praktiki/x/", "praktiki/x/") == "./"
    assert relative("katalog/praktiki/", "praktiki/x/") == "../../praktiki/x/"
    assert relative("", "praktiki/x/") == "praktiki/x/"
    assert relative("praktiki/x/", "") == "../../" and relative("", "") == "./"  # the site root


def test_the_fragment_and_the_zip_link_absolutely_from_the_site_address():
    ctx = LinkContext("organizacii/sosh-26/", base="https://bank.example/")
    assert ctx.link("praktiki/x/") == "https://bank.example/praktiki/x/"
    assert LinkContext("organizacii/sosh-26/").link("praktiki/x/") == "../../praktiki/x/"


@pytest.mark.parametrize(("n", "word"), [
    (0, "практик"), (1, "практика"), (2, "практики"), (4, "практики"), (5, "практик"), (11, "практик"),
    (12, "практик"), (14, "практик"), (19, "практик"), (20, "практик"), (21, "практика"), (22, "практики"),
    (25, "практик"), (101, "практика"), (111, "практик"), (112, "практик"), (122, "практики"), (-1, "практика")])
def test_counts_read_in_correct_russian(n, word):
    assert plural(n, "практика", "практики", "практик") == word


def test_attached_files_get_numbered_site_paths_once_each(tmp_path):
    docs = [{"file": "files/Положение.PDF"}, {"url": "https://example.org/a.pdf"}, {"file": "files/Положение.PDF"},
            "не документ", {"file": 5}, {"file": "files\\Приказ 1.docx"}]
    record = Record("sosh-26", "organization", {"documents": docs}, "", None, tmp_path / "sosh-26.md")
    found = attachments(record)
    assert list(found) == ["files/Положение.PDF", "files\\Приказ 1.docx"]
    home = tmp_path.resolve() / "files"
    assert found["files/Положение.PDF"] == ("files/sosh-26/1-polozhenie.pdf", home / "Положение.PDF")
    site, src = found["files\\Приказ 1.docx"]  # a Windows-style path names the same file
    assert site.startswith("files/sosh-26/2-") and site.endswith(".docx") and src == home / "Приказ 1.docx"
    assert attachments(Record("x", "organization", {}, "", None, Path("x.md"))) == {}


def test_roadmap_table_has_a_column_only_when_some_row_fills_it():
    roadmap = {"sections": [{"items": [{"action": "а", "deadline": "2026-01-01", "note": ""}]},
                            {"items": [{"action": "б", "responsible": "директор"}]}, {}]}
    assert roadmap_columns(roadmap) == {"deadline", "responsible"}
    assert roadmap_columns({}) == set()


def test_calendar_subscription_opens_the_calendar_app_from_the_site_address():
    env = Env(Catalogue(Bank(Path("."))), Settings(), site_url="https://bank.example/sub/")
    assert env.subscription("katalog/meropriyatiya.ics") == {
        "https": "https://bank.example/sub/katalog/meropriyatiya.ics",
        "webcal": "webcal://bank.example/sub/katalog/meropriyatiya.ics", "file": "katalog/meropriyatiya.ics"}
    assert Env(Catalogue(Bank(Path("."))), Settings(), site_url="https://edu.example/bank-X").subscription(
        "a.ics")["https"] == "https://edu.example/bank-X/a.ics"  # the address as written, one slash added
    local = Env(Catalogue(Bank(Path("."))), Settings())  # no address: the file, no app link
    assert local.subscription("katalog/meropriyatiya.ics") == {
        "https": "/katalog/meropriyatiya.ics", "webcal": None, "file": "katalog/meropriyatiya.ics"}


def test_a_document_links_to_its_address_or_its_attached_file(tmp_path):
    docs = [{"url": "https://example.org/p.pdf", "file": "files/a.pdf"}, {"file": "files/a.pdf"}, {"title": "б"},
            {"file": "files/нет.pdf"}]
    record = Record("sosh-26", "organization", {"documents": docs[:2]}, "", None, tmp_path / "sosh-26.md")
    env = Env(Catalogue(Bank(Path("."))), Settings())
    page, zip_copy = LinkContext("organizacii/sosh-26/"), LinkContext("index.html", local_files=True)
    assert [env.doc_href(record, d, page) for d in docs] == [
        "https://example.org/p.pdf", "../../files/sosh-26/1-a.pdf", None, None]
    assert env.doc_href(record, docs[1], zip_copy) == "files/sosh-26/1-a.pdf"
    fragment = LinkContext("organizacii/sosh-26/fragment.html", base="https://bank.example/")
    assert env.doc_href(record, docs[1], fragment) == "https://bank.example/files/sosh-26/1-a.pdf"


def test_a_listing_is_split_into_numbered_pages_that_say_where_the_reader_is():
    """Five records at two a page: three pages (the last one partial) under the listing's address,
    each titled and counted; an empty listing is one page with its message."""
    orgs = [Record(f"o{i}", "organization", {"short_name": f"Школа {i}"}, "", None, Path(f"o{i}.md")) for i in range(5)]
    env = Env(Catalogue(Bank(Path("."), {r.id: r for r in orgs})), Settings(page_size=2))
    pages = env.listing("katalog/organizacii/", "Организации", orgs, intro="Все школы.")
    assert [(p.url, p.title) for p in pages] == [
        ("katalog/organizacii/", "Организации"), ("katalog/organizacii/2/", "Организации — страница 2"),
        ("katalog/organizacii/3/", "Организации — страница 3")]
    shown = [[r.title for r in orgs if f'href="{relative(p.url, r.url)}"' in p.html] for p in pages]
    assert shown == [["Школа 0", "Школа 1"], ["Школа 2", "Школа 3"], ["Школа 4"]]
    assert "Записей: 5, страница 2 из 3." in pages[1].html and "Все школы." in pages[0].html
    assert "<h1>Организации — страница 2</h1>" in pages[1].html and "<h1>Организации</h1>" in pages[0].html
    assert [p.html.count('<div class="bank-entry__meta">Организация</div>') for p in pages] == [2, 2, 1]
    grouped = env.listing("katalog/organizacii/", "Организации", orgs,
                          grouped=lambda chunk: [(f"С {chunk[0].title}", chunk)])
    assert [p.html.count("<h2>С Школа ") for p in grouped] == [1, 1, 1] and "<h2>С Школа 2</h2>" in grouped[1].html
    practice = Record("p", "practice", {"title": "<b>Клуб</b>", "organization": "o0", "year": 2024}, "", None,
                      Path("p.md"))
    [page] = env.listing("katalog/praktiki/", "Практики", [practice])
    assert "&lt;b&gt;Клуб&lt;/b&gt;" in page.html and "<b>" not in page.html  # contributor text is escaped
    assert '<h1>Практики</h1>\n<p class="bank-muted bank-propose">' in page.html  # no introduction given: none
    assert '<div class="bank-entry__meta">Практика · Школа 0 · 2024</div>' in page.html
    assert "<p class=\"bank-muted\">Пока нет записей.</p>" in env.listing("katalog/praktiki/", "Практики", [])[0].html
    empty = env.listing("katalog/meropriyatiya/", "Мероприятия", [], empty="Мероприятий пока нет.",
                        calendar="katalog/meropriyatiya.ics")
    assert [p.url for p in empty] == ["katalog/meropriyatiya/"]
    assert "Мероприятий пока нет." in empty[0].html and "Подписаться на календарь" in empty[0].html


def test_record_pages_and_the_tab_read_in_russian(tmp_path):
    """Rendered in this process (the site tests see the same through a build): an event's format, a
    practice's expert decision, the tab's roadmap statuses, its ended period and its attached document,
    and the search filters on record pages."""
    from mentorbank.outputs import records, tab_page

    (tmp_path / "pol.pdf").write_bytes(b"%PDF-1.4")
    org = Record("sosh", "organization", {
        "name": "Школа", "short_name": "Школа", "kind": "school", "region": "Томская область",
        "municipality": "Томский район", "documents": [{"kind": "regulation", "title": "Положение", "file": "pol.pdf"}],
        "roadmaps": [{"title": "Дорожная карта", "period": "2021–2024 гг.", "sections": [
            {"title": "Раздел", "items": [{"action": "Сделать", "status": "done"}]}]}]},
        "", None, tmp_path / "sosh.md")
    practice = Record("p", "practice", {"title": "Клуб", "organization": "sosh", "year": 2024, "forms": [],
                                        "review": {"decision": "approved", "date": "2025-01-10"}},
                      "", None, tmp_path / "p.md")
    scored = Record("q", "practice", {"title": "Кружок", "organization": "sosh", "year": 2024, "forms": [],
                                      "review": {"scores": {"relevance": 3, "novelty": 2}}},
                    "", None, tmp_path / "q.md")  # an expert card without a decision yet
    event = Record("e", "event", {"title": "Семинар", "start": "2026-12-01", "format": "online", "organizer": "sosh",
                                  "level": "municipal"}, "", None, tmp_path / "e.md")
    bank = Bank(tmp_path, {r.id: r for r in (org, practice, scored, event)}, build_date=dt.date(2026, 11, 21))
    catalogue = Catalogue(bank)
    env = Env(catalogue, Settings(build_date=bank.build_date))
    pages = {p.url: p.html for output in (records, tab_page) for p in output.generate(catalogue, env).pages}
    assert "онлайн" in pages["meropriyatiya/e/"]
    assert "Решение: <strong>рекомендована к публикации</strong>, 10 января 2025 г." in pages["praktiki/p/"]
    assert "Сумма</th><td>5 из 6</td>" in pages["praktiki/q/"]
    assert "Решение" not in pages["praktiki/q/"] and "None" not in pages["praktiki/q/"]
    practice_page = pages["praktiki/p/"]
    assert 'data-pagefind-filter="' in practice_page and 'data-pagefind-filter="None"' not in practice_page
    for key in ("type", "organization", "region", "year"):  # the search page's filters, by their Russian names
        assert f'data-pagefind-filter="{FILTERS[key]}"' in practice_page, key
    tab = pages["organizacii/sosh/"]
    assert "Период 2021–2024 гг. завершён." in tab and "выполнено" in tab
    assert 'href="../../files/sosh/1-pol.pdf"' in tab
