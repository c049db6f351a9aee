"""Bounded memory at national scale (README, «Национальный масштаб»): the build holds no record
page's HTML between rendering it and writing it, and the disk caches are read by key, never loaded
whole."""

from __future__ import annotations

import sys
import tracemalloc

from conftest import BUILD_DATE, ROOT, copy_repo

sys.path.insert(0, str(ROOT / "bench"))
from synth import generate  # noqa: E402


def _held_text(page) -> int:
    """Characters of text the page object itself holds (its HTML, when it keeps it)."""
    return sum(len(v) for v in vars(page).values() if isinstance(v, str))


def test_record_pages_hold_no_html_until_written(tmp_path, monkeypatch):
    """After the core prepared a build, the pages of practices, winners and events (and every other
    generated page) carry only what writing them needs (URL, title, a key): their HTML is read when
    the page is written, the same as a build without any cache renders, cold and warm."""
    from mentorbank import build
    from mentorbank.pages import Renderer
    from mentorbank.settings import Settings

    monkeypatch.setenv("BANK_BUILD_DATE", BUILD_DATE)
    monkeypatch.setenv("BANK_CACHE_DIR", str(tmp_path / "cache"))
    root = copy_repo(tmp_path / "repo")
    generate(root, 30)
    for _ in ("cold", "warm"):
        prepared = build.prepare(root)
        records = [p for p in prepared.pages.values()
                   if p.record_id and prepared.bank.records[p.record_id].type != "organization"]
        assert len(records) >= 30
        assert max(_held_text(p) for p in records) < 300  # URL and title, not the page
        assert max(_held_text(p) for p in prepared.pages.values()) < 300  # listings, tabs: the same
        plain = Renderer(prepared.bank, "", Settings(build_date=prepared.bank.build_date))
        for p in records:
            html = p.html
            assert "<h1" in html and "data-pagefind-body" in html
            assert html == plain.record_page(prepared.bank.records[p.record_id]).html


def test_a_disk_cache_is_read_by_key_not_loaded_whole(tmp_path):
    """Reading one entry of a big cache (30 MB) costs the entry, not the file; entries a run did not
    use are dropped when it saves."""
    from mentorbank.diskcache import DiskCache

    first = DiskCache(tmp_path, "test", "v1")
    first.load()
    for i in range(300):
        first.put(f"k{i}", f"{i:03d}" + "я" * 50_000)
    first.save()
    second = DiskCache(tmp_path, "test", "v1")
    tracemalloc.start()
    try:
        assert second.load() == 300
        assert second.get("k7").startswith("007я")
        assert "k8" in second.stored and "nope" not in second.stored
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 2_000_000
    second.save()  # used k7 only
    third = DiskCache(tmp_path, "test", "v1")
    assert third.load() == 1
    assert third.get("k8") is None and third.get("k7").startswith("007")
    assert list(tmp_path.glob("test-*")) == [tmp_path / "test-v1.sqlite"]


def test_markdown_prerender_in_portions_gives_what_rendering_on_demand_gives(tmp_path, monkeypatch):
    """Markdown rendered in worker processes a portion at a time reaches the disk cache complete."""
    from mentorbank import markup

    monkeypatch.setattr(markup.MarkdownCache, "PORTION", 2)
    texts = [f"## Раздел {i}\n\nтекст *{i}*" for i in range(5)] * 2
    cache = markup.MarkdownCache(tmp_path)
    cache.load()
    assert cache.prerender(texts, workers=2, minimum=1) == 5
    assert cache.stored.get(markup._key(texts[4])) == markup.render_markdown(texts[4])
    assert [cache.render(t) for t in texts] == [markup.render_markdown(t) for t in texts]
