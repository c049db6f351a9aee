"""Search as a Russian speaker uses it: every inflected form finds the same records, «№ N»
finds its records, excerpts read as text, help pages answer only for their own text, filter counts say
what ticking gives, the address keeps the search, and on a phone the results are reachable."""

from __future__ import annotations

import json
import re
import urllib.parse

import pytest
from conftest import ARTIFACTS, ROOT

from mentorbank.search import FILTERS, ignore_reference

RESULT = ".bank-search__result"

#: Whole paradigms (six cases; plural where it is used) of phrases with adjectives in «-ой/-ый/-ий» and
#: nouns in «-й». Pagefind 1.5.x strips the combining mark of «й» before stemming: «молодой» → «молодои»
#: → stem «молодо», but «молодого» → «молод», so the forms found different records.
PARADIGMS = {
    "молодой педагог": [
        "молодой педагог", "молодого педагога", "молодому педагогу", "молодым педагогом", "о молодом педагоге",
        "молодые педагоги", "молодых педагогов", "молодым педагогам", "молодыми педагогами",
        "о молодых педагогах"],
    "целевая модель": [
        "целевая модель", "целевой модели", "целевую модель", "целевой моделью", "о целевой модели",
        "целевые модели", "целевых моделей", "целевым моделям", "целевыми моделями", "о целевых моделях"],
    "новый педагог": [
        "новый педагог", "нового педагога", "новому педагогу", "новым педагогом", "о новом педагоге",
        "новые педагоги", "новых педагогов", "новым педагогам", "новыми педагогами", "о новых педагогах"],
    "районный центр": [
        "районный центр", "районного центра", "районному центру", "районным центром", "о районном центре",
        "районные центры", "районных центров", "районным центрам", "районными центрами", "о районных центрах"],
    "сетевое взаимодействие": [
        "сетевое взаимодействие", "сетевого взаимодействия", "сетевому взаимодействию", "сетевым взаимодействием",
        "о сетевом взаимодействии"],
    "сетевой наставник": [
        "сетевой наставник", "сетевого наставника", "сетевому наставнику", "сетевым наставником",
        "о сетевом наставнике", "сетевые наставники", "сетевых наставников", "сетевым наставникам",
        "сетевыми наставниками", "о сетевых наставниках"],
    "Томский район": ["Томский район", "Томского района", "Томскому району", "Томским районом", "о Томском районе"],
    "Краснодарский край": [
        "Краснодарский край", "Краснодарского края", "Краснодарскому краю", "Краснодарским краем",
        "о Краснодарском крае"],
}


def query_ids(page, base_url: str, terms: list[str]) -> dict[str, list[str]]:
    """Result ids (one per page) of each term through the Pagefind JS API of the built site (one page load)."""
    page.goto(base_url + "poisk/")
    return page.evaluate(
        """async (terms) => {
            const pf = await window.bankSearchIndex();  // every part of the index merged
            const out = {};
            for (const t of terms) out[t] = (await pf.search(t)).results.map(r => r.id);
            return out;
        }""", terms)


def query_data(page, base_url: str, terms: list[str]) -> dict[str, list[dict]]:
    """Result data (url, content, excerpt, meta) of each term through the Pagefind JS API."""
    page.goto(base_url + "poisk/")
    return page.evaluate(
        """async (terms) => {
            const pf = await window.bankSearchIndex();  // every part of the index merged
            const out = {};
            for (const t of terms) out[t] = await Promise.all((await pf.search(t)).results.map(r => r.data()));
            return out;
        }""", terms)


def test_every_form_of_a_phrase_finds_the_same_records(sample_url, page):
    """«молодой педагог» and «молодых педагогов» (and the rest of the paradigm) find the same records; the
    prepositional «о» is a word of its own and is dropped from the comparison's query."""
    forms = [f for phrase in PARADIGMS.values() for f in phrase]
    found = query_ids(page, sample_url, [f.removeprefix("о ") for f in forms])
    table = []
    for base, paradigm in PARADIGMS.items():
        sets = {f: sorted(found[f.removeprefix("о ")]) for f in paradigm}
        counts = {f: len(urls) for f, urls in sets.items()}
        table.append(f"{base}: {counts}")
        assert sets[paradigm[0]], f"«{base}» must find sample records"
        assert all(urls == sets[paradigm[0]] for urls in sets.values()), "\n".join(table)


# --- «№ N» -------------------------------------------------------------------------------------------

IDLE = """() => {
    const s = document.querySelector('.bank-search__status').textContent;
    const busy = document.querySelector('.bank-search__results').hasAttribute('aria-busy');
    return s !== 'Ищем…' && !busy;
}"""


def wait_idle(page) -> None:
    """Wait until the search page has shown the results of its latest search."""
    page.wait_for_function(IDLE, timeout=15000)


