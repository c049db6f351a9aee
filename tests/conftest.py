"""Shared fixtures: building sites from the repository (or a modified copy) and serving them.

Markers (registered in pyproject.toml) are set here from what a test uses, so that test modules
need no bookkeeping: ``browser`` for tests that drive chromium, ``site`` for tests that need a
built site (the sample site or one of their own), ``slow`` for every ``site`` test and the
property tests. ``pytest -m "not browser and not slow"`` is the contributor's fast suite.
"""

from __future__ import annotations

import functools
import http.server
import inspect
import os
import re
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
#: Fixed build date of test builds, so that upcoming/past and overdue are stable.
BUILD_DATE = "2026-11-21"
#: What a site build needs from the repository.
#: ``editor``: the vendored Decap CMS the editor page serves (its ``node_modules`` are not copied).
SITE_PARTS = ("mkdocs.yml", "content", "practices", "overrides", "hooks", "macros", "editor")
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
ARTIFACTS = ROOT / "tests" / "artifacts"
#: How the sample content marks an invented record: its body says «Это пример: … вымышлен(а) …».
EXAMPLE_MARK = "Это пример:"


def is_example(path: Path) -> bool:
    """True if the record file at ``path`` is marked as invented (``EXAMPLE_MARK`` in its text)."""
    return EXAMPLE_MARK in path.read_text("utf-8")


def real_org_ids() -> list[str]:
    """Ids of the real organisations of the sample: profiles without ``EXAMPLE_MARK``; their files keep
    only what their own documents say (the seed roadmaps of the project)."""
    return sorted(p.stem for p in (ROOT / "content" / "organizations").glob("*.md") if not is_example(p))


def copy_repo(dest: Path) -> Path:
    """Copy the parts of the repository a build needs into ``dest``; return ``dest``."""
    dest.mkdir(parents=True, exist_ok=True)
    for part in SITE_PARTS:
        src = ROOT / part
        if src.is_dir():
            shutil.copytree(src, dest / part, ignore=shutil.ignore_patterns("node_modules"))
        else:
            shutil.copy2(src, dest / part)
    return dest


def add_bank_settings(root: Path, block: str) -> None:
    """Add ``block`` (YAML lines indented by four spaces) to ``extra.mentorbank`` of ``root/mkdocs.yml``,
    under the settings already there (or in a new ``extra:`` when there is none)."""
    config = root / "mkdocs.yml"
    text = config.read_text("utf-8")
    head = "\nextra:\n  mentorbank:\n"
    if head in text:
        text = text.replace(head, head + block.rstrip("\n") + "\n", 1)
    else:
        assert "\nextra:" not in text, "mkdocs.yml: extra: without mentorbank:"
        text += head + block.rstrip("\n") + "\n"
    config.write_text(text, "utf-8")


def build_site(root: Path, site: Path, build_date: str = BUILD_DATE) -> subprocess.CompletedProcess:
    """Run ``mkdocs build`` for the repository at ``root`` into ``site``; return the finished process."""
    env = dict(os.environ, BANK_BUILD_DATE=build_date, NO_MKDOCS_2_WARNING="1")
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(root / "mkdocs.yml"), "-d", str(site)],
        cwd=root, env=env, capture_output=True, text=True, timeout=600,
    )


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # noqa: D102
        pass


#: Pages per part of the search index in the sample site: the sample (≈ 60 indexed pages) would fit one
#: part, and every search suite must run on an index in several parts, merged in the browser.
SAMPLE_SHARD_PAGES = 20


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory) -> Path:
    """The repository's own content built once per session (fixed build date), from a copy whose
    search index is in several parts (``SAMPLE_SHARD_PAGES``)."""
    root = copy_repo(tmp_path_factory.mktemp("sample-repo"))
    add_bank_settings(root, f"    search_shard_pages: {SAMPLE_SHARD_PAGES}\n")
    site = tmp_path_factory.mktemp("sample") / "site"
    done = build_site(root, site)
    assert done.returncode == 0, done.stdout + done.stderr
    assert (site / "pagefind" / "mentorbank-shards.json").read_text("utf-8").count("shard/") >= 2
    return site


