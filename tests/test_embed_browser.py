"""Embedding the tab on an organisation's official site, driven in Debian chromium:
a host page on another origin embeds the iframe with the loader (height follows the content, also
after narrowing to 360 px), and the script-free fragment renders with JavaScript disabled."""

from __future__ import annotations

import functools
import http.server
import threading
import time

import pytest
from conftest import ARTIFACTS, TABLES_IN_BOXES, serve
from playwright.sync_api import expect

ORG = "tulun-komitet"


@pytest.fixture(scope="module")
def host(sample_url, tmp_path_factory):
    """A host site (another origin: a different port) whose pages embed the bank's tab."""
    root = tmp_path_factory.mktemp("host")
    (root / "iframe.html").write_text(f"""<!doctype html>
<html lang="ru"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>МКОУ — Наставничество</title></head>
<body style="margin:0;font-family:sans-serif">
<header style="background:#004080;color:#fff;padding:12px 16px">Официальный сайт (пример хоста)</header>
<main style="padding:0 16px"><h1>Наставничество</h1>
<iframe src="{sample_url}organizacii/{ORG}/vstraivanie/" title="Наставничество — вкладка" data-mentorbank
 style="width:100%;border:0;min-height:400px" loading="lazy"></iframe>
<script src="{sample_url}assets/mentorbank/embed.js" async></script>
<p id="after">Текст после вкладки.</p></main>
</body></html>""", "utf-8")
    url, server = serve(root)
    yield url, root
    server.shutdown()


def frame_heights(page) -> tuple[float, float]:
    """(height of the iframe element on the host page, height of the document inside it)."""
    frame = page.frame_locator("iframe[data-mentorbank]")
    inner = frame.locator("html").evaluate("el => el.getBoundingClientRect().height")
    outer = page.locator("iframe[data-mentorbank]").evaluate("el => el.getBoundingClientRect().height")
    return outer, inner


def settle(page, tolerance: float = 10) -> tuple[float, float]:
    """Wait until the iframe height has followed its content (or time out and return the last pair)."""
    pair = (0.0, 0.0)
    for _ in range(50):
        pair = frame_heights(page)
        if pair[1] > 0 and abs(pair[0] - pair[1]) <= tolerance:
            break
        page.wait_for_timeout(100)
    return pair


def test_iframe_height_follows_the_content(host, browser):
    host_url, _ = host
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ru-RU")
    page = context.new_page()
    page.goto(host_url + "iframe.html")
    page.frame_locator("iframe[data-mentorbank]").locator("h1").wait_for()
    outer, inner = settle(page)
    assert inner > 1500, inner  # the authority's tab is long: a fixed 400 px would cut it
    assert abs(outer - inner) <= 10, (outer, inner)
    assert page.evaluate("document.documentElement.scrollHeight") > inner  # the host page grew, no inner scroll
    page.screenshot(path=str(ARTIFACTS / "embed-iframe-1280.png"), full_page=True)

    page.set_viewport_size({"width": 360, "height": 800})
    page.wait_for_timeout(300)
    outer2, inner2 = settle(page)
    assert inner2 > inner, (inner, inner2)  # narrower → taller
    assert abs(outer2 - inner2) <= 10, (outer2, inner2)
    frame = page.frame_locator("iframe[data-mentorbank]").locator("html")
    assert frame.evaluate("el => el.scrollWidth <= el.clientWidth + 1")  # no horizontal scroll inside
    page.screenshot(path=str(ARTIFACTS / "embed-iframe-360.png"), full_page=True)

    # Links leave the iframe: the tab's links open in the top window.
    link = page.frame_locator("iframe[data-mentorbank]").locator("a[href*='tulun-centr-mifsou']").first
    link.click()
    page.wait_for_url("**/organizacii/tulun-centr-mifsou/**")
    context.close()


def test_loader_ignores_height_messages_from_other_windows(host, browser):
    host_url, _ = host
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(host_url + "iframe.html")
    page.frame_locator("iframe[data-mentorbank]").locator("h1").wait_for()
    settle(page)
    before = frame_heights(page)[0]
    page.evaluate("window.postMessage({type: 'mentorbank:height', height: 5}, '*')")  # not from the iframe
    page.wait_for_timeout(300)
    assert frame_heights(page)[0] == before
    context.close()


