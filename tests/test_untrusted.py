"""Contributor content is data: never a template, never live HTML."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import build_site, copy_repo

from mentorbank.outputs import editor

HOSTILE_BODY = """Обычный текст про наставника.

Шаблон: {{ 7 * 7 }} и {% if true %}ВЫПОЛНЕНО{% endif %} и {{ bank_build_date() }}.
Оболочка: {{ self.__init__.__globals__.__builtins__.__import__('os').popen('touch PWNED').read() }}

<script>alert("XSS-MARKER")</script>
<img src="x" onerror="alert('XSS-MARKER')">
<a href="javascript:alert('XSS-MARKER')">ссылка</a>
[md-ссылка](javascript:alert('XSS-MARKER'))
<iframe src="https://evil.example/"></iframe>
<style>body { display: none }</style>
<div onclick="alert('XSS-MARKER')">кликни</div>
"""

FRONT = """---
type: practice
title: "Враждебная практика {{ 6 * 7 }} <script>alert('XSS-MARKER')</script>"
summary: "Аннотация с <b onmouseover=alert('XSS-MARKER')>разметкой</b> и {{ 5 * 5 }}"
organization: tomsk-raion-uo
year: 2024
forms: [pupil-pupil]
audience: [pupils-5-9]
goal: "Цель {% raw %}"
updated: 2026-11-20
---
"""


class _Scan(HTMLParser):
    def __init__(self):
        super().__init__()
        self.handlers: list[str] = []
        self.scripts: list[str] = []
        self.js_urls: list[str] = []
        self.frames = 0
        self._in_script = False
        #: JSON-LD scripts (data, not code): their text, checked to be JSON that cannot close the script.
        self.json_ld: list[str] = []
        self._ld = False

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name.lower().startswith("on"):
                self.handlers.append(f"{tag} {name}={value}")
            bad_scheme = value and value.strip().lower().startswith(("javascript:", "data:"))
            if name in ("href", "src", "action") and bad_scheme:
                self.js_urls.append(value)
        if tag == "script":
            self._in_script = True
            self._ld = dict(attrs).get("type") == "application/ld+json"
            if self._ld:
                self.json_ld.append("")
            else:
                self.scripts.append(dict(attrs).get("src") or "")
        if tag in ("iframe", "object", "embed"):
            self.frames += 1

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script and self._ld:
            self.json_ld[-1] += data
        elif self._in_script and "XSS-MARKER" in data:
            self.scripts.append("HOSTILE INLINE SCRIPT")


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    root = copy_repo(tmp_path_factory.mktemp("hostile"))
    (root / "practices/practices/vrazhdebnaya.md").write_text(FRONT + HOSTILE_BODY, "utf-8")
    site = root / "site"
    done = build_site(root, site)
    assert done.returncode == 0, done.stdout + done.stderr
    return root, site


def test_jinja_in_body_is_not_evaluated(hostile_site):
    root, site = hostile_site
    html = (site / "praktiki/vrazhdebnaya/index.html").read_text("utf-8")
    assert "{{ 7 * 7 }}" in html
    assert "{% if true %}ВЫПОЛНЕНО{% endif %}" in html
    assert "{{ bank_build_date() }}" in html
    assert "{{ 6 * 7 }}" in html  # title
    assert " 49 " not in html and "Враждебная практика 42" not in html
    assert not (root / "PWNED").exists() and not Path("PWNED").exists()


def test_home_page_shows_the_newest_hostile_practice_as_text(hostile_site):
    """The home page's cards come from the core's sandboxed, autoescaping templates through a macro of
    mkdocs-macros and Markdown: the newest practice's title arrives there as text, never evaluated."""
    _, site = hostile_site
    html = (site / "index.html").read_text("utf-8")
    cards = html[html.index('id="novye-praktiki"'):html.index('id="skoro"')]
    assert 'href="praktiki/vrazhdebnaya/"' in cards
    assert "Враждебная практика {{ 6 * 7 }} &lt;script&gt;alert(&#39;XSS-MARKER&#39;)&lt;/script&gt;" in cards
    assert "Враждебная практика 42" not in html and "<script>alert" not in html


