"""Embedding the tab on an organisation's official site, driven in Debian chromium (issue 5):
a host page on another origin embeds the iframe with the loader (height follows the content, also
after narrowing to 360 px), and the script-free fragment renders with JavaScript disabled."""

from __future__ import annotations

import pytest
from conftest import ARTIFACTS, serve

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
        assert page.locator("table.mb-roadmap tbody tr").count() == 9
        # Inline styles apply without any stylesheet: table cells have borders, statuses their colour.
        border = page.locator("table.mb-roadmap td").first.evaluate("el => getComputedStyle(el).borderTopWidth")
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
