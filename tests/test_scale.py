"""Structural properties that keep a large bank fast: not in nav, bounded listings,
every record indexed exactly once."""

from __future__ import annotations

import re
import sys
from html.parser import HTMLParser

import pytest
from conftest import ROOT, build_site, copy_repo

from mentorbank.settings import Settings

sys.path.insert(0, str(ROOT / "bench"))
from synth import generate  # noqa: E402


class _Scan(HTMLParser):
    def __init__(self):
        super().__init__()
        self.nav_links: list[str] = []
        self.entries = 0
        self._nav = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "nav" and "md-nav" in (attrs.get("class") or ""):
            self._nav += 1
        if tag == "a" and self._nav and attrs.get("href"):
            self.nav_links.append(attrs["href"])
        if tag == "li" and "bank-entry" in (attrs.get("class") or ""):
            self.entries += 1

    def handle_endtag(self, tag):
        if tag == "nav" and self._nav:
            self._nav -= 1


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    root = copy_repo(tmp_path_factory.mktemp("scale"))
    counts = generate(root, 300)
    site = root / "site"
    done = build_site(root, site)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return root, site, counts


def test_records_are_not_in_the_nav(synthetic):
    _, site, _ = synthetic
    for page in [site / "index.html", site / "praktiki/synth-praktika-000000/index.html"]:
        scan = _Scan()
        scan.feed(page.read_text("utf-8"))
        assert scan.nav_links, page
        records = [h for h in scan.nav_links
                   if re.search(r"(?<!katalog/)(praktiki|pobediteli|meropriyatiya|organizacii)/[a-z0-9-]+/", h)]
        assert records == []


def test_no_listing_page_holds_more_than_its_page_size(synthetic):
    _, site, counts = synthetic
    sizes = []
    for page in (site / "katalog").rglob("index.html"):
        scan = _Scan()
        scan.feed(page.read_text("utf-8"))
        sizes.append(scan.entries)
    assert max(sizes) == Settings().page_size  # full pages exist
    assert all(s <= Settings().page_size for s in sizes)
    assert len(list((site / "katalog/praktiki").glob("*/index.html"))) >= counts["practice"] // Settings().page_size


def test_every_record_is_in_the_search_index_exactly_once(synthetic, page):
    from conftest import serve

    root, site, counts = synthetic
    url, server = serve(site)
    try:
        page.goto(url + "poisk/")
        urls = page.evaluate(
            """async () => {
                const pf = await window.bankSearchIndex();
                const r = await pf.search(null);
                const data = await Promise.all(r.results.map(x => x.data()));
                return data.map(d => d.url);
            }""")
    finally:
        server.shutdown()
    records = [p for p in urls if re.search(r"/(praktiki|pobediteli|meropriyatiya|organizacii)/", p)]
    assert len(records) == len(set(records))
    synth = [p for p in records if "/synth-" in p]
    assert len(synth) == sum(counts.values())


def test_shell_pages_leave_no_trace(synthetic):
    """Pages out of the nav are written into a theme shell: no placeholder survives, every record
    page is complete and listed in the sitemap."""
    _, site, counts = synthetic
    assert not list(site.glob("mentorbank-shell*"))
    sitemap = (site / "sitemap.xml").read_text("utf-8")
    assert "mentorbank-shell" not in sitemap
    pages = list(site.glob("*/synth-*/index.html"))
    assert len(pages) == sum(counts.values())
    for page in pages[::25]:
        text = page.read_text("utf-8")
        assert "mentorbank-shell" not in text
        assert text.count("<h1") == 1 and text.rstrip().endswith("</html>")
        url = page.parent.relative_to(site).as_posix() + "/"
        assert f'rel="canonical" href="https://mentorbank.example/{url}"' in text
        assert f"<loc>https://mentorbank.example/{url}</loc>" in sitemap


