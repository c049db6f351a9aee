"""A visitor in Debian chromium: home page, header search, a filter, a practice page."""

from __future__ import annotations

from conftest import ARTIFACTS

from mentorbank.search import FILTERS
from mentorbank.vocab import label

RESULT = ".bank-search__result"


def test_visitor_searches_filters_and_opens_a_practice(sample_url, page):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.goto(sample_url)
    assert page.locator("h1").first.inner_text() == "Банк практик наставничества"
    page.screenshot(path=str(ARTIFACTS / "01-home.png"))

    page.get_by_label("Поиск по банку практик").fill("наставника")
    page.get_by_role("button", name="Найти").first.click()
    page.wait_for_url("**/poisk/?q=*")
    assert page.get_by_label("Что найти").input_value() == "наставника"
    results = page.locator(RESULT)
    results.first.wait_for(timeout=15000)
    total = results.count()
    assert total > 0
    page.screenshot(path=str(ARTIFACTS / "02-search.png"))

    # Open «Фильтры» and apply the form filter «студент – студент».
    page.locator(".bank-search__filters > summary").click()
    form_group = page.locator("details.bank-search__group", has_text=FILTERS["form"]).first
    form_group.wait_for(timeout=15000)
    if not form_group.evaluate("e => e.open"):
        form_group.locator("summary").click()
    form_group.locator("label", has_text=label("form", "student-student")).first.click()
    page.wait_for_function(
        "n => document.querySelectorAll('.bank-search__result').length > 0 && "
        "document.querySelectorAll('.bank-search__result').length < n", arg=total, timeout=15000)
    filtered = page.locator(RESULT)
    assert 0 < filtered.count() < total
    page.screenshot(path=str(ARTIFACTS / "03-filtered.png"))

    link = page.locator("a.bank-search__result-link[href*='/praktiki/']").first
    title = link.inner_text()
    link.click()
    page.wait_for_load_state()
    assert "/praktiki/" in page.url
    assert page.locator("h1").first.inner_text() == title
    card = page.locator(".bank-card")
    assert label("form", "student-student") in card.inner_text()
    assert "Организация" in card.inner_text()
    page.screenshot(path=str(ARTIFACTS / "04-practice.png"), full_page=True)


def test_first_query_loads_no_filter_index_and_filters_still_work(sample_url, page):
    """The first query downloads only the word index and result fragments; the filter index
    comes when the visitor opens «Фильтры», and then a filter narrows the results."""
    fetched: list[str] = []
    page.on("request", lambda r: fetched.append(r.url.split("/pagefind/", 1)[1]) if "/pagefind/" in r.url else None)
    page.goto(sample_url + "poisk/?q=" + "наставник")
    results = page.locator(RESULT)
    results.first.wait_for(timeout=15000)
    page.wait_for_load_state("networkidle")
    total = results.count()
    assert total > 0
    # The index is in parts (pagefind/ and pagefind/shard/<part>/): folders are matched anywhere in the path.
    assert any("/index/" in "/" + f for f in fetched), fetched
    assert any("/fragment/" in "/" + f for f in fetched), fetched
    assert not [f for f in fetched if "/filter/" in "/" + f], fetched
    assert not [f for f in fetched if "pagefind-ui" in f], fetched
    assert len([f for f in fetched if "/fragment/" in "/" + f]) <= 10

    page.locator(".bank-search__filters > summary").click()
    page.locator("[data-filters-loaded]").wait_for(timeout=15000)
    assert [f for f in fetched if "/filter/" in "/" + f]
    groups = page.locator("details.bank-search__group > summary").all_inner_texts()
    assert {FILTERS[k] for k in ("type", "form", "region", "year", "level")} <= set(groups)
    type_group = page.locator("details.bank-search__group", has_text=FILTERS["type"]).first
    type_group.locator("label", has_text="Мероприятие").first.click()
    page.wait_for_function(
        "n => document.querySelectorAll('.bank-search__result').length > 0 && "
        "document.querySelectorAll('.bank-search__result').length < n", arg=total, timeout=15000)
    metas = page.locator(".bank-search__meta").all_inner_texts()
    assert metas and all(m.startswith("Мероприятие") for m in metas), metas
    # A filter alone (the query cleared) lists every record of that type.
    page.get_by_label("Что найти").fill("")
    page.locator(".bank-search__button").click()
    page.wait_for_function("document.querySelectorAll('.bank-search__result').length > 0", timeout=15000)
    assert "Найдено" in page.locator(".bank-search__status").inner_text()


def test_search_results_show_text_not_markup(sample_url, page):
    """Titles and meta go in as text; of the excerpt only <mark> survives."""
    page.goto(sample_url + "poisk/?q=" + "наставничество")
    page.locator(RESULT).first.wait_for(timeout=15000)
    tags = page.evaluate("""() => [...document.querySelectorAll('.bank-search__results *')]
        .map(e => e.tagName.toLowerCase())""")
    assert set(tags) <= {"li", "h2", "a", "p", "mark"}, set(tags)
    assert page.locator(".bank-search__excerpt mark").count() > 0