def test_fragment_renders_without_scripts(host, browser, sample_site):
    _, root = host
    fragment = (sample_site / "organizacii" / ORG / "fragment.html").read_text("utf-8")
    (root / "fragment.html").write_text(
        "<!doctype html><html lang='ru'><head><meta charset='utf-8'><title>Госвеб — Наставничество</title>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'></head>"
        f"<body style='margin:0 auto;max-width:1000px;padding:16px'><main><h1>Наставничество</h1>{fragment}</main>"
        "</body></html>", "utf-8")
    url, server = serve(root)
    try:
        context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.goto(url + "fragment.html")
        assert page.locator("h2", has_text="Дорожная карта").is_visible()
        assert page.locator(".mb-items > li.mb-item").count() == 9  # roadmap items as blocks
        # Inline styles apply without any stylesheet: items have borders, statuses their colour.
        border = page.locator("li.mb-item").first.evaluate("el => getComputedStyle(el).borderTopWidth")
        assert border == "1px"
        # The real roadmap has no statuses: items past due are neutral (grey, not bold), never red.
        status = page.locator(".bank-status--unmarked .bank-status").first
        assert status.evaluate("el => getComputedStyle(el).color") == "rgb(85, 85, 85)"
        assert status.evaluate("el => getComputedStyle(el).fontWeight") == "400"
        assert page.locator(".bank-status--overdue").count() == 0
        page.screenshot(path=str(ARTIFACTS / "fragment-no-js.png"), full_page=True)
        page.set_viewport_size({"width": 360, "height": 800})
        assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
        context.close()
    finally:
        server.shutdown()


# ---------------------------------------------------------------- host console, fragment in a column, charset


class _SlowEmbed(http.server.SimpleHTTPRequestHandler):
    """The bank's site whose embed pages answer late (a slow network): the host's loader runs while its
    iframe still holds the initial about:blank, the moment its first message used to miss."""

    def log_message(self, *args):  # noqa: D102
        pass

    def do_GET(self):  # noqa: N802, D102
        if "/vstraivanie/" in self.path:
            time.sleep(0.6)
        super().do_GET()


@pytest.fixture(scope="module")
def slow_bank(sample_site):
    handler = functools.partial(_SlowEmbed, directory=str(sample_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.mark.parametrize("loader", ["sync-after", "async-before", "lazy"])
def test_host_console_stays_clean(slow_bank, browser, tmp_path, loader):
    """A host page on another origin embeds the tab: no error or warning in its console (the loader's
    first postMessage once went to the frame before it loaded and logged an origin error)."""
    lazy = ' loading="lazy"' if loader == "lazy" else ""
    frame = (f'<iframe src="{slow_bank}organizacii/{ORG}/vstraivanie/" title="Наставничество — вкладка" data-mentorbank'
             f' style="width:100%;border:0;min-height:400px"{lazy}></iframe>')
    run = "" if loader == "sync-after" else " async"
    script = f'<script src="{slow_bank}assets/mentorbank/embed.js"{run}></script>'
    body = script + frame if loader == "async-before" else frame + script
    (tmp_path / "host.html").write_text(
        "<!doctype html><html lang='ru'><head><meta charset='utf-8'><title>Сайт школы</title>"
        f"<link rel='icon' href='data:,'></head><body><h1>Наставничество</h1>{body}</body></html>", "utf-8")
    url, server = serve(tmp_path)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        messages = []
        page.on("console", lambda m: messages.append(f"{m.type}: {m.text}"))
        page.on("pageerror", lambda e: messages.append(f"pageerror: {e}"))
        page.goto(url + "host.html")
        page.frame_locator("iframe[data-mentorbank]").locator("h1").wait_for()
        outer, inner = settle(page)
        assert abs(outer - inner) <= 10 and inner > 1500, (outer, inner)  # the height still follows
        page.wait_for_timeout(300)
        assert [m for m in messages if m.split(":")[0] in ("error", "warning", "pageerror")] == []
    finally:
        context.close()
        server.shutdown()


def column_host(root, fragment: str, width: int) -> None:
    """A school site's page: a content column of ``width`` px in the host's own fonts, the fragment in it."""
    (root / f"column-{width}.html").write_text(
        "<!doctype html><html lang='ru'><head><meta charset='utf-8'><title>Сайт школы — Наставничество</title>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'></head>"
        "<body style='margin:0;font:17px/1.6 Georgia, serif;background:#f4f4f4'>"
        "<div style='display:flex;flex-wrap:wrap;gap:16px;max-width:900px;margin:0 auto'>"
        f"<main id='column' style='box-sizing:border-box;width:{width}px;max-width:100%;padding:0 12px;"
        "background:#fff'>"
        f"<h1>Наставничество</h1>{fragment}</main><aside style='flex:1 1 200px'>Меню сайта</aside></div>"
        "</body></html>", "utf-8")


@pytest.mark.parametrize("org_id", [ORG, "tulun-primer-shkola"])
def test_fragment_reads_in_a_narrow_content_column(browser, sample_site, tmp_path, org_id):
    """The fragment pasted into a 570 px column (and a 375 px phone): no sideways scrolling, every
    roadmap item's status inside the column, tables fit or scroll inside their own named box."""
    fragment = (sample_site / "organizacii" / org_id / "fragment.html").read_text("utf-8")
    column_host(tmp_path, fragment, 570)
    url, server = serve(tmp_path)
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        for viewport in (1280, 375):
            page.set_viewport_size({"width": viewport, "height": 900})
            page.goto(url + "column-570.html")
            assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
            column = page.locator("#column").bounding_box()
            assert column["width"] <= 570
            statuses = page.locator(".mb-fragment .bank-status")
            assert statuses.count() >= 5  # every item of the roadmap
            for i in range(statuses.count()):
                box = statuses.nth(i).bounding_box()
                assert box and box["width"] > 0 and column["x"] <= box["x"] and \
                    box["x"] + box["width"] <= column["x"] + column["width"] + 0.5, (viewport, i, box, column)
            problems = page.evaluate(TABLES_IN_BOXES)
            assert problems == [], (viewport, problems)
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / f"fragment-column-{org_id}-{viewport}.png"), full_page=True)
    finally:
        context.close()
        server.shutdown()