def test_serve_rebuild_renders_only_the_edited_body(tmp_path, monkeypatch):
    """In one process (mkdocs serve) a body edit re-renders only its page; a field edit renders all."""
    from conftest import BUILD_DATE

    from mentorbank import build

    monkeypatch.setenv("BANK_BUILD_DATE", BUILD_DATE)
    monkeypatch.setenv("BANK_CACHE_DIR", str(tmp_path / "cache"))
    from mentorbank.session import Session

    session = Session(command="serve")
    root = copy_repo(tmp_path / "repo")
    generate(root, 40)
    first = build.prepare(root, reuse=True, session=session)
    edited = root / "practices/practices/synth-praktika-000003.md"
    edited.write_text(edited.read_text("utf-8") + "\nНовый абзац о наставничестве.\n", "utf-8")
    second = build.prepare(root, reuse=True, session=session)
    changed = [uri for uri, page in second.pages.items() if first.pages[uri] is not page]
    # … and the open data page, which shows the size of the practices' JSON (README, «Открытые данные»)
    assert changed == ["praktiki/synth-praktika-000003.md", "otkrytye-dannye.md"]
    assert "Новый абзац" in second.pages["praktiki/synth-praktika-000003.md"].html
    edited.write_text(edited.read_text("utf-8").replace('summary: "', 'summary: "Изменено. ', 1), "utf-8")
    # a field is shown on listings and related pages: all again
    third = build.prepare(root, reuse=True, session=session)
    assert all(third.pages[uri] is not page for uri, page in second.pages.items())
    assert any("Изменено." in page.html for uri, page in third.pages.items() if uri.startswith("katalog/praktiki"))


def test_check_is_the_same_with_the_cache(tmp_path):
    """The disk cache of parsed files changes nothing: problems (with lines) equal cold, warm and
    without the cache, for valid files and for broken ones."""
    import datetime as dt

    from mentorbank.bank import load_bank

    root = copy_repo(tmp_path / "repo")
    generate(root, 30)
    broken = root / "practices/practices"
    (broken / "dup-key.md").write_text("---\ntype: practice\ntitle: А\ntitle: Б\n---\nТекст\n", "utf-8")
    (broken / "bad-yaml.md").write_text("---\ntype: practice\ntitle: [не закрыт\n---\n", "utf-8")
    (broken / "unknown-type.md").write_text("---\ntype: practise\ntitle: А\n---\nЗАПОЛНИТЕ\n", "utf-8")
    (broken / "future.md").write_text((broken / "synth-praktika-000001.md").read_text("utf-8")
                                      .replace("updated: 2026-02-15", "updated: 2030-01-01"), "utf-8")
    (broken / "crlf.md").write_bytes(b"\xef\xbb\xbf" + (broken / "synth-praktika-000002.md").read_bytes()
                                     .replace(b"\n", b"\r\n") + "ЗАПОЛНИТЕ\r\n".encode())
    date = dt.date(2026, 11, 21)
    plain = load_bank(root, date)
    cold = load_bank(root, date, cache=tmp_path / "cache")
    warm = load_bank(root, date, cache=tmp_path / "cache")
    assert list((tmp_path / "cache").glob("parsed-*.sqlite"))
    assert len(plain.problems) >= 6
    assert any("ещё не наступила" in p.message for p in warm.problems)
    assert plain.problems == cold.problems == warm.problems
    assert [p.topic for p in plain.problems] == [p.topic for p in warm.problems]
    assert {r.id: (r.data, r.body) for r in plain.records.values()} == \
        {r.id: (r.data, r.body) for r in warm.records.values()}
    later = load_bank(root, date + dt.timedelta(days=3650), cache=tmp_path / "cache")  # rules see the new date
    assert not any("ещё не наступила" in p.message for p in later.problems)


def _site_files(site) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*"))
            if p.is_file() and "/pagefind/" not in f"/{p.relative_to(site).as_posix()}"}


