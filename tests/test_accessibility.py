"""«Версия для слабовидящих» and accessibility in Debian chromium: the control (font size steps, high
contrast, reset) on every page type, its state kept across pages, keyboard use with a visible focus,
reflow without sideways scrolling at 640 px and at the largest font step, and axe-core (no serious or
critical violations)."""

from __future__ import annotations

import json
import shutil
import zipfile

import pytest
from conftest import ARTIFACTS, TABLES_IN_BOXES, serve

#: A standalone page like the embeds: no Material, only a11y.css + a11y.js and a slot, two levels deep.
PROBE = "a11y-proba/vstavka/"
PROBE_HTML = """<!doctype html>
<html lang="ru">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>Проба встраиваемой страницы</title>
<link rel="stylesheet" href="../../assets/mentorbank/a11y.css">
<script src="../../assets/mentorbank/a11y.js"></script>
<style>body { font-family: sans-serif; margin: 0 1rem; line-height: 1.5; }</style>
</head>
<body>
<header><div data-bank-a11y></div></header>
<main>
<h1>Наставничество в школе</h1>
<p>Проба отдельной страницы без темы Material: версия для слабовидящих должна работать и здесь.
<a href="https://mentorbank.example/">Банк практик наставничества</a>.</p>
<div class="bank-table-wrap" tabindex="0" role="region" aria-label="Дорожная карта">
<table>
<thead><tr><th scope="col">№</th><th scope="col">Мероприятие</th><th scope="col">Сроки</th>
<th scope="col">Ответственные</th><th scope="col">Статус</th></tr></thead>
<tbody><tr class="bank-status--done"><td>1</td><td>Разработка положения о наставничестве</td>
<td>Сентябрь 2025 г.</td><td>Заместитель директора по учебно-воспитательной работе</td>
<td><span class="bank-status">выполнено</span></td></tr></tbody>
</table>
</div>
</main>
</body>
</html>
"""

HOME, PRACTICE, ORGANIZATION, SEARCH = "", "praktiki/starshiy-drug/", "organizacii/tulun-komitet/", "poisk/"
#: A maintainers' page with a long code block and tables.
MODEL = "uchastnikam/model-dannyh/"
#: The real embed page of a municipal authority's tab (registry, roadmap, charts) and a plain host page
#: with its script-free fragment pasted in, as a site editor would (no control there: no scripts).
EMBED = "organizacii/tulun-komitet/vstraivanie/"
EMBED_SCHOOL = "organizacii/tulun-primer-shkola/vstraivanie/"
FRAGMENT = "a11y-proba/fragment/"
#: The ZIP of the authority's tab (registry) and of the example school (a long name in its card), unpacked.
ZIP, ZIP_SCHOOL = "a11y-proba/zip/", "a11y-proba/zip-shkola/"
SCHOOL = "organizacii/tulun-primer-shkola/"
#: Every kind of page with tables: tab pages, embed pages, ZIP pages, a practice, the data model,
#: the fragment in a host page.
TABLE_PAGES = [ORGANIZATION, SCHOOL, EMBED, EMBED_SCHOOL, ZIP, ZIP_SCHOOL, PRACTICE, MODEL, FRAGMENT]
#: Pages axe-core checks; add a path (relative to the site root) and it is checked in both schemes.
AXE_PAGES = [HOME, PRACTICE, ORGANIZATION, SEARCH, MODEL, PROBE, EMBED, EMBED_SCHOOL, FRAGMENT]
#: Pages that must reflow without sideways scrolling (and pass axe-core there too).
REFLOW_PAGES = [HOME, PRACTICE, ORGANIZATION, SEARCH, MODEL, PROBE, EMBED, EMBED_SCHOOL]
#: Body text of any page type.
TEXT = ".md-content p, main p"

NORMAL = {"size": 0, "contrast": False}
LARGEST = {"size": 3, "contrast": False}
CONTRAST = {"size": 0, "contrast": True}
LARGEST_CONTRAST = {"size": 3, "contrast": True}