def found(page) -> int:
    """The number of results the status line announces (0 for «Ничего не найдено»)."""
    text = page.locator(".bank-search__status").inner_text()
    m = re.match(r"Найдено: (\d+)", text)
    assert m or text.startswith("Ничего не найдено"), text
    return int(m[1]) if m else 0


def page_results(page, base_url: str, query: str) -> list[str]:
    """Paths of every result the search page shows for ``query`` (pressing «Показать ещё»)."""
    page.goto(base_url + "poisk/?q=" + urllib.parse.quote(query))
    wait_idle(page)
    while page.locator(".bank-search__more").is_visible():
        before = page.locator(RESULT).count()
        page.locator(".bank-search__more").click()
        page.wait_for_function("n => document.querySelectorAll('.bank-search__result').length > n", arg=before)
    links = page.locator(".bank-search__result-link").evaluate_all("as => as.map(a => new URL(a.href).pathname)")
    assert len(links) == found(page)
    return links


@pytest.mark.parametrize("query, probe, pattern", [
    ("№ 26", "26", r"№\s?26(?!\d)"),
    ("СОШ № 26", "26", r"СОШ\s+№\s?26(?!\d)"),
    ("приказ № 654", "654", r"[Пп]риказ\w*\b.*№\s?654(?!\d)"),
    ("ООШ № 2", "ООШ", r"ООШ\s+№\s?2(?!\d)"),
])
def test_number_sign_queries_find_the_records_that_contain_them(sample_url, page, query, probe, pattern):
    """Pagefind indexes «СОШ № 26» as «сош», «26» (a lone «№» is no word); the search page drops «№» from
    the query the same way, so «№ 26» and «СОШ № 26» find every record that says so."""
    data = query_data(page, sample_url, [probe])[probe]
    expected = {d["url"] for d in data if re.search(pattern, d["content"])}
    assert expected, f"the sample site should contain {pattern}"
    shown = set(page_results(page, sample_url, query))
    assert expected <= shown, sorted(expected - shown)


# --- excerpts ----------------------------------------------------------------------------------------

CARD_PAIRS = """async (urls) => {
    const out = {};
    for (const url of urls) {
        const doc = new DOMParser().parseFromString(await (await fetch(url)).text(), 'text/html');
        doc.querySelectorAll('[hidden], .bank-sr-only').forEach(e => e.remove());
        out[url] = [...doc.querySelectorAll('dl.bank-card > dt, dl.mb-card > dt')].map(dt =>
            [dt.textContent.trim(), dt.nextElementSibling.textContent.trim()]);
    }
    return out;
}"""

QUERIES = ("наставник", "конкурс", "семинар")


def test_indexed_card_reads_label_colon_value(sample_url, page):
    """The text Pagefind stores (and cuts excerpts from) has «Конкурс: Муниципальный конкурс», never
    «КонкурсМуниципальный конкурс», for every card row of every result of the three queries."""
    data = {d["url"]: d for results in query_data(page, sample_url, list(QUERIES)).values() for d in results}
    pairs = page.evaluate(CARD_PAIRS, sorted(data))
    assert sum(len(p) for p in pairs.values()) > 50
    glued, missing = [], []
    for url, rows in pairs.items():
        content = data[url]["content"]
        for label, value in rows:
            start = value.split()[0] if value else ""
            if label + start in content:
                glued.append(f"{url}: {label}{start}")
            elif value and f"{label}: {start}" not in content:
                missing.append(f"{url}: {label}: {start}")
    assert glued == []
    assert missing == []
    for d in data.values():
        assert not re.search(r"(?<!\w)[·–—](?=\s*[.,]|\s*$)", d["content"][:80]), d["content"][:80]


def test_result_excerpts_are_readable(sample_url, page):
    """On the search page: excerpts start with a word (not «· прошло.»), hold no glued card label and do not
    end on a label whose value was cut off."""
    seen = 0
    for query in QUERIES:
        page.goto(sample_url + "poisk/?q=" + urllib.parse.quote(query))
        wait_idle(page)
        items = page.locator(RESULT).evaluate_all("""ls => ls.map(l => [l.querySelector('a').pathname,
            (l.querySelector('.bank-search__excerpt') || {}).textContent || ''])""")
        assert items, query
        pairs = page.evaluate(CARD_PAIRS, sorted({u for u, _ in items}))
        for url, text in items:
            seen += 1
            first = text.lstrip("…")[:1]
            assert first.isalnum() or first in "«„\"(", f"{query}: {url}: {text[:60]}"
            # An event's state on the build date («прошло», «предстоит») is not part of its indexed text.
            assert not re.match(r"(прошло|предстоит)\b", text.lstrip("…")), f"{query}: {url}: {text[:60]}"
            assert not re.search(r"\w:…?$", text), f"{query}: {url}: …{text[-60:]}"
            for label, value in pairs[url]:
                start = value.split()[0] if value else ""
                assert label + start not in text, f"{query}: {url}: {label}{start}"
    assert seen >= 15