def test_serve_rebuild_output_equals_a_fresh_build(tmp_path, monkeypatch):
    """The live-reload server's rebuild after a body edit (pages and the tabs' embed pages, fragments
    and ZIPs moved back from the previous output, not written) leaves the same files, byte for byte,
    as a fresh build of the edited repository; the edit is on its page."""
    from conftest import BUILD_DATE
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    from mentorbank.session import LIVE

    monkeypatch.setenv("BANK_BUILD_DATE", BUILD_DATE)
    monkeypatch.setenv("BANK_CACHE_DIR", str(tmp_path / "cache"))
    root = copy_repo(tmp_path / "repo")
    generate(root, 30)
    monkeypatch.chdir(root)
    served = tmp_path / "served"

    def serve_build(first=False):
        config = load_config(str(root / "mkdocs.yml"), site_dir=str(served))
        if first:  # as `mkdocs serve` does: once per command, not per rebuild
            config.plugins.on_startup(command="serve", dirty=False)
        mkdocs_build(config, serve_url="http://127.0.0.1:8000/")

    serve_build(first=True)
    edited = root / "practices/practices/synth-praktika-000003.md"
    edited.write_text(edited.read_text("utf-8") + "\nНовый абзац о наставничестве.\n", "utf-8")
    serve_build()
    assert LIVE.current.static_reused  # the tabs' outputs were not rendered or written again
    rebuilt = _site_files(served)
    assert "Новый абзац" in rebuilt["praktiki/synth-praktika-000003/index.html"].decode("utf-8")

    fresh = tmp_path / "fresh"
    config = load_config(str(root / "mkdocs.yml"), site_dir=str(fresh))
    config.plugins.on_startup(command="build", dirty=False)  # a new command: a new session
    mkdocs_build(config)
    expected = _site_files(fresh)
    assert rebuilt.keys() == expected.keys()
    differ = [name for name in expected if rebuilt[name] != expected[name]]
    assert differ == []


def test_prerender_in_worker_processes_gives_what_rendering_on_demand_gives(tmp_path, monkeypatch):
    """A cold build renders Markdown in worker processes first; the pages must not differ, and
    contributor HTML is cleaned there too."""
    from mentorbank import markup

    monkeypatch.setattr(markup, "code_version", lambda: "0123456789abcdef")  # one code version throughout
    texts = ["## Раздел\n\nтекст <script>alert(1)</script> и <b onclick='x()'>жирный</b>",
             "| a | b |\n|---|---|\n| 1 | 2 |", "[ссылка](javascript:alert(1)) и [сайт](https://example.org)",
             "```\nкод <img src=x onerror=alert(1)>\n```"] * 2
    first = markup.MarkdownCache(tmp_path)  # an earlier build rendered the first text
    first.load()
    first.render(texts[0])
    first.save()
    cache = markup.MarkdownCache(tmp_path)
    assert cache.load() == 1
    monkeypatch.setattr(markup.os, "cpu_count", lambda: 2)  # by default one worker per CPU
    assert cache.prerender(texts, minimum=3) == 3  # three texts not rendered yet: just enough
    assert cache.prerender(texts, workers=2, minimum=1) == 0  # already rendered
    parallel = [cache.render(t) for t in texts]
    cache.save()  # empties the in-memory caches
    assert markup.MarkdownCache(tmp_path).load() == 4  # the next build gets all four
    assert [markup.render_markdown(t) for t in texts] == parallel
    joined = "".join(parallel)
    assert "<script" not in joined and "onclick" not in joined and "javascript:" not in joined
    assert "<table>" in joined and "<h2>Раздел</h2>" in joined


def test_without_worker_processes_markdown_is_rendered_on_demand(tmp_path, monkeypatch):
    """When worker processes cannot start, nothing is rendered in advance and pages still get their HTML."""
    from mentorbank import markup

    def refuse(*_args, **_kwargs):
        raise OSError("no processes")

    monkeypatch.setattr(markup, "ProcessPoolExecutor", refuse)
    cache = markup.MarkdownCache(tmp_path)
    cache.load()
    assert cache.prerender(["*а*", "*б*"], workers=2, minimum=1) == 0
    assert cache.render("*а*") == "<p><em>а</em></p>"