@pytest.fixture(scope="session")
def a11y_url(sample_site, tmp_path_factory):
    """The sample site plus the standalone probe page, served."""
    site = tmp_path_factory.mktemp("a11y") / "site"
    shutil.copytree(sample_site, site)
    (site / PROBE).mkdir(parents=True)
    (site / PROBE / "index.html").write_text(PROBE_HTML, encoding="utf-8")
    for folder, org_id in ((ZIP, "tulun-komitet"), (ZIP_SCHOOL, "tulun-primer-shkola")):
        with zipfile.ZipFile(site / "organizacii" / org_id / f"nastavnichestvo-{org_id}.zip") as zf:
            zf.extractall(site / folder)
    fragment = (site / "organizacii/tulun-primer-shkola/fragment.html").read_text("utf-8")
    (site / FRAGMENT).mkdir(parents=True)
    (site / FRAGMENT / "index.html").write_text(
        "<!doctype html><html lang='ru'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width,initial-scale=1'><title>Сайт школы — Наставничество</title>"
        f"</head><body><main><h1>Наставничество</h1>{fragment}</main></body></html>", encoding="utf-8")
    url, server = serve(site)
    yield url
    server.shutdown()


@pytest.fixture
def errors(page):
    """JavaScript errors of the page (must stay empty)."""
    found = []
    page.on("pageerror", lambda e: found.append(str(e)))
    return found


def set_state(page, base_url: str, state) -> None:
    """Store the a11y state for the site's origin (raw strings are stored as they are)."""
    page.goto(base_url + PROBE)
    value = state if isinstance(state, str) else json.dumps(state)
    page.evaluate("v => localStorage.setItem('bank-a11y', v)", value)


def settle(page) -> None:
    """Wait for running CSS transitions (the theme fades link colours) before reading colours."""
    page.evaluate("Promise.all(document.getAnimations().map(a => a.finished.catch(() => null)))")


def open_page(page, url: str) -> None:
    page.goto(url)
    page.wait_for_load_state("load")
    if not url.endswith(FRAGMENT):  # the fragment is script-free: its host site has its own control
        page.locator(".bank-a11y").first.wait_for()
    settle(page)


def use_search(page) -> None:
    """On the search page: run a query and open the filters, as a visitor does."""
    page.get_by_label("Что найти").fill("наставник")
    page.locator(".bank-search__button").click()
    page.locator(".bank-search__result").first.wait_for(timeout=15000)
    page.locator(".bank-search__filters > summary").click()
    page.locator("[data-filters-loaded]").wait_for(timeout=15000)


def text_size(page) -> float:
    return page.locator(TEXT).first.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")


def colors(page, selector: str = "body") -> tuple[str, str]:
    return tuple(page.locator(selector).first.evaluate(
        "e => [getComputedStyle(e).backgroundColor, getComputedStyle(e).color]"))


def control(page):
    return page.get_by_role("group", name="Версия для слабовидящих")


def button(page, name: str):
    return control(page).get_by_role("button", name=name)


def stored(page):
    return page.evaluate("() => JSON.parse(localStorage.getItem('bank-a11y'))")


def overflow(page) -> list[int]:
    """[scrollWidth, clientWidth] of the page (html and body)."""
    return page.evaluate("""() => [document.documentElement.scrollWidth, document.documentElement.clientWidth,
                                   document.body.scrollWidth]""")


