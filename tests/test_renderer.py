"""What one build publishes, rendered in this process (``pages.Renderer`` over every output of the
registry): each published record has its page, each output's files and additions to pages' ``<head>``
arrive, a live-reload rebuild after a body edit reuses exactly the outputs that do not show that body,
and the page cache keeps pages on disk that read back the same.

The bank is the small one of ``test_tab_shapes`` (a centre, its school, twelve practices, a winner).
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from conftest import pdf_text
from test_tab_shapes import SITE, small_bank

from mentorbank.model import Bank, Record
from mentorbank.outputs import registry, tab_fragment, tabs
from mentorbank.pagecache import PageCache
from mentorbank.pages import Renderer
from mentorbank.render import StoredPage
from mentorbank.settings import Settings


@pytest.fixture(scope="module")
def root(tmp_path_factory):
    """The bank's folder and its build cache (the tab PDFs are laid out once for the module)."""
    return tmp_path_factory.mktemp("renderer")


def renderer_of(bank: Bank, root) -> Renderer:
    return Renderer(bank, SITE, Settings(build_date=bank.build_date, cache_dir=root / "cache"))


@pytest.fixture  # per test, not per module: mutmut links a function only to the tests whose own run calls it
def built(root) -> tuple[Bank, Renderer]:
    bank = small_bank(root)
    renderer = renderer_of(bank, root)
    renderer.generate()
    return bank, renderer


def test_a_build_gives_every_published_record_and_listing_a_page_and_every_output_its_files(built):
    bank, renderer = built
    assert list(renderer.results) == [output.NAME for output in registry.OUTPUTS]
    pages = {p.url: p for p in renderer.all_pages()}
    assert {r.url for r in bank.records.values()} <= set(pages)
    assert {"katalog/", "katalog/praktiki/", "organizacii/shkola/praktiki/"} <= set(pages)
    assert pages["organizacii/shkola/"].title == "Школа" and pages["praktiki/p03/"].record_id == "p03"
    assert "<h1>Практика 03</h1>" in pages["praktiki/p03/"].html
    assert {"organizacii/shkola/fragment.html", "organizacii/shkola/nastavnichestvo-shkola.zip",
            "organizacii/shkola/nastavnichestvo-shkola.pdf", "organizacii/shkola/vstraivanie/index.html",
            "assets/mentorbank/tab.css", "feed.xml"} <= set(renderer.static)
    files = {path: data for result in renderer.results.values() for path, data in result.files.items()}
    assert renderer.static == files


def test_a_pages_head_gets_the_additions_of_several_outputs_in_registry_order(built):
    _bank, renderer = built
    head = renderer.heads["organizacii/shkola/"]
    feed, json_ld = head.find('type="application/atom+xml"'), head.find('type="application/ld+json"')
    assert 0 <= feed < json_ld  # the feed links (feeds) first, then the structured data
    assert head == "".join(r.heads.get("organizacii/shkola/", "") for r in renderer.results.values())
    assert renderer.descriptions["pobediteli/w/"] == "Победитель: Конкурс, 2025. Школа."
    assert renderer.descriptions == {url: text for r in renderer.results.values() for url, text in
                                     r.descriptions.items()}


def test_a_rebuild_after_a_body_edit_reuses_exactly_the_outputs_that_do_not_show_that_body(built, root):
    bank, first = built
    edited = dataclasses.replace(bank.records["p03"], _body="Новый **текст** практики.")
    again = Bank(root, {**bank.records, "p03": edited}, build_date=bank.build_date)
    renderer = renderer_of(again, root)
    results = renderer.generate(first.results, [edited])
    for output in registry.OUTPUTS:
        reused = results[output.NAME] is first.results[output.NAME]
        assert reused == ("practice" not in output.READS_BODIES), output.NAME
    page = {p.url: p.html for p in results["records"].pages}
    assert "Новый <strong>текст</strong> практики." in page["praktiki/p03/"]
    assert [p.url for p in results["records"].pages] == [p.url for p in first.results["records"].pages]
    assert results["records"].pages[0] is first.results["records"].pages[0]  # others' pages kept
    # an organisation's body edit: the four shapes of the tab are made again, the records' pages are not
    org = dataclasses.replace(bank.records["shkola"], _body="Другой текст.")
    results = renderer_of(Bank(root, {**bank.records, "shkola": org}, build_date=bank.build_date),
                          root).generate(first.results, [org])
    assert results["records"] is first.results["records"] and results["tab_page"] is not first.results["tab_page"]
    assert "Другой текст." in {p.url: p.html for p in results["tab_page"].pages}["organizacii/shkola/"]
    # without the last build's results everything is made again
    fresh = renderer_of(again, root).generate(None, [edited])
    assert all(fresh[n] is not first.results[n] for n in fresh)


