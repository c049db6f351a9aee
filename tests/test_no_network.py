"""The site works without the internet: nothing it loads comes from another host.

Two views of the built sample site:
1. every HTML, CSS and JavaScript file: no stylesheet, script, font, image, frame or other
   loaded resource has an absolute address (``http(s)://`` or ``//``); links a visitor follows
   (``<a href>``, ``rel="canonical"``) may point anywhere;
2. chromium opens the key pages (home, catalogue, a record, a tab, its embed page and fragment,
   the ZIP's standalone tab, a search with results) with every request intercepted: none leaves
   127.0.0.1.
"""

from __future__ import annotations

import io
import re
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import serve

#: Absolute addresses: another host (or, for a published site, any host but the page's own).
ABSOLUTE = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:)?//", re.I)
#: ``<link rel>`` values whose target is not loaded by the page.
NOT_LOADED_RELS = {"canonical", "alternate", "author", "license", "help", "search", "next", "prev", "me", "feed"}
#: Attributes whose value a browser loads, per tag ("*": any tag).
LOADED = {
    "script": {"src"}, "img": {"src", "srcset"}, "source": {"src", "srcset"}, "video": {"src", "poster"},
    "audio": {"src"}, "track": {"src"}, "iframe": {"src"}, "frame": {"src"}, "embed": {"src"},
    "object": {"data"}, "input": {"src"}, "image": {"href", "xlink:href"}, "use": {"href", "xlink:href"},
    "feimage": {"href", "xlink:href"}, "*": {"background"},
}
CSS_URL = re.compile(r"""url\(\s*(['"]?)(.*?)\1\s*\)|@import\s+(['"])(.*?)\3""", re.I | re.S)
#: JavaScript that loads an address given as a string literal.
JS_LOAD = re.compile(r"""(?:import|importScripts|fetch|Worker|SharedWorker|EventSource|WebSocket|sendBeacon)"""
                     r"""\s*\(\s*['"`]((?:https?:)?//[^'"`]+)|\.(?:src|href)\s*=\s*['"`]((?:https?:)?//[^'"`]+)""")


def external_in_css(css: str) -> list[str]:
    found = []
    for m in CSS_URL.finditer(css):
        url = m.group(2) if m.group(2) is not None else m.group(4)
        if url and ABSOLUTE.match(url):
            found.append(url)
    return found


class _Loaded(HTMLParser):
    """Addresses of resources an HTML document loads: attributes, inline styles, <style> and meta refresh."""

    def __init__(self):
        super().__init__()
        self.urls: list[str] = []
        self._style = False

    def handle_starttag(self, tag, attrs):
        a = {k.lower(): v or "" for k, v in attrs}
        names = LOADED.get(tag, set()) | LOADED["*"]
        if tag == "link" and not set(a.get("rel", "").lower().split()) <= NOT_LOADED_RELS:
            names = names | {"href", "imagesrcset"}
        for name in names:
            for part in a.get(name, "").split(","):
                url = part.strip().split(" ")[0] if name.endswith("srcset") else part.strip()
                if url and ABSOLUTE.match(url):
                    self.urls.append(f"<{tag} {name}={url}>")
        if tag == "meta" and a.get("http-equiv", "").lower() == "refresh":
            target = a.get("content", "").partition("url=")[2]
            if ABSOLUTE.match(target):
                self.urls.append(f"<meta refresh {target}>")
        self.urls += [f"<{tag} style> {u}" for u in external_in_css(a.get("style", ""))]
        self._style = tag == "style"

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag):
        self._style = False

    def handle_data(self, data):
        if self._style:
            self.urls += [f"<style> {u}" for u in external_in_css(data)]


def external_in_html(html: str) -> list[str]:
    scan = _Loaded()
    scan.feed(html)
    scan.close()
    return scan.urls