# --- help pages --------------------------------------------------------------------------------------

def test_ignore_reference_marks_code_and_tables_only():
    html = ('<h2 id="a">Поля <code>type</code></h2>\n<p>Текст <code>x</code> и <b>y</b>.</p>\n'
            '<div class="highlight"><pre><span></span><code>a: &lt;pre&gt;\n</code></pre></div>\n'
            '<table>\n<tr><td><code>z</code></td></tr>\n</table><img src="i.png" />')
    out = ignore_reference(html)
    assert out == html.replace("<code>type", "<code data-pagefind-ignore>type").replace(
        "<code>x", "<code data-pagefind-ignore>x").replace("<pre>", "<pre data-pagefind-ignore>").replace(
        "<table>", "<table data-pagefind-ignore>")
    assert ignore_reference("<p>без кода</p>") == "<p>без кода</p>"


def test_help_pages_are_found_by_their_text_not_their_examples(sample_url, page):
    """Example files, sample error messages and reference tables of the contributor pages are not indexed:
    «СОШ 26» finds records, not «Как добавить практику»; the help pages are found by their own words."""
    terms = ["СОШ 26", "реверсивное", "26", "как добавить практику", "модель данных", "персональные данные"]
    urls = {t: [d["url"] for d in results] for t, results in query_data(page, sample_url, terms).items()}
    for term in ("СОШ 26", "реверсивное", "26"):
        assert urls[term], term
        assert not [u for u in urls[term] if u.startswith("/uchastnikam/")], (term, urls[term])
    assert "/uchastnikam/kak-dobavit/" in urls["как добавить практику"]
    assert "/uchastnikam/model-dannyh/" in urls["модель данных"]
    assert "/uchastnikam/model-dannyh/" in urls["персональные данные"]


# --- filters -----------------------------------------------------------------------------------------

def test_search_page_gets_the_filters_from_the_one_search_module(sample_site):
    """The search page's script reads address parameters → filter names from the page (JSON written by
    the build from ``mentorbank.search``), in the order shown; it keeps no copy of its own."""
    text = (ROOT / "content/assets/search.js").read_text("utf-8")
    assert not [name for name in ("Тип записи", "Форма наставничества", "Аудитория", "Регион") if name in text]
    page = (sample_site / "poisk/index.html").read_text("utf-8")
    block = re.search(r'<script type="application/json" id="mb-search-settings">(.*?)</script>', page, re.S)[1]
    assert json.loads(block)["filters"] == [[k, v] for k, v in FILTERS.items()]


def open_filters(page) -> None:
    """Open «Фильтры», every group and every «Показать все»."""
    if not page.locator(".bank-search__filters").evaluate("e => e.open"):
        page.locator(".bank-search__filters > summary").click()
    page.locator("[data-filters-loaded]").wait_for(timeout=15000)
    wait_idle(page)
    for group in page.locator("details.bank-search__group:not([hidden])").all():
        if not group.evaluate("e => e.open"):
            group.locator("summary").click()
    for more in page.locator(".bank-search__all:not([hidden])").all():
        if "Показать все" in more.inner_text():
            more.click()


def shown_values(page, name: str) -> dict[str, int]:
    """Value → count of the visible values of filter group ``name``."""
    rows = page.locator("input[data-filter]").evaluate_all(
        """(bs, name) => bs.filter(b => b.dataset.filter === name && b.offsetParent !== null).map(b =>
            [b.value, b.closest('label').querySelector('.bank-search__count').textContent])""", name)
    return {value: int(count.strip("()")) for value, count in rows}


def tick(page, name: str, value: str) -> None:
    """Tick or untick a filter value as a visitor does (a click on its box) and wait for the results."""
    boxes = page.locator("input[data-filter]")
    index = boxes.evaluate_all("(bs, [n, v]) => bs.findIndex(b => b.dataset.filter === n && b.value === v)",
                               [name, value])
    assert index >= 0, (name, value)
    boxes.nth(index).click()
    wait_idle(page)


