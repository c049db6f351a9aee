"""Contributor Markdown → sanitised HTML.

Bodies are untrusted (spec/data-model.md, «Conventions»): they are rendered
by Python-Markdown as plain Markdown (never as a template) and the HTML is
cleaned by nh3 (ammonia) with an allow-list. Only http, https and mailto
links survive; scripts, styles, frames, forms, images and event handlers
are removed.
"""

from __future__ import annotations

from functools import lru_cache

import markdown
import nh3

ALLOWED_TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "strong", "em", "b", "i", "u", "s",
    "a", "blockquote", "code", "pre", "table", "thead", "tbody", "tr", "th", "td", "sub", "sup", "dl", "dt", "dd",
    "abbr", "mark", "small",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"colspan", "rowspan"},
                      "td": {"colspan", "rowspan"}, "ol": {"start"}}
URL_SCHEMES = {"http", "https", "mailto"}

_EXTENSIONS = ["tables", "sane_lists", "fenced_code"]


def _shift_headings(html: str) -> str:
    # A contributor's «# Заголовок» must not compete with the page title (h1).
    return html.replace("<h1>", "<h2>").replace("</h1>", "</h2>")


@lru_cache(maxsize=65536)
def render_markdown(text: str) -> str:
    """Render contributor Markdown ``text`` to sanitised HTML (a str of block elements).

    Raw HTML in ``text`` is cleaned, not trusted; results are cached per text
    for the build. Never raises for any input string.
    """
    html = markdown.markdown(text, extensions=_EXTENSIONS, output_format="html")
    cleaned = nh3.clean(
        _shift_headings(html),
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow ugc",
        strip_comments=True,
    )
    return cleaned