def serious_violations(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [f"{v['impact']} {v['id']} ({v['help']}): " + "; ".join(str(n["target"]) for n in v["nodes"])
            for v in results.response["violations"] if v["impact"] in ("serious", "critical")]


@pytest.mark.parametrize("path", [HOME, PRACTICE, ORGANIZATION, SEARCH, "katalog/praktiki/", PROBE])
def test_control_is_on_every_page_type(a11y_url, page, errors, path):
    set_state(page, a11y_url, NORMAL)
    open_page(page, a11y_url + path)
    assert control(page).count() == 1
    for name in ("уменьшить шрифт", "увеличить шрифт", "Высокий контраст", "Обычная версия"):
        assert button(page, name).count() == 1, name
    assert button(page, "Высокий контраст").get_attribute("aria-pressed") == "false"
    assert page.evaluate("document.documentElement.dataset.bankSize") == "0"
    assert page.evaluate("document.documentElement.dataset.bankContrast") == "false"
    assert not errors


def test_font_steps_grow_persist_and_reset(a11y_url, page, errors):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    set_state(page, a11y_url, NORMAL)
    open_page(page, a11y_url + PRACTICE)
    sizes = [text_size(page)]
    status = control(page).get_by_role("status")
    for word in ("крупный", "очень крупный", "максимальный"):
        button(page, "увеличить шрифт").click()
        sizes.append(text_size(page))
        assert status.inner_text() == f"Размер шрифта: {word}"
    assert sizes == sorted(set(sizes)), sizes
    assert sizes[-1] >= 2 * sizes[0] - 0.5, sizes  # the largest step is 200 %
    assert button(page, "увеличить шрифт").get_attribute("aria-disabled") == "true"
    button(page, "увеличить шрифт").click(force=True)  # already the largest: nothing changes
    assert text_size(page) == sizes[-1]
    assert stored(page) == {"size": 3, "contrast": False}
    page.screenshot(path=str(ARTIFACTS / "a11y-large-font-practice.png"))

    page.reload()
    page.locator(".bank-a11y").first.wait_for()
    assert text_size(page) == sizes[-1]
    open_page(page, a11y_url + ORGANIZATION)
    assert page.evaluate("document.documentElement.dataset.bankSize") == "3"
    open_page(page, a11y_url + PROBE)
    probe_large = text_size(page)

    button(page, "Обычная версия").click()
    assert page.evaluate("document.documentElement.dataset.bankSize") == "0"
    assert text_size(page) < probe_large
    assert stored(page) == {"size": 0, "contrast": False}
    open_page(page, a11y_url + PRACTICE)
    assert text_size(page) == sizes[0]
    button(page, "увеличить шрифт").click()
    button(page, "уменьшить шрифт").click()
    assert text_size(page) == sizes[0]
    assert not errors


def test_high_contrast_toggles_and_persists(a11y_url, page, errors):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    set_state(page, a11y_url, NORMAL)
    open_page(page, a11y_url + ORGANIZATION)
    normal = colors(page)
    toggle = button(page, "Высокий контраст")
    toggle.click()
    settle(page)
    assert toggle.get_attribute("aria-pressed") == "true"
    assert colors(page) == ("rgb(0, 0, 0)", "rgb(255, 255, 255)") != normal
    assert colors(page, ".md-header") == ("rgb(0, 0, 0)", "rgb(255, 255, 255)")
    assert colors(page, ".mb-card dd")[1] == "rgb(255, 255, 255)"
    assert colors(page, ".bank-status--unmarked .bank-status")[1] == "rgb(255, 255, 255)"  # neutral, no data
    assert colors(page, ".md-content a")[1] == "rgb(255, 255, 0)"
    assert control(page).get_by_role("status").inner_text() == "Высокий контраст включён"
    page.screenshot(path=str(ARTIFACTS / "a11y-contrast-organization.png"), full_page=True)

    for path in (PRACTICE, PROBE):
        open_page(page, a11y_url + path)
        assert button(page, "Высокий контраст").get_attribute("aria-pressed") == "true"
        assert colors(page) == ("rgb(0, 0, 0)", "rgb(255, 255, 255)")
    page.screenshot(path=str(ARTIFACTS / "a11y-contrast-embed.png"))
    open_page(page, a11y_url + EMBED_SCHOOL)  # the example school's roadmap has a real overdue item
    assert colors(page, ".bank-status--overdue .bank-status")[1] == "rgb(255, 156, 156)"
    open_page(page, a11y_url + HOME)
    page.screenshot(path=str(ARTIFACTS / "a11y-contrast-home.png"))
    button(page, "Обычная версия").click()
    settle(page)
    assert button(page, "Высокий контраст").get_attribute("aria-pressed") == "false"
    assert colors(page) == normal
    assert not errors


@pytest.mark.parametrize("path", [HOME, PROBE])
def test_keyboard_reaches_control_with_visible_focus(a11y_url, page, errors, path):
    set_state(page, a11y_url, NORMAL)
    open_page(page, a11y_url + path)
    inside = "() => !!document.activeElement.closest('.bank-a11y')"
    for _ in range(3):  # near the top: after at most the skip link
        page.keyboard.press("Tab")
        if page.evaluate(inside):
            break
    assert page.evaluate(inside), "Tab не дошёл до переключателя версии для слабовидящих"
    ring = page.evaluate("""() => { const s = getComputedStyle(document.activeElement);
        return [s.outlineStyle, parseFloat(s.outlineWidth), s.boxShadow]; }""")
    assert (ring[0] != "none" and ring[1] >= 2) or ring[2] != "none", ring
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"a11y-focus-{'embed' if path else 'home'}.png"),
                    clip={"x": 0, "y": 0, "width": 1280, "height": 160})

    size = text_size(page)
    while page.evaluate("document.activeElement.dataset.bankA11yAction") != "larger":
        page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert page.evaluate("document.documentElement.dataset.bankSize") == "1"
    assert text_size(page) > size
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.dataset.bankA11yAction") == "contrast"
    page.keyboard.press("Space")
    assert page.evaluate("document.activeElement.getAttribute('aria-pressed')") == "true"
    assert colors(page)[0] == "rgb(0, 0, 0)"
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # «Обычная версия»
    assert stored(page) == NORMAL
    assert not errors