@pytest.mark.parametrize("how", ["file", "http-without-charset"])
def test_fragment_opened_directly_shows_cyrillic(browser, sample_site, tmp_path, how):
    """fragment.html opened as it is (double-click, or a server that sends text/html without a charset)."""
    path = sample_site / "organizacii" / ORG / "fragment.html"
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    server = None
    try:
        page = context.new_page()
        if how == "file":
            page.goto(path.as_uri())
        else:
            class NoCharset(http.server.BaseHTTPRequestHandler):
                def log_message(self, *args):  # noqa: D102
                    pass

                def do_GET(self):  # noqa: N802, D102
                    data = path.read_bytes()
                    self.send_response(200)
                    self.send_header("Content-Type", "text/html")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)

            server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), NoCharset)
            threading.Thread(target=server.serve_forever, daemon=True).start()
            response = page.goto(f"http://127.0.0.1:{server.server_address[1]}/fragment.html")
            assert response.headers["content-type"] == "text/html"
        assert page.evaluate("document.characterSet") == "UTF-8"
        assert page.locator("h2").first.inner_text() == "О наставничестве"
        assert "Дорожная карта" in page.locator("body").inner_text()
        if how == "file":
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / "fragment-direct-1280.png"))
            page.set_viewport_size({"width": 375, "height": 800})
            assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
            page.screenshot(path=str(ARTIFACTS / "fragment-direct-375.png"))
    finally:
        context.close()
        if server:
            server.shutdown()


def test_embed_code_has_a_copy_button(sample_url, browser):
    """«Как разместить на сайте организации»: «Копировать код» puts the iframe code on the clipboard and
    says so in a live region; without scripts there is no dead button and the code stays in the page."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ru-RU")
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=sample_url.rstrip("/"))
    try:
        page = context.new_page()
        page.goto(sample_url + f"organizacii/{ORG}/")
        code = page.locator("#mb-embed-code").inner_text()
        assert code.startswith("<iframe src=") and "embed.js" in code
        button = page.get_by_role("button", name="Копировать код", exact=True)
        status = page.locator("#mb-embed-code-status")
        assert status.get_attribute("role") == "status" and status.inner_text() == ""
        button.click()
        expect(status).to_have_text("Скопировано")  # the clipboard answers asynchronously
        assert status.is_visible()
        assert page.evaluate("navigator.clipboard.readText()") == code
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.locator(".mb-embed-help").screenshot(path=str(ARTIFACTS / "embed-copy-button.png"))
        page.locator("details.mb-details > summary").click()
        page.get_by_role("button", name="Копировать код фрагмента").click()
        expect(page.locator("#mb-fragment-code-status")).to_have_text("Скопировано")
        assert page.evaluate("navigator.clipboard.readText()") == page.locator("#mb-fragment-code").input_value()
    finally:
        context.close()
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.goto(sample_url + f"organizacii/{ORG}/")
        assert page.locator("#mb-embed-code").is_visible()
        assert page.get_by_role("button", name="Копировать код", exact=True).count() == 0  # hidden: no dead button
    finally:
        context.close()
