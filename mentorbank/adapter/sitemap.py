"""Generated pages in the site generator's ``sitemap.xml`` (and its ``.gz``).

Why this is not an output module (``mentorbank/outputs/``): an output publishes from the catalogue
alone, but the sitemap lists every page of the site, and the home page and the maintainers' pages are
known only to MkDocs. MkDocs writes ``sitemap.xml`` and ``sitemap.xml.gz`` itself, as a theme template
rendered from its own file list after the static files and before the pages; a ``sitemap.xml`` given to
it by an output would be overwritten. The bank's pages out of the nav are written after MkDocs'
own pages (``shells.write_pages`` in ``on_post_build``), so they are added here, at that step, and the
placeholder pages of the shells (``drop``) are removed.
"""

from __future__ import annotations

import gzip
import html
import re
from pathlib import Path


def add_to_sitemap(site_dir: Path, urls: list[str], drop: str, site_url: str, lastmod: str) -> None:
    """Put ``urls`` (site-relative) into ``sitemap.xml`` and its ``.gz``, and drop entries containing
    ``drop`` (the placeholder pages)."""
    sitemap = site_dir / "sitemap.xml"
    if not sitemap.is_file():
        return
    text = sitemap.read_text("utf-8")
    text = re.sub(r"\s*<url>\s*<loc>[^<]*" + re.escape(drop) + r"[^<]*</loc>.*?</url>", "", text, flags=re.S)
    base = site_url.rstrip("/") + "/" if site_url else "/"
    entries = "".join(f"\n    <url>\n         <loc>{html.escape(base + u)}</loc>\n         <lastmod>{lastmod}</lastmod>"
                      "\n    </url>" for u in urls)
    text = text.replace("</urlset>", entries.lstrip("\n") + "\n</urlset>" if entries else "</urlset>")
    sitemap.write_text(text, "utf-8")
    (site_dir / "sitemap.xml.gz").write_bytes(gzip.compress(text.encode("utf-8"), mtime=0))