@pytest.mark.parametrize("raw", ["{не json", '{"size": 99, "contrast": "да"}', "null", '[1, 2]'])
def test_broken_storage_means_normal_version(a11y_url, page, errors, raw):
    set_state(page, a11y_url, raw)
    open_page(page, a11y_url + PROBE)
    assert page.evaluate("document.documentElement.dataset.bankSize") == "0"
    assert page.evaluate("document.documentElement.dataset.bankContrast") == "false"
    button(page, "увеличить шрифт").click()
    assert stored(page) == {"size": 1, "contrast": False}
    assert not errors


def test_works_without_storage(a11y_url, browser):
    """Storage can be forbidden (e.g. an embed in an iframe): the control still works on the page."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ru-RU")
    context.add_init_script("""Object.defineProperty(window, 'localStorage', {
        get() { throw new DOMException('запрещено', 'SecurityError'); } });""")
    page = context.new_page()
    found = []
    page.on("pageerror", lambda e: found.append(str(e)))
    try:
        open_page(page, a11y_url + PROBE)
        size = text_size(page)
        button(page, "увеличить шрифт").click()
        button(page, "Высокий контраст").click()
        settle(page)
        assert text_size(page) > size
        assert colors(page)[0] == "rgb(0, 0, 0)"
        assert not found
    finally:
        context.close()


@pytest.mark.parametrize("width,state", [(640, NORMAL), (640, LARGEST), (1280, LARGEST), (640, LARGEST_CONTRAST)],
                         ids=["640", "640-largest", "1280-largest", "640-largest-contrast"])
@pytest.mark.parametrize("path", REFLOW_PAGES)
def test_reflow_without_sideways_scrolling(a11y_url, browser, path, width, state):
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="ru-RU")
    page = context.new_page()
    try:
        set_state(page, a11y_url, state)
        open_page(page, a11y_url + path)
        if path == SEARCH:
            use_search(page)
        page.wait_for_timeout(200)  # scrolling tables are marked focusable shortly after load
        scroll_width, client_width, body_width = overflow(page)
        assert scroll_width <= client_width and body_width <= client_width, (scroll_width, body_width, client_width)
        assert serious_violations(page) == []
        if width == 640 and state["size"] == 3:
            name = {HOME: "home", PRACTICE: "practice", ORGANIZATION: "organization", SEARCH: "search", MODEL: "model",
                    PROBE: "probe", EMBED: "embed", EMBED_SCHOOL: "embed-school"}[path]
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            suffix = "-contrast" if state["contrast"] else ""
            page.screenshot(path=str(ARTIFACTS / f"a11y-640-largest{suffix}-{name}.png"))
    finally:
        context.close()


@pytest.mark.parametrize("state", [NORMAL, CONTRAST], ids=["normal", "contrast"])
@pytest.mark.parametrize("path", AXE_PAGES)
def test_axe_finds_no_serious_violations(a11y_url, page, path, state):
    set_state(page, a11y_url, state)
    open_page(page, a11y_url + path)
    if path == SEARCH:
        use_search(page)
    page.wait_for_timeout(200)
    problems = serious_violations(page)
    assert problems == [], "axe-core, " + (path or "/") + ":\n" + "\n".join(problems)


@pytest.mark.parametrize("width", [360, 375, 570, 1280])
def test_tables_fit_or_scroll_visibly_in_their_own_box(a11y_url, browser, width):
    """The registry was once cut off at the right of the embed page even at 1280 px. On every kind
    of page, a table fits, or scrolls inside its own focusable named box with a shadow at the edge that
    shows there is more; at 1280 px none needs to scroll; the page itself never scrolls sideways."""
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="ru-RU")
    page = context.new_page()
    problems = []
    try:
        set_state(page, a11y_url, NORMAL)
        for path in TABLE_PAGES:
            open_page(page, a11y_url + path)
            page.wait_for_timeout(250)  # Material's scrolling tables are marked focusable after load
            scroll_width, client_width, body_width = overflow(page)
            if max(scroll_width, body_width) > client_width:
                problems.append(f"{path}: the page scrolls sideways ({scroll_width} > {client_width})")
            problems += [f"{path}: {p}" for p in page.evaluate(TABLES_IN_BOXES, width >= 1280)]
            if path == EMBED and width in (375, 1280):
                ARTIFACTS.mkdir(parents=True, exist_ok=True)
                page.locator("#mb-reestr").scroll_into_view_if_needed()
                page.screenshot(path=str(ARTIFACTS / f"tables-embed-registry-{width}.png"))
    finally:
        context.close()
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("path", [ORGANIZATION, SCHOOL, EMBED, EMBED_SCHOOL, ZIP, ZIP_SCHOOL, PRACTICE])
def test_no_sideways_scrolling_at_375_with_the_largest_font(a11y_url, browser, path):
    """At 375 px with the largest font step the organisation card's label/value grid once pushed the
    tab, its embed page and the ZIP about 70 px wider than the screen."""
    context = browser.new_context(viewport={"width": 375, "height": 800}, locale="ru-RU")
    page = context.new_page()
    try:
        set_state(page, a11y_url, LARGEST)
        open_page(page, a11y_url + path)
        page.wait_for_timeout(200)
        scroll_width, client_width, body_width = overflow(page)
        assert scroll_width <= client_width and body_width <= client_width, (scroll_width, body_width, client_width)
        card = page.locator(".mb-card")
        if card.count():
            box = card.first.bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= client_width, box
            if path == EMBED_SCHOOL:
                ARTIFACTS.mkdir(parents=True, exist_ok=True)
                card.first.scroll_into_view_if_needed()
                page.screenshot(path=str(ARTIFACTS / "a11y-375-largest-embed-school-card.png"))
    finally:
        context.close()


@pytest.mark.parametrize("path", [ORGANIZATION, EMBED, ZIP])
def test_card_labels_stand_beside_their_values_on_a_wide_page(a11y_url, page, path):
    """The card that stacks its labels on a narrow screen still pairs label and value on one line at
    1280 px (the theme's own indent of <dd> must not push the value under its label)."""
    set_state(page, a11y_url, NORMAL)
    open_page(page, a11y_url + path)
    dt, dd = (page.locator(f".mb-card > {tag}").first.bounding_box() for tag in ("dt", "dd"))
    assert abs(dt["y"] - dd["y"]) < 2 and dd["x"] >= dt["x"] + dt["width"], (dt, dd)


#: Value labels of the monitoring charts («66,3 %»), whatever draws them, and the target marks.
CHART_GEOMETRY = """() => {
  const boxes = els => els.map(e => { const r = e.getBoundingClientRect();
    return {x: r.left, y: r.top, right: r.right, bottom: r.bottom, size: parseFloat(getComputedStyle(e).fontSize),
            text: e.textContent}; });
  const labels = [...document.querySelectorAll('figure.mb-chart *')]
    .filter(e => !e.children.length && /^\\d+(,\\d+)?\\u00a0%$/.test(e.textContent.trim()));
  return {labels: boxes(labels), targets: boxes([...document.querySelectorAll('figure.mb-chart .mb-chart__target')])};
}"""


@pytest.mark.parametrize("path", [EMBED_SCHOOL, SCHOOL])
def test_chart_labels_follow_the_font_and_keep_off_the_target(a11y_url, browser, path):
    """Chart labels once stayed about 11 px at the largest font step (body text 32 px), and a value
    label («66,3 %») was crossed by the 70 % target line."""
    for state, width in ((NORMAL, 1280), (LARGEST, 1280), (LARGEST, 375)):
        context = browser.new_context(viewport={"width": width, "height": 900}, locale="ru-RU")
        page = context.new_page()
        try:
            set_state(page, a11y_url, state)
            open_page(page, a11y_url + path)
            body = text_size(page)
            found = page.evaluate(CHART_GEOMETRY)
            labels, targets = found["labels"], found["targets"]
            assert len(labels) == 16 and targets, (len(labels), len(targets))  # 4 charts × 4 years; a target
            assert any("66,3" in label["text"] for label in labels)
            small = [label for label in labels if label["size"] < 0.85 * body]
            assert small == [], (state, width, body, small[:3])
            crossed = [(label["text"], t) for label in labels for t in targets
                       if label["x"] < t["right"] and t["x"] < label["right"]
                       and label["y"] < t["bottom"] and t["y"] < label["bottom"]]
            assert crossed == [], (state, width, crossed[:3])
            if state == LARGEST:
                ARTIFACTS.mkdir(parents=True, exist_ok=True)
                kind = "embed" if "vstraivanie" in path else "tab"
                shot = ARTIFACTS / f"a11y-charts-largest-{width}-{kind}.png"
                page.locator(".mb-charts").first.screenshot(path=str(shot))
        finally:
            context.close()