def test_filter_counts_say_what_ticking_gives(sample_url, page):
    """A value's count is the number of results ticking it gives; inside a group values combine with «или»,
    so with one value ticked another's count still says how many records have it, and ticking it adds at
    most that many (a count «студент – ученик (1)» once raised the total by 2)."""
    page.goto(sample_url + "poisk/?q=" + urllib.parse.quote("наставник"))
    wait_idle(page)
    open_filters(page)
    total = found(page)
    alone: dict[tuple[str, str], int] = {}
    for name in FILTERS.values():
        for value, count in shown_values(page, name).items():
            tick(page, name, value)
            assert found(page) == count, (name, value)
            alone[name, value] = count
            tick(page, name, value)
            assert found(page) == total
    form = FILTERS["form"]
    values = shown_values(page, form)
    first = max(values, key=values.get)
    tick(page, form, first)
    with_first = found(page)
    checked = 0
    for value, count in shown_values(page, form).items():
        if value == first:
            continue
        assert count == alone[form, value], value
        tick(page, form, value)
        both = found(page)
        assert max(with_first, count) <= both <= with_first + count, (value, with_first, count, both)
        tick(page, form, value)
        checked += 1
    assert checked >= 3
    # Another group (combined with «и»): its counts are exactly what ticking gives.
    for value, count in shown_values(page, FILTERS["type"]).items():
        tick(page, FILTERS["type"], value)
        assert found(page) == count, value
        tick(page, FILTERS["type"], value)


def test_filter_values_are_whole_lines(sample_url, page):
    """No value list is a scroll box that cuts a value in the middle; long groups fold to 10 values and
    unfold with «Показать все»."""
    page.goto(sample_url + "poisk/")
    page.locator(".bank-search__filters > summary").click()
    page.locator("[data-filters-loaded]").wait_for(timeout=15000)
    open_filters(page)
    clipped = page.locator(".bank-search__values").evaluate_all(
        "bs => bs.filter(b => b.scrollHeight > b.clientHeight + 1).map(b => b.parentNode.dataset.filter)")
    assert clipped == []
    styles = page.locator(".bank-search__value").first.evaluate(
        "e => [getComputedStyle(e).wordBreak, getComputedStyle(e).overflowWrap]")
    assert styles == ["normal", "normal"]


def test_search_lives_in_the_address(sample_url, page, browser):
    """The query and the ticked filters are in the address; opening it shows the same search."""
    page.goto(sample_url + "poisk/?q=" + urllib.parse.quote("наставник"))
    wait_idle(page)
    open_filters(page)
    form_value = next(iter(shown_values(page, FILTERS["form"])))
    tick(page, FILTERS["form"], form_value)
    year_value = max(shown_values(page, FILTERS["year"]))
    tick(page, FILTERS["year"], year_value)
    params = urllib.parse.parse_qs(urllib.parse.urlsplit(page.url).query)
    assert params == {"q": ["наставник"], "form": [form_value], "year": [year_value]}
    titles = page.locator(".bank-search__result-link").all_inner_texts()
    count = found(page)
    assert count > 0

    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ru-RU")
    other = context.new_page()
    other.goto(page.url)
    other.locator("[data-filters-loaded]").wait_for(timeout=15000)
    wait_idle(other)
    assert other.get_by_label("Что найти").input_value() == "наставник"
    assert found(other) == count
    assert other.locator(".bank-search__result-link").all_inner_texts() == titles
    ticked = other.locator("input[data-filter]:checked").evaluate_all(
        "bs => bs.map(b => [b.dataset.filter, b.value])")
    assert sorted(ticked) == sorted([[FILTERS["form"], form_value], [FILTERS["year"], year_value]])
    assert "(выбрано: 2)" in other.locator(".bank-search__filters > summary").inner_text()
    context.close()


def test_on_a_phone_the_results_follow_a_ticked_box(sample_url, browser):
    """At 375 px the filters stand above the results: after ticking a box, «Показать N записей» is on the
    screen, and it brings the first result onto the screen. Screenshots at 1280 and 375 px."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for width, height in ((1280, 900), (375, 740)):
        context = browser.new_context(viewport={"width": width, "height": height}, locale="ru-RU")
        page = context.new_page()
        page.goto(sample_url + "poisk/?q=" + urllib.parse.quote("наставник"))
        wait_idle(page)
        open_filters(page)
        name = FILTERS["form"]
        value = next(v for v, n in shown_values(page, name).items() if n > 1)
        tick(page, name, value)
        page.screenshot(path=str(ARTIFACTS / f"search-filters-{width}.png"), full_page=True)
        show = page.locator(".bank-search__show")
        if width > 1000:
            assert not show.is_visible()  # beside the results there is nothing to jump to
            assert page.locator(RESULT).first.bounding_box()["y"] < height
        else:
            box = show.bounding_box()
            assert box and 0 <= box["y"] and box["y"] + box["height"] <= height, box
            assert show.inner_text() == f"Показать {found(page)} записи" or show.inner_text().startswith(
                f"Показать {found(page)} ")
            show.click()
            page.wait_for_timeout(300)
            first = page.locator(RESULT).first.bounding_box()
            assert 0 <= first["y"] < height, first
            page.screenshot(path=str(ARTIFACTS / f"search-results-{width}.png"))
        context.close()
