"""A visitor in Debian chromium: home page, header search, a filter, a practice page."""

from __future__ import annotations

from conftest import ARTIFACTS

from mentorbank.pages import FILTERS
from mentorbank.vocab import label


def test_visitor_searches_filters_and_opens_a_practice(sample_url, page):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.goto(sample_url)
    assert page.locator("h1").first.inner_text() == "Банк практик наставничества"
    page.screenshot(path=str(ARTIFACTS / "01-home.png"))

    page.get_by_label("Поиск по банку практик").fill("наставника")
    page.get_by_role("button", name="Найти").click()
    page.wait_for_url("**/poisk/?q=*")
    results = page.locator(".pagefind-ui__result")
    results.first.wait_for(timeout=15000)
    total = results.count()
    assert total > 0
    page.screenshot(path=str(ARTIFACTS / "02-search.png"))

    # Apply the form filter «студент – студент» in the Pagefind UI.
    form_group = page.locator("details.pagefind-ui__filter-block", has_text=FILTERS["form"]).first
    form_group.wait_for(timeout=15000)
    if not form_group.evaluate("e => e.open"):
        form_group.locator("summary").click()
    form_group.locator("label", has_text=label("form", "student-student")).first.click()
    page.wait_for_function(
        "n => document.querySelectorAll('.pagefind-ui__result').length > 0 && "
        "document.querySelectorAll('.pagefind-ui__result').length < n", arg=total, timeout=15000)
    filtered = page.locator(".pagefind-ui__result")
    assert 0 < filtered.count() < total
    page.screenshot(path=str(ARTIFACTS / "03-filtered.png"))

    link = page.locator("a.pagefind-ui__result-link[href*='/praktiki/']").first
    title = link.inner_text()
    link.click()
    page.wait_for_load_state()
    assert "/praktiki/" in page.url
    assert page.locator("h1").first.inner_text() == title
    card = page.locator(".bank-card")
    assert label("form", "student-student") in card.inner_text()
    assert "Организация" in card.inner_text()
    page.screenshot(path=str(ARTIFACTS / "04-practice.png"), full_page=True)