def test_no_hostile_html_reaches_the_site(hostile_site):
    _, site = hostile_site
    for path in site.rglob("*.html"):
        scan = _Scan()
        scan.feed(path.read_text("utf-8"))
        assert scan.handlers == [], path
        assert scan.js_urls == [], path
        assert scan.frames == 0, path
        assert "HOSTILE INLINE SCRIPT" not in scan.scripts, path
        for data in scan.json_ld:  # contributor text in JSON-LD is JSON data that cannot close the script
            json.loads(data)
            assert "<" not in data and ">" not in data, path
        own = [s for s in scan.scripts if s and not s.startswith("HOSTILE")]
        editor_page = path.parent.name == "redaktor"  # the site's own editor: its scripts, served from itself
        for src in own:
            assert "assets/" in src or "pagefind/" in src or (editor_page and src in editor.SCRIPTS), (path, src)
    html = (site / "praktiki/vrazhdebnaya/index.html").read_text("utf-8")
    assert "<script>alert" not in html
    assert "<style>body" not in html
    assert "&lt;script&gt;" in html  # the title is shown as text


def test_render_macros_in_contributor_file_is_rejected(tmp_path):
    root = copy_repo(tmp_path / "repo")
    (root / "practices/practices/makros.md").write_text(
        FRONT.replace("updated: 2026-11-20\n", "updated: 2026-11-20\nrender_macros: true\n") + "{{ 1 + 1 }}\n", "utf-8")
    done = build_site(root, tmp_path / "site")
    assert done.returncode != 0
    out = done.stdout + done.stderr
    assert "render_macros" in out and "makros.md:" in out
    assert "Traceback" not in out


def test_organization_profiles_never_reach_jinja(tmp_path):
    """Profiles live in docs_dir (content/organizations) but are not MkDocs pages."""
    root = copy_repo(tmp_path / "repo")
    org = root / "content/organizations/tomsk-raion-uo.md"
    org.write_text(org.read_text("utf-8") + "\nМакрос: {{ bank_build_date() }} {{ 3 * 3 }}\n", "utf-8")
    site = tmp_path / "site"
    done = build_site(root, site)
    assert done.returncode == 0, done.stderr
    html = (site / "organizacii/tomsk-raion-uo/index.html").read_text("utf-8")
    assert "{{ bank_build_date() }} {{ 3 * 3 }}" in html
    assert not (site / "organizations").exists()


def test_build_makes_no_external_requests(hostile_site):
    """Fonts are off and every asset is local: no http(s) stylesheet, script or font in the output."""
    _, site = hostile_site
    for path in list(site.rglob("*.html")) + list(site.rglob("*.css")):
        text = path.read_text("utf-8", "replace")
        assert "fonts.googleapis.com" not in text and "fonts.gstatic.com" not in text, path


def test_build_fails_with_russian_report_and_no_traceback(tmp_path):
    root = copy_repo(tmp_path / "repo")
    (root / "practices/practices/slomannaya.md").write_text("---\ntype: practice\ntitle: [\n---\n", "utf-8")
    (root / "practices/practices/vtoraya.md").write_text("---\ntype: practice\nforms: pupil-pupl\n---\n", "utf-8")
    env = dict(os.environ, BANK_BUILD_DATE="2026-11-21")
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(root / "mkdocs.yml"),
                           "-d", str(tmp_path / "site")], cwd=root, env=env, capture_output=True, text=True)
    out = done.stdout + done.stderr
    assert done.returncode != 0
    assert "slomannaya.md:" in out and "vtoraya.md:" in out  # all errors of the run at once
    assert "ошибка: квадратная или фигурная скобка не закрыта до конца блока описания." in out
    # site_url is the placeholder: «Подробнее» names the rules' page in the repository.
    assert "Подробнее: content/uchastnikam/model-dannyh.md, раздел «Поля записей»" in out
    assert "mentorbank.example" not in out
    assert "Traceback" not in out