def test_the_scanner_finds_external_resources():
    """The scan below can fail: each way of loading from another host is found."""
    html = ('<link rel="stylesheet" href="https://fonts.example/a.css">'
            '<link rel="preload" href="//cdn.example/f.woff2"><script src="https://cdn.example/x.js"></script>'
            '<img src="x.png" srcset="a.png 1x, https://i.example/b.png 2x">'
            '<iframe src="https://evil.example/"></iframe><div style="background:url(https://i.example/c.png)"></div>'
            '<style>@import "https://fonts.example/b.css";</style><svg><use href="https://i.example/s.svg#x"/></svg>'
            '<meta http-equiv="refresh" content="0; url=https://evil.example/">')
    assert len(external_in_html(html)) == 9
    assert external_in_html('<a href="https://example.org/">x</a><link rel="canonical" href="https://x.example/">'
                            '<img src="data:image/png;base64,AA" alt="">') == []
    assert external_in_css("@import url('https://fonts.example/a.css'); a{background:url(//cdn.example/b.png)}") == [
        "https://fonts.example/a.css", "//cdn.example/b.png"]
    assert external_in_css("a{background:url(\"data:image/svg+xml;charset=utf-8,<svg xmlns='http://www.w3.org/2000/svg'/>\")}"
                           ) == []
    js = 'x=import("https://cdn.example/m.js");s.src="//cdn.example/x.js";fetch(`https://api.example/`)'
    assert len(JS_LOAD.findall(js)) == 3


@pytest.mark.site
def test_no_built_file_loads_from_another_host(sample_site):
    found = []
    # The editor's vendored Decap CMS talks to the git host a region configures (GitHub, GitLab): its
    # page loads only scripts of the site itself and requests nothing else offline (test_editor_browser).
    files = [p for p in sample_site.rglob("*") if p.suffix in (".html", ".css", ".js") and p.is_file()
             and "redaktor/decap" not in p.relative_to(sample_site).as_posix()]
    assert len([p for p in files if p.suffix == ".css"]) >= 3 and len([p for p in files if p.suffix == ".js"]) >= 3
    for path in files:
        text = path.read_text("utf-8", "replace")
        rel = path.relative_to(sample_site)
        if path.suffix == ".html":
            found += [f"{rel}: {u}" for u in external_in_html(text)]
        elif path.suffix == ".css":
            found += [f"{rel}: {u}" for u in external_in_css(text)]
        else:
            found += [f"{rel}: {a or b}" for a, b in JS_LOAD.findall(text)]
    for zpath in sample_site.rglob("*.zip"):
        with zipfile.ZipFile(io.BytesIO(zpath.read_bytes())) as zf:
            for name in zf.namelist():
                text = zf.read(name).decode("utf-8", "replace")
                urls = external_in_html(text) if name.endswith(".html") else external_in_css(text) \
                    if name.endswith(".css") else []
                found += [f"{zpath.name}!{name}: {u}" for u in urls]
    assert found == []


def _standalone_zip(site: Path, tmp: Path) -> Path:
    zpath = next(site.glob("organizacii/tulun-primer-shkola/*.zip"))
    with zipfile.ZipFile(zpath) as zf:
        zf.extractall(tmp)
    return tmp


@pytest.mark.browser
def test_key_pages_request_nothing_beyond_localhost(sample_site, sample_url, browser, tmp_path):
    zip_url, zip_server = serve(_standalone_zip(sample_site, tmp_path / "zip"))
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ru-RU")
    requested: list[str] = []

    def route(r):
        requested.append(r.request.url)
        if re.match(r"^https?://127\.0\.0\.1:\d+/", r.request.url) or r.request.url.startswith(("data:", "blob:")):
            r.continue_()
        else:
            r.abort()

    context.route("**/*", route)
    try:
        page = context.new_page()
        for path in ("", "katalog/", "katalog/praktiki/", "praktiki/starshiy-drug/", "organizacii/tulun-primer-shkola/",
                     "organizacii/tulun-primer-shkola/vstraivanie/", "organizacii/tulun-primer-shkola/fragment.html",
                     "pobediteli/tulun-nastavnik-goda-2025-pobeditel/", "uchastnikam/model-dannyh/", "404.html"):
            page.goto(sample_url + path, wait_until="networkidle")
        page.goto(zip_url + "index.html", wait_until="networkidle")
        page.goto(sample_url + "poisk/", wait_until="networkidle")
        page.fill("#bank-search-input", "наставник")
        page.wait_for_selector(".bank-search__result-link", timeout=15_000)
        page.wait_for_load_state("networkidle")
    finally:
        context.close()
        zip_server.shutdown()
    assert any("/pagefind/" in u for u in requested)  # the search loaded its index: requests were seen
    assert [u for u in requested if not re.match(r"^(https?://127\.0\.0\.1:\d+/|data:|blob:)", u)] == []
