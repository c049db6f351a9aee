"""The site around the bank's records, as a visitor meets it: the home page as the front
door, the header at 375 px and at the largest font step, the Russian footer and «page not found» page,
no English words on public pages, the way back from a record (breadcrumbs, record folders), a practice
printed on A4, and the navigation drawer by keyboard at 375 px."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
from html.parser import HTMLParser

import pytest
from conftest import ARTIFACTS, BUILD_DATE, ROOT
from jinja2 import Environment, FileSystemLoader

from mentorbank.bank import load_bank
from mentorbank.catalogue import Catalogue
from mentorbank.dates import parse
from mentorbank.pages import Renderer
from mentorbank.urls import TYPE_FOLDERS

PRACTICE = "praktiki/starshiy-drug/"
ORGANIZATION = "organizacii/tulun-komitet/"
#: Latin words a visitor may see: the names of the programs the footer credits.
PROPER_NAMES = {"MkDocs", "Material", "Pagefind"}
#: The four listings a record page leads back to.
LISTINGS = {"practice": "katalog/praktiki/", "winner": "katalog/pobediteli/",
            "event": "katalog/meropriyatiya/", "organization": "katalog/organizacii/"}
NORMAL = {"size": 0, "contrast": False}
LARGEST = {"size": 3, "contrast": False}
LARGEST_CONTRAST = {"size": 3, "contrast": True}


@pytest.fixture(scope="module")
def bank():
    return load_bank(ROOT, dt.date.fromisoformat(BUILD_DATE))


class _Tags(HTMLParser):
    """Start tags with their attributes, and the text inside elements of a given class."""

    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, {k: v or "" for k, v in attrs}))


def tags(html: str) -> list[tuple[str, dict]]:
    parser = _Tags()
    parser.feed(html)
    return parser.tags


def read(site, url: str) -> str:
    """The built page at site-relative ``url`` (a folder URL or a file name)."""
    path = site / url if url.endswith(".html") else site / url / "index.html"
    return path.read_text("utf-8")


def visit(browser, url: str, width: int, state=None, height: int = 900):
    """A new page of ``width`` px with the «Версия для слабовидящих» ``state`` stored, at ``url``."""
    context = browser.new_context(viewport={"width": width, "height": height}, locale="ru-RU")
    page = context.new_page()
    if state is not None:
        page.goto(url)
        page.evaluate("v => localStorage.setItem('bank-a11y', v)", json.dumps(state))
    page.goto(url)
    page.wait_for_load_state("load")
    page.evaluate("Promise.all(document.getAnimations().map(a => a.finished.catch(() => null)))")
    return context, page


def shoot(page, name: str, full_page: bool = False) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / name), full_page=full_page)


# ----- «Страница не найдена» and the footer ---------------------------------------------------------------
def test_not_found_page_is_russian_with_search_and_catalogue(sample_site):
    html = read(sample_site, "404.html")
    assert "Not found" not in html and "404 -" not in html
    assert "<title>Страница не найдена" in html and "<h1>Страница не найдена</h1>" in html
    found = tags(html)
    forms = [a for t, a in found if t == "form" and a.get("action", "").endswith("/poisk/")]
    assert forms, "на странице нет формы поиска"
    assert any(t == "input" and a.get("name") == "q" for t, a in found)
    hrefs = {a.get("href") for t, a in found if t == "a"}
    # Absolute from the site root: the page is served at any missing address.
    for target in ("/katalog/praktiki/", "/katalog/pobediteli/", "/katalog/meropriyatiya/", "/katalog/organizacii/",
                   "/uchastnikam/kak-dobavit/"):
        assert target in hrefs, target


@pytest.mark.parametrize("url", ["", PRACTICE, ORGANIZATION, "katalog/praktiki/", "poisk/", "404.html"])
def test_footer_is_russian_and_leads_to_proposing_a_practice(sample_site, url):
    html = read(sample_site, url)
    footer = html[html.index('<footer class="md-footer"'):html.index("</footer>")]
    assert "Made with" not in footer
    assert "Банк практик наставничества" in footer
    assert "Сделано на свободных программах" in footer
    links = {a["href"]: a for t, a in tags(footer) if t == "a"}
    assert any(h.endswith("uchastnikam/kak-dobavit/") for h in links), links
    text = re.sub(r"<[^>]+>", " ", footer)
    assert set(re.findall(r"[A-Za-z]{2,}", text)) <= PROPER_NAMES


def test_footer_links_the_repository_once_a_region_sets_it():
    """mkdocs.yml ``repo_url`` (README, «Где предлагают практики»): the footer links it under a Russian label."""
    env = Environment(loader=FileSystemLoader(str(ROOT / "overrides")), autoescape=True)
    env.filters["url"] = lambda value: "/" + value
    template = env.get_template("partials/footer.html")
    config = {"site_name": "Банк практик наставничества", "repo_url": "https://git.example/region/bank",
              "repo_name": "Репозиторий банка", "copyright": None}
    html = template.render(config=config)
    assert '<a href="https://git.example/region/bank">Репозиторий банка</a>' in html
    assert "git.example" not in template.render(config=dict(config, repo_url=None))


# ----- The home page -----------------------------------------------------------------------------------------
def test_home_page_is_the_front_door(sample_site, bank):
    html = read(sample_site, "")
    found = tags(html)
    renderer = Renderer(bank)
    content = html[html.index('<div class="bank-home">'):]
    # Search first: the home page's own form comes before every card.
    search = content.index('id="bank-home-q"')
    assert search < content.index("bank-home-card")
    assert any(t == "form" and a.get("action", "").endswith("poisk/") for t, a in found)
    cards = [a["href"] for t, a in tags(content) if t == "a" and a.get("class") == "bank-home-card__title"]

    newest = sorted(bank.of_type("practice"), key=lambda r: (r.data["updated"], r.title.lower()), reverse=True)
    expected = [r.url for r in newest[:Catalogue.HOME_CARDS]]
    assert [h for h in cards if "praktiki/" in h] == expected
    today = dt.date.fromisoformat(BUILD_DATE)
    upcoming = sorted((e for e in bank.of_type("event") if parse(e.data.get("end") or e.data["start"]) >= today),
                      key=lambda e: e.data["start"])
    assert [h for h in cards if "meropriyatiya/" in h] == [e.url for e in upcoming[:Catalogue.HOME_CARDS]]
    assert upcoming, "в образцах нет предстоящих мероприятий"
    year_winners = [w.url for w in renderer.catalogue.winners if w.data["year"] == today.year]
    assert year_winners, "в образцах нет победителей года сборки"
    assert [h for h in cards if "pobediteli/" in h] == year_winners[:Catalogue.HOME_CARDS]
    assert f"Победители и призёры {today.year} года" in content
    cta = [a["href"] for t, a in tags(content) if t == "a" and a.get("class") == "bank-home__cta"]
    # the call to action leads to the editor; the guide stays one link away
    assert cta == ["redaktor/"] and '<a href="uchastnikam/kak-dobavit/">Как добавить практику</a>' in content
    assert "г.." not in html


def test_home_page_on_one_screen_at_1280_and_readable_at_375(sample_url, browser):
    context, page = visit(browser, sample_url, 1280, NORMAL)
    try:
        shoot(page, "theme-home-1280.png")
        height = page.viewport_size["height"]
        for selector in ("#bank-home-q", "#novye-praktiki", "#skoro", "#pobediteli-goda", "a.bank-home__cta",
                         ".bank-home-card--practice", ".bank-home-card--event", ".bank-home-card--winner"):
            box = page.locator(selector).first.bounding_box()
            assert box and box["y"] + min(box["height"], 40) <= height, (selector, box)
    finally:
        context.close()
    context, page = visit(browser, sample_url, 375, NORMAL)
    try:
        shoot(page, "theme-home-375.png")
        shoot(page, "theme-home-375-full.png", full_page=True)
        assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
        box = page.locator("#bank-home-q").bounding_box()
        assert box["y"] + box["height"] <= page.viewport_size["height"] and box["width"] >= 150, box
        assert page.locator(".bank-home-card").count() >= 3
    finally:
        context.close()


# ----- The header at 375 px and at the largest font step --------------------------------------------------
HEADER = """() => {
  const box = document.querySelector('.md-header__title');
  const text = box.querySelector('.bank-header-title__text') || box.querySelector('.md-header__topic .md-ellipsis');
  const r = text.getBoundingClientRect(), input = document.querySelector('.bank-search-form__input');
  const link = document.querySelector('.bank-search-link');
  const shown = e => !!e && e.getClientRects().length > 0 && getComputedStyle(e).visibility === 'visible';
  const probe = document.createElement('span');
  const cs = getComputedStyle(input);
  probe.style.cssText = 'position:absolute;visibility:hidden;white-space:pre';
  Object.assign(probe.style, {fontFamily: cs.fontFamily, fontSize: cs.fontSize, fontWeight: cs.fontWeight});
  probe.textContent = input.placeholder; document.body.appendChild(probe);
  const placeholder = probe.getBoundingClientRect().width; probe.remove();
  const l = link ? link.getBoundingClientRect() : null;
  return {text: text.textContent.trim(), shown: shown(text), left: r.left, right: r.right, top: r.top,
          bottom: r.bottom, width: innerWidth,
          cut: Math.max(box.scrollWidth - box.clientWidth, text.scrollWidth - text.clientWidth),
          input: shown(input) ? input.clientWidth : null, placeholder,
          link: shown(link) ? [l.left, l.right, l.width] : null,
          header: [document.querySelector('.md-header__inner').scrollWidth, innerWidth]};
}"""


@pytest.mark.parametrize("width,state", [(375, NORMAL), (375, LARGEST), (1280, LARGEST), (320, LARGEST)],
                         ids=["375", "375-largest", "1280-largest", "320-largest"])
def test_header_shows_the_whole_title_and_a_usable_search(sample_url, browser, width, state):
    context, page = visit(browser, sample_url + PRACTICE, width, state)
    try:
        h = page.evaluate(HEADER)
        suffix = "-largest" if state["size"] else ""
        shoot(page, f"theme-header-{width}{suffix}.png")
        assert h["text"] == "Банк практик наставничества" and h["shown"], h
        assert h["cut"] <= 0, f"название обрезано: {h}"
        assert 0 <= h["left"] and h["right"] <= h["width"], h
        assert h["header"][0] <= h["header"][1], h  # the header itself is not wider than the screen
        if h["input"] is not None:
            assert h["input"] >= h["placeholder"], f"поле поиска уже подсказки: {h}"
        else:
            assert h["link"] and 0 <= h["link"][0] and h["link"][1] <= h["width"] and h["link"][2] >= 24, h
        # The search button leads to the search page.
        if h["link"]:
            page.locator(".bank-search-link").click()
            page.wait_for_url("**/poisk/")
    finally:
        context.close()



@pytest.mark.parametrize("path", ["praktiki/shkola-molodogo-pedagoga/", PRACTICE, ORGANIZATION, "katalog/praktiki/"])
def test_record_pages_do_not_scroll_sideways_at_320_px_with_the_largest_font(sample_url, browser, path):
    """WCAG 1.4.10 (reflow): at 320 CSS px with the largest font of «Версия для слабовидящих» nothing but a
    table in its own scrolling box is wider than the screen (the card once was, by a long word)."""
    context, page = visit(browser, sample_url + path, 320, LARGEST)
    try:
        wide = page.evaluate("""() => { const W = document.documentElement.clientWidth;
          return [document.documentElement.scrollWidth - W, [...document.querySelectorAll('.bank-card dd, .mb-card dd')]
            .filter(e => e.getBoundingClientRect().right > W + 1).map(e => e.textContent.trim().slice(0, 40))]; }""")
        assert wide == [0, []], wide
    finally:
        context.close()

# ----- No English on public pages --------------------------------------------------------------------------
VISIBLE_TEXT = """() => {
  const copy = document.body.cloneNode(true);
  // Code is code (the embed snippet for coordinators); the coordinator's part of an organisation page
  // (how to embed the tab, what is missing) speaks of HTML, iframe and ZIP on purpose.
  copy.querySelectorAll('pre, code, .bank-related').forEach(e => e.remove());
  copy.style.cssText = 'position:absolute;left:0;top:0;width:' + innerWidth + 'px';
  document.body.appendChild(copy);
  const out = [copy.innerText, document.title];
  copy.remove();
  for (const e of document.querySelectorAll('[placeholder],[aria-label],[title],img[alt]')) {
    if (e.closest('pre, code, .bank-related') || !e.getClientRects().length) continue;
    for (const a of ['placeholder', 'aria-label', 'title', 'alt']) if (e.getAttribute(a)) out.push(e.getAttribute(a));
  }
  return out.join('\\n');
}"""


@pytest.mark.parametrize("width", [1280, 375])
@pytest.mark.parametrize("url", ["", PRACTICE, ORGANIZATION, ORGANIZATION + "vstraivanie/", "katalog/",
                                 "katalog/praktiki/", "poisk/?q=наставник", "404.html"],
                         ids=["home", "practice", "tab", "embed", "catalogue", "listing", "search", "404"])
def test_no_english_words_on_public_pages(sample_url, browser, url, width):
    context, page = visit(browser, sample_url + url, width, NORMAL)
    try:
        if url.startswith("poisk/"):
            page.locator(".bank-search__result").first.wait_for(timeout=15000)
        text = re.sub(r"https?://\S+", " ", page.evaluate(VISIBLE_TEXT))
        words = set(re.findall(r"[A-Za-z][A-Za-z-]*[A-Za-z]", text)) - PROPER_NAMES
        assert words == set(), f"{url or '/'} при {width} px: {sorted(words)}"
    finally:
        context.close()


# ----- The way back from a record; record folders ---------------------------------------------------------
def test_record_pages_lead_back_to_their_listing(sample_site, bank):
    renderer = Renderer(bank)
    upcoming = {e.id for e in renderer.catalogue.events[0]}
    for record_type in TYPE_FOLDERS:
        for r in bank.of_type(record_type):
            html = read(sample_site, r.url)
            nav = html[html.index('<nav class="bank-breadcrumbs"'):]
            nav = nav[:nav.index("</nav>")]
            assert html.index('<nav class="bank-breadcrumbs"') < html.index("<h1"), r.id
            links = re.findall(r'<a href="([^"]+)">([^<]+)</a>', nav)
            listing = LISTINGS[record_type]
            if record_type == "event" and r.id not in upcoming:
                listing = "katalog/meropriyatiya/proshedshie/"
            assert [h for h, _ in links] == ["../../", "../../katalog/", "../../" + listing], (r.id, links)
            assert [t for _, t in links][:2] == ["Главная", "Каталог"]


@pytest.mark.parametrize("record_type", list(TYPE_FOLDERS))
def test_record_folders_answer_with_their_listing(sample_site, sample_url, page, record_type):
    folder = TYPE_FOLDERS[record_type] + "/"
    html = read(sample_site, folder)
    assert f'content="0; url=../{LISTINGS[record_type]}"' in html
    assert f'<a href="../{LISTINGS[record_type]}">' in html  # for a browser that does not follow it
    response = page.goto(sample_url + folder)
    assert response.status == 200
    page.wait_for_url(f"**/{LISTINGS[record_type]}")
    assert page.locator("h1").first.inner_text()


def test_practice_page_with_breadcrumbs_screenshots(sample_url, browser):
    for width in (1280, 375):
        context, page = visit(browser, sample_url + PRACTICE, width, NORMAL)
        try:
            crumbs = page.locator(".bank-breadcrumbs")
            assert crumbs.is_visible()
            assert crumbs.inner_text().split() == ["Главная", "Каталог", "Практики"]
            shoot(page, f"theme-practice-{width}.png")
            crumbs.get_by_role("link", name="Практики").click()
            page.wait_for_url("**/katalog/praktiki/")
        finally:
            context.close()
    context, page = visit(browser, sample_url + "404.html", 1280)
    try:
        shoot(page, "theme-404-1280.png")
    finally:
        context.close()
    context, page = visit(browser, sample_url + "404.html", 375)
    try:
        shoot(page, "theme-404-375.png", full_page=True)
    finally:
        context.close()


# ----- Printing a practice --------------------------------------------------------------------------------
PRINT_HIDDEN = [".bank-a11y-bar", ".md-header", ".md-tabs", ".md-sidebar--primary", ".md-footer",
                ".bank-breadcrumbs", ".bank-search-form", ".bank-a11y__button"]


@pytest.mark.parametrize("state", [NORMAL, LARGEST_CONTRAST], ids=["normal", "largest-contrast"])
def test_practice_prints_its_card_and_text_on_a4(sample_url, browser, state):
    context, page = visit(browser, sample_url + PRACTICE, 1280, state)
    try:
        assert page.locator(".bank-breadcrumbs").is_visible()  # on the screen
        page.emulate_media(media="print")
        for selector in PRINT_HIDDEN:
            shown = page.locator(selector).evaluate_all("els => els.filter(e => e.getClientRects().length).length")
            assert shown == 0, f"{selector} печатается"
        for selector in ("h1", ".bank-card", ".bank-body"):
            assert page.locator(selector).first.is_visible(), selector
        style = page.evaluate("""() => ['h1', '.bank-card dd', '.bank-body p'].map(s => {
            const c = getComputedStyle(document.querySelector(s));
            return [c.color, c.backgroundColor, parseFloat(c.fontSize)]; })""")
        for color, background, size in style:
            # Black on white whatever the screen settings, at a reading size (≤ 18 pt h1, ≤ 12 pt text).
            assert color == "rgb(0, 0, 0)", style
            assert background in ("rgba(0, 0, 0, 0)", "rgb(255, 255, 255)"), style
            assert size <= 24, style
        name = "theme-print-practice" + ("" if state == NORMAL else "-largest-contrast")
        pdf = ARTIFACTS / f"{name}.pdf"
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.pdf(path=str(pdf), format="A4", print_background=True)
    finally:
        context.close()
    if shutil.which("pdftotext"):
        first = subprocess.run(["pdftotext", "-f", "1", "-l", "1", "-layout", str(pdf), "-"],
                               capture_output=True, text=True, check=True).stdout
        assert "«Старший друг»" in first and "Организация" in first and "Формы наставничества" in first
        for absent in ("Версия для слабовидящих", "Найти", "Главная", "Сделано на свободных программах"):
            assert absent not in first, absent
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-f", "1", "-l", "1", "-r", "80", "-png", str(pdf), str(ARTIFACTS / name)],
                       check=True)


# ----- The navigation drawer by keyboard at 375 px (ГОСТ Р 52872-2019, 2.4.7) ----------------------------
FOCUSED = """() => {
  const e = document.activeElement, r = e.getBoundingClientRect(), s = getComputedStyle(e);
  return {tag: e.tagName, cls: String(e.className),
          name: (e.getAttribute('aria-label') || e.textContent).trim().slice(0, 40),
          left: r.left, right: r.right, top: r.top, bottom: r.bottom, width: r.width, height: r.height,
          visibility: s.visibility, inDrawer: !!e.closest('.md-sidebar--primary'),
          expanded: e.getAttribute('aria-expanded')};
}"""


def on_screen(f: dict, width: int, height: int) -> bool:
    return (f["width"] > 0 and f["height"] > 0 and f["visibility"] == "visible" and f["left"] >= 0
            and f["right"] <= width + 1 and f["bottom"] > 0 and f["top"] < height)


@pytest.mark.parametrize("url", ["", PRACTICE, "katalog/praktiki/"], ids=["home", "practice", "listing"])
def test_keyboard_at_375_never_focuses_off_screen_and_opens_the_menu(sample_url, browser, url):
    width, height = 375, 800
    context, page = visit(browser, sample_url + url, width, NORMAL, height)
    try:
        # The whole page by Tab: every stop visible on the screen, none in the closed drawer.
        button, stops = None, 0
        for _ in range(200):
            page.keyboard.press("Tab")
            f = page.evaluate(FOCUSED)
            if f["tag"] == "BODY":
                break
            stops += 1
            assert on_screen(f, width, height), f"фокус за пределами экрана или невидим: {f}"
            assert not f["inDrawer"], f"ссылка закрытого меню получила фокус: {f}"
            if "bank-menu-button" in f["cls"]:
                button = button or f
        assert stops > 5
        assert button is not None, "кнопка меню недостижима клавишей Tab"
        assert button["expanded"] == "false" and button["name"] == "Меню разделов сайта"

        page.locator(".bank-menu-button").focus()
        page.keyboard.press("Enter")
        page.wait_for_timeout(400)  # the drawer slides in
        assert page.evaluate("document.getElementById('__drawer').checked")
        f = page.evaluate(FOCUSED)
        assert f["inDrawer"] and on_screen(f, width, height), f
        shoot(page, f"theme-drawer-375-{(url or 'home').strip('/').replace('/', '-')}.png")
        links = 0
        for _ in range(30):
            page.keyboard.press("Tab")
            f = page.evaluate(FOCUSED)
            if not f["inDrawer"]:
                break
            assert on_screen(f, width, height), f"пункт меню невидим: {f}"
            links += 1
        assert links >= 2, "по пунктам открытого меню не пройти клавишей Tab"

        page.keyboard.press("Escape")
        page.wait_for_timeout(400)
        assert not page.evaluate("document.getElementById('__drawer').checked")
        f = page.evaluate(FOCUSED)
        assert "bank-menu-button" in f["cls"] and f["expanded"] == "false", f
        page.keyboard.press(" ")
        page.wait_for_timeout(400)
        assert page.evaluate("document.getElementById('__drawer').checked"), "пробел не открывает меню"
        page.keyboard.press("Escape")
        page.wait_for_timeout(400)
        # Closed again: its links are out of the Tab order.
        hidden = page.evaluate("""() => [...document.querySelectorAll('.md-sidebar--primary a[href]')]
            .filter(a => getComputedStyle(a).visibility === 'visible').length""")
        assert hidden == 0
    finally:
        context.close()
