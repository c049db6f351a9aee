"""Contributor Markdown may hold raw HTML; what survives sanitising is plain markup.

Event handlers are put on the tags the sanitiser *keeps* (a paragraph, a link, a table cell…),
not only on tags it drops (``<script>``, ``<img>``): an allow-list that let ``on*`` through on
kept tags would otherwise pass unseen.
"""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from mentorbank.markup import render_markdown

#: Tags a contributor's text may keep (lists, tables, emphasis, links…), written as a contributor would.
KEPT = {
    "p": "<p {a}>абзац</p>",
    "a": '<a href="https://example.org/" {a}>ссылка</a>',
    "strong": "<p><strong {a}>жирный</strong></p>",
    "em": "<p><em {a}>курсив</em></p>",
    "b": "<p><b {a}>b</b></p>",
    "i": "<p><i {a}>i</i></p>",
    "u": "<p><u {a}>u</u></p>",
    "s": "<p><s {a}>s</s></p>",
    "code": "<p><code {a}>код</code></p>",
    "pre": "<pre {a}>код</pre>",
    "blockquote": "<blockquote {a}>цитата</blockquote>",
    "ul": "<ul {a}><li {a}>пункт</li></ul>",
    "ol": '<ol start="3" {a}><li>пункт</li></ol>',
    "table": "<table {a}><thead {a}><tr {a}><th {a}>з</th></tr></thead>"
             "<tbody {a}><tr><td {a}>я</td></tr></tbody></table>",
    "h2": "<h2 {a}>заголовок</h2>",
    "h3": "<h3 {a}>заголовок</h3>",
    "dl": "<dl {a}><dt {a}>термин</dt><dd {a}>определение</dd></dl>",
    "abbr": '<p><abbr title="x" {a}>ЦМН</abbr></p>',
    "mark": "<p><mark {a}>m</mark></p>",
    "small": "<p><small {a}>s</small></p>",
    "sub": "<p>H<sub {a}>2</sub>O</p>",
    "sup": "<p>x<sup {a}>2</sup></p>",
    "br": "<p>a<br {a}>b</p>",
    "hr": "<hr {a}>",
}
HANDLERS = ["onerror", "onclick", "onload", "onmouseover", "onfocus", "onanimationstart", "ONCLICK", "onpointerdown"]
#: Every attribute that may survive, on any tag (links get their rel from the sanitiser).
ALLOWED = {"href", "title", "colspan", "rowspan", "start", "rel"}


class _Attributes(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str, str | None]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs += [(tag, name, value) for name, value in attrs]

    handle_startendtag = handle_starttag


def scan(html: str) -> _Attributes:
    parser = _Attributes()
    parser.feed(html)
    parser.close()
    return parser


@pytest.mark.parametrize("tag", list(KEPT))
def test_no_event_handler_survives_on_a_kept_tag(tag):
    handlers = " ".join(f"{h}=\"alert('XSS')\"" for h in HANDLERS)
    source = KEPT[tag].format(a=f'{handlers} style="color:red" id="x" class="c"')
    html = render_markdown(f"Текст.\n\n{source}\n\nЕщё текст.\n")
    found = scan(html)
    assert tag in found.tags, html  # the tag is kept: the handlers had a chance to survive
    bad = [(t, name) for t, name, _ in found.attrs if name not in ALLOWED]
    assert bad == [], html
    assert "alert" not in html


@pytest.mark.parametrize("source", [
    "<img src=x onerror=alert(1)>",
    '<p><img src="x" onerror="alert(1)"></p>',
    '<a href="https://example.org/" onclick="alert(1)">ссылка</a>',
    "<p onmouseover=alert(1)>абзац</p>",
    "<table onload=alert(1)><tr><td onclick=alert(1)>x</td></tr></table>",
    '<svg onload="alert(1)"><a onclick="alert(1)">x</a></svg>',
    "<details open ontoggle=alert(1)><summary>s</summary></details>",
    '<p/onmouseover="alert(1)">слитно</p>',
    '<a href="https://example.org/"\tonclick="alert(1)">таб</a>',
    "[md](https://example.org/){onclick=alert(1)}",
])
def test_handlers_from_any_source_never_survive(source):
    html = render_markdown(source)
    found = scan(html)
    assert [(t, n) for t, n, _ in found.attrs if n.lower().startswith("on")] == [], html
    assert [(t, n) for t, n, _ in found.attrs if n not in ALLOWED] == [], html
    assert not ({"img", "svg", "details", "script"} & set(found.tags)), html


def test_link_keeps_only_its_address_and_title():
    html = render_markdown('<a href="https://example.org/a" title="т" target="_blank" onclick="x()" '
                           'style="x" data-x="1">ссылка</a>')
    found = scan(html)
    assert [(t, n, v) for t, n, v in found.attrs] == [
        ("a", "href", "https://example.org/a"), ("a", "title", "т"), ("a", "rel", "noopener noreferrer nofollow ugc")]


@pytest.mark.parametrize("href", ["javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html,x",
                                  "vbscript:x", " javascript:alert(1)", "java&#x09;script:alert(1)"])
def test_only_web_and_mail_links_survive(href):
    found = scan(render_markdown(f'<a href="{href}">x</a> [y]({href})'))
    assert [v for t, n, v in found.attrs if n == "href"] == []


def test_a_contributors_top_heading_never_competes_with_the_page_title():
    """The page has its own h1 (the record's title): a body's «# …» becomes a second-level heading."""
    assert render_markdown("# Цели\n\nТекст.\n\n## Итоги\n") == "<h2>Цели</h2>\n<p>Текст.</p>\n<h2>Итоги</h2>"
    found = scan(render_markdown("Заголовок\n=========\n\n<h1>Сырой</h1>\n"))
    assert found.tags == ["h2", "h2"]