def test_markdown_of_a_build_is_read_back_by_the_next_one(tmp_path, monkeypatch):
    """What one build rendered is served from the disk cache by the next (the stored HTML, not a new
    render); texts below the worker threshold or with one worker are rendered on demand, not in advance."""
    from mentorbank import markup

    monkeypatch.setattr(markup, "code_version", lambda: "fedcba9876543210")  # one code version throughout

    (tmp_path / "markdown-0123456789abcdef.sqlite").write_bytes(b"old code")  # an earlier code version
    (tmp_path / "pages-0123456789abcdef.sqlite").write_bytes(b"another cache")
    cache = markup.MarkdownCache(tmp_path)
    cache.load()
    assert cache.render("# Заголовок") == "<h2>Заголовок</h2>"
    assert cache.prerender(["новый текст", "# Заголовок"], workers=2, minimum=3) == 0
    assert cache.prerender(["новый текст", "ещё текст"], workers=1, minimum=1) == 0
    cache.save()
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "markdown-fedcba9876543210.sqlite", "pages-0123456789abcdef.sqlite"]
    again = markup.MarkdownCache(tmp_path)
    assert again.load() == 1
    key = markup._key("# Заголовок")
    assert again.read(key) == "<h2>Заголовок</h2>"
    assert again.read(markup._key("новый текст")) is None  # rendered on demand only when asked for
    again.put(key, "<p>из кеша</p>")
    assert again.render("# Заголовок") == "<p>из кеша</p>"
    assert again.render("*другой*") == "<p><em>другой</em></p>"
    assert markup.MarkdownCache(tmp_path / "other").render("# Заголовок") == "<h2>Заголовок</h2>"


@pytest.mark.parametrize("name", ["rules.py", "schema_messages.py", "loader.py", "dates.py", "pages.py",
                                  "templates/practice.html", "static/tab.css", "data/vocabularies.yml"])
def test_caches_start_anew_when_any_file_of_the_package_changes(tmp_path, name):
    """The caches keep parsed files, domain-rule results, Markdown and record pages: a change of any
    code, template, style or vocabulary must not serve stale results. The key is computed over a copy
    of the package, so no list of files can be forgotten."""
    import shutil

    from mentorbank.diskcache import PACKAGE, code_version

    package = tmp_path / "mentorbank"
    shutil.copytree(PACKAGE, package, ignore=shutil.ignore_patterns("__pycache__"))
    before = code_version(package)
    assert code_version(package) == before
    (package / name).write_text((package / name).read_text("utf-8") + "\n", "utf-8")
    assert code_version(package) != before
    (package / "new_module.py").write_text("", "utf-8")  # a new file counts too
    assert code_version(package) != before


def test_a_build_over_the_previous_output_moves_unchanged_files_back(tmp_path, monkeypatch):
    """``mkdocs build`` over its previous output after a body edit: the tabs' files and the other static
    outputs with the same bytes are the previous build's files (same inode: moved back, not removed and
    written again), the search parts are hard links to the build cache's, hidden entries of the output
    folder (a published branch's ``.git``) stay, and the site equals a fresh build byte for byte."""
    from conftest import BUILD_DATE
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    monkeypatch.setenv("BANK_BUILD_DATE", BUILD_DATE)
    monkeypatch.setenv("BANK_CACHE_DIR", str(tmp_path / "cache"))
    root = copy_repo(tmp_path / "repo")
    generate(root, 30)
    monkeypatch.chdir(root)
    site = tmp_path / "site"

    def build(target):
        config = load_config(str(root / "mkdocs.yml"), site_dir=str(target))
        config.plugins.on_startup(command="build", dirty=False)
        mkdocs_build(config)

    build(site)
    (site / ".git").mkdir()
    (site / ".git" / "HEAD").write_text("ref: refs/heads/gh-pages\n")
    static = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.zip"))
    assert static
    before = {name: (site / name).stat().st_ino for name in static}
    edited = root / "practices/practices/synth-praktika-000003.md"
    edited.write_text(edited.read_text("utf-8") + "\nНовый абзац о наставничестве.\n", "utf-8")
    build(site)
    assert {name: (site / name).stat().st_ino for name in static} == before
    assert (site / ".git" / "HEAD").read_text() == "ref: refs/heads/gh-pages\n"
    assert (site / "pagefind" / "pagefind-entry.json").stat().st_nlink >= 2
    assert not site.with_name(site.name + ".mentorbank-kept").exists()
    rebuilt = _site_files(site)
    assert "Новый абзац" in rebuilt["praktiki/synth-praktika-000003/index.html"].decode("utf-8")
    fresh = tmp_path / "fresh"
    build(fresh)
    expected = _site_files(fresh)
    assert rebuilt.keys() - {".git/HEAD"} == expected.keys()
    assert [name for name in expected if rebuilt[name] != expected[name]] == []