def serve(site: Path):
    """Serve ``site`` on 127.0.0.1 (random port) in a thread; return (base_url, server)."""
    handler = functools.partial(_Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/", server


@pytest.fixture(scope="session")
def sample_url(sample_site):
    """Base URL of the served sample site."""
    url, server = serve(sample_site)
    yield url
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    """Debian's chromium driven by Playwright (headless)."""
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), "нужен Debian chromium: apt-get install chromium"
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    """A fresh browser page, 1280×900."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ru-RU")
    pg = context.new_page()
    yield pg
    context.close()


def pagefind_query(page, base_url: str, term: str | None, filters: dict | None = None) -> list[dict]:
    """Query the built Pagefind index through its JS API in the browser; return result data dicts
    (url, meta, filters, content)."""
    page.goto(base_url + "poisk/")
    return page.evaluate(
        """async ([term, filters]) => {
            const pf = await window.bankSearchIndex();  // every part of the index merged
            const search = await pf.search(term, filters ? {filters} : {});
            return await Promise.all(search.results.map(r => r.data()));
        }""",
        [term, filters],
    )


#: Run in a page: every table wider than its box needs a box that scrolls, is a focusable named region
#: and shows a shadow at the edge (with the argument true: must not scroll at all); a table with no such box
#: must fit the page. Returns the problems.
TABLES_IN_BOXES = """(mustFit) => {
  const problems = [];
  const clips = ['auto', 'scroll', 'hidden', 'clip'];
  for (const table of document.querySelectorAll('table')) {
    let box = table.parentElement;
    while (box && box !== document.body && !clips.includes(getComputedStyle(box).overflowX)) box = box.parentElement;
    const name = (table.className || 'table') + ' «' + (table.textContent || '').trim().slice(0, 30) + '»';
    if (!box || box === document.body) {
      if (table.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
        problems.push(name + ': wider than the page');
      continue;
    }
    if (table.getBoundingClientRect().width <= box.clientWidth + 1) continue;
    const style = getComputedStyle(box);
    if (!['auto', 'scroll'].includes(style.overflowX)) problems.push(name + ': cut by its box');
    if (box.getAttribute('tabindex') !== '0' || box.getAttribute('role') !== 'region'
        || !box.getAttribute('aria-label')) problems.push(name + ': its scrolling box is not a focusable named region');
    if (!style.backgroundImage.includes('gradient') || !style.backgroundAttachment.includes('local'))
      problems.push(name + ': no shadow shows that it scrolls');
    if (mustFit) problems.push(name + ': scrolls although the page is wide');
  }
  return problems;
}"""


@pytest.fixture(autouse=True)
def _fresh_caches_under_mutmut():
    """Under mutmut (``MUTANT_UNDER_TEST`` set) every test starts with empty process caches of the
    package: mutmut runs the tests once, then forks a process per mutant, and a result cached by the
    clean run (rendered Markdown, inlined CSS) would hide the mutant."""
    if "MUTANT_UNDER_TEST" in os.environ:
        for name, module in list(sys.modules.items()):
            if name.startswith("mentorbank"):
                for value in list(vars(module).values()):
                    if callable(getattr(value, "cache_clear", None)):
                        value.cache_clear()
                for cache in ("_DISK", "_USED"):
                    if isinstance(getattr(module, cache, None), dict):
                        getattr(module, cache).clear()
    yield


#: Fixtures that start chromium, and fixtures that build a site (or serve a built one).
BROWSER_FIXTURES = {"browser", "page"}
SITE_FIXTURES = {"sample_site", "sample_url", "a11y_url", "host", "big_site", "hostile_site", "hostile_build",
                 "synthetic", "sharded"}
#: Test code that builds a site itself.
_BUILDS = ("build_site(", "mkdocs_build(", "build.prepare(", '"mkdocs"', "_BUILD_WITHOUT")
#: Modules whose every test is slow (property tests: hundreds of generated banks).
SLOW_MODULES = {"test_properties"}


def pytest_collection_modifyitems(config, items):
    """Mark tests ``browser``, ``site`` and ``slow`` from the fixtures they use and the code they run."""
    for item in items:
        names = set(getattr(item, "fixturenames", ()))
        func = getattr(item, "function", None)
        try:
            source = inspect.getsource(func) if func else ""
        except (OSError, TypeError):
            source = ""
        if names & BROWSER_FIXTURES:
            item.add_marker(pytest.mark.browser)
        if names & SITE_FIXTURES or any(b in source for b in _BUILDS) or item.get_closest_marker("site"):
            item.add_marker(pytest.mark.site)
            item.add_marker(pytest.mark.slow)
        if item.module.__name__ in SLOW_MODULES:
            item.add_marker(pytest.mark.slow)


def pdf_text(data: bytes) -> str:
    """The text layer of a PDF (poppler's ``pdftotext``, installed by ``scripts/ensure-pdf``) as one line:
    ``-raw`` keeps the order the PDF draws it (a table cell whole, not its lines interleaved with the
    next cell's); a line broken after a hyphen is joined back (the PDFs hyphenate nothing themselves),
    other line and page breaks become single spaces."""
    done = subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", "-", "-"], input=data, capture_output=True,
                          timeout=120, check=True)
    return " ".join(re.sub(r"-\n", "-", done.stdout.decode("utf-8")).split())


def member_text(name: str, data: bytes) -> str:
    """The text of a ZIP member as a reader sees it: XML (of XLSX and DOCX) with its character references
    resolved (openpyxl writes Cyrillic as ``&#1048;…`` when lxml is installed), anything else as UTF-8."""
    import html

    text = data.decode("utf-8", "replace")
    return html.unescape(text) if name.endswith((".xml", ".rels")) else text


def site_texts(site: Path):
    """Every file of a built ``site`` as (path relative to it, text), ZIP members (``x.zip!name``, also of
    .docx/.xlsx), Pagefind's gzipped chunks and the text layer of PDFs (``pdf_text``) included: what a scan
    for leaked names reads."""
    import gzip
    import io
    import zipfile

    for path in site.rglob("*"):
        if not path.is_file():
            continue
        data = path.read_bytes()
        if path.suffix in (".zip", ".docx", ".xlsx"):  # Office files are ZIPs of XML
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                for name in zf.namelist():
                    yield f"{path.relative_to(site)}!{name}", member_text(name, zf.read(name))
            continue
        if path.suffix == ".pdf":
            yield str(path.relative_to(site)), pdf_text(data)
            continue
        if data[:2] == b"\x1f\x8b":
            data = gzip.decompress(data)
        yield str(path.relative_to(site)), data.decode("utf-8", "replace")
