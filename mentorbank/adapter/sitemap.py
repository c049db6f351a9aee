"""Generated pages in the site generator's ``sitemap.xml`` (and its ``.gz``)."""

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