def test_with_a_page_cache_the_pages_are_kept_on_disk_and_read_back_the_same(built, root, tmp_path):
    bank, plain = built
    renderer = renderer_of(bank, root)
    renderer.page_cache = PageCache(tmp_path / "cache", bank.build_date.isoformat())
    assert renderer.page_cache is renderer.env.page_cache
    assert len(renderer.bodies_to_render()) == len(bank.records)  # nothing kept yet: every body
    kept = renderer.generate()
    pages = [p for result in kept.values() for p in result.pages]
    assert pages and all(isinstance(p, StoredPage) for p in pages)
    assert {p.url: p.html for p in pages} == {p.url: p.html for p in plain.all_pages()}


def test_the_renderer_gives_a_record_its_page_and_the_home_page_its_front_door(built):
    bank, renderer = built
    school, practice = bank.records["shkola"], bank.records["p03"]
    assert renderer.record_page(school).html == {p.url: p.html for p in renderer.all_pages()}[school.url]
    assert "<h1>Практика 03</h1>" in renderer.record_page(practice).html
    assert renderer.org_of(practice) is school and renderer.org_of(school) is bank.records["centr"]
    plain = Renderer(bank)  # no published address: the build date's defaults, links from the site root
    assert plain.settings == Settings(build_date=dt.date(2026, 11, 21))
    fragment = tab_fragment.generate(plain.catalogue, plain.env).files["organizacii/shkola/fragment.html"]
    assert b'href="/praktiki/p00/"' in fragment
    home = renderer.overview_html("")  # the newest practices and this year's winner, linked from the home page
    assert 'href="praktiki/p11/"' in home and 'href="pobediteli/w/"' in home
    assert 'href="../praktiki/p11/"' in renderer.overview_html("katalog/")
    [listing] = renderer.listing("katalog/x/", "Икс", [practice], intro="Все практики школы.")
    assert listing.url == "katalog/x/" and "<p class=\"bank-muted\">Все практики школы.</p>" in listing.html
    assert renderer.overview_html() == home  # the home page by default
    own = Renderer(bank, SITE)  # the build sets its own Markdown renderer (``markup.MarkdownCache.render``)
    seen = []
    own.markdown = lambda text: seen.append(text) or "<p>размечено</p>"
    assert own.env.markdown is own.markdown
    assert "размечено" in own.record_page(practice).html and seen


def test_the_bodies_to_render_are_those_of_published_records(tmp_path):
    bank = small_bank(tmp_path)
    draft = Record("d", "practice", {"title": "Черновик", "status": "draft"}, "Текст черновика.", None,
                   tmp_path / "d.md")
    bank = Bank(tmp_path, {**bank.records, "d": draft}, build_date=bank.build_date)
    bodies = Renderer(bank).bodies_to_render()
    assert "Текст черновика." not in bodies and "Школа внедряет **целевую модель**." in bodies
    assert len(bodies) == len(bank.records) - 1


def test_a_tab_pdf_is_dated_by_the_build_and_laid_out_once_for_the_same_content(built, tmp_path):
    """The PDF says «Сведения на» the build date; the next build with the same cache lays out no PDF
    again and publishes the same bytes."""
    bank, renderer = built
    path = "organizacii/shkola/nastavnichestvo-shkola.pdf"
    text = pdf_text(renderer.static[path])
    assert "Наставничество: Школа" in text and "Сведения на 21 ноября 2026 г." in text
    assert "Собрание наставников" in text and "Наставничество: Центр" in pdf_text(
        renderer.static["organizacii/centr/nastavnichestvo-centr.pdf"])
    first = renderer_of(bank, tmp_path)
    first.generate()
    assert tabs(first.catalogue, first.env).pdf_cache().rendered == 2
    again = renderer_of(bank, tmp_path)
    again.generate()
    assert tabs(again.catalogue, again.env).pdf_cache().rendered == 0 and again.static[path] == first.static[path]
