"""The «Наставничество» tab in its shapes, rendered in this process (the site tests see the same
through a build, which mutation testing cannot follow): the site page with «Как разместить на сайте
организации», the page for an iframe, the script-free fragment, the ZIP and the source of the PDF.

A small bank: a municipal centre and its school; the school has an attached document, a roadmap,
monitoring, a consenting curator and mentor, a winner and more practices than the tab shows.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import re
import zipfile
from pathlib import Path

import pytest

from mentorbank.catalogue import Catalogue
from mentorbank.model import Bank, Record
from mentorbank.outputs import tab_embed, tab_fragment, tab_page, tab_zip, tabs
from mentorbank.pdf import DATE_ISO, DATE_TEXT, dated
from mentorbank.render import Env
from mentorbank.settings import Settings
from mentorbank.tab import REGISTRY_HEADINGS
from mentorbank.tab_pages import ASSETS, TabRenderer, asset, fragment_css, size_kb

SITE = "https://bank.example/"
TODAY = dt.date(2026, 11, 21)
N_PRACTICES = 12  # more than the tab shows (``Settings.tab_limit``, 10)


def small_bank(root: Path) -> Bank:
    """The centre, its school (with a PDF attached from ``root``) and the school's records."""
    (root / "pol.pdf").write_bytes(b"%PDF-1.4 polozhenie")
    centre = Record("centr", "organization", {
        "name": "МКУ «Центр»", "short_name": "Центр", "kind": "authority", "region": "Томская область",
        "municipality": "Томский район"}, "", None, root / "centr.md")
    school = Record("shkola", "organization", {
        "name": "МБОУ «Школа»", "short_name": "Школа", "kind": "school", "parent": "centr",
        "region": "Томская область", "municipality": "Томский район",
        "curator": {"name": "Кураторова Анна", "position": "завуч", "email": "zavuch@example.org", "consent": True},
        "mentors": [{"name": "Наставникова Ольга", "position": "учитель", "subjects": ["математика"],
                     "consent": True}],
        "documents": [{"kind": "regulation", "level": "school", "title": "Положение о наставничестве",
                       "file": "pol.pdf"}],
        "stats": [{"year": 2024, "pupils_total": 200, "pupils_mentees": 50},
                  {"year": 2025, "pupils_total": 200, "pupils_mentees": 150}],
        "roadmaps": [{"title": "Дорожная карта", "period": "2025–2027 гг.", "sections": [
            {"title": "Раздел", "items": [
                {"number": "1", "activity": "Собрание наставников", "deadline": "сентябрь 2026", "status": "done"},
                {"number": "2", "activity": "Конкурс пар", "deadline": "май 2027"},
                {"number": "3", "activity": "Итоги года", "deadline": "июнь 2027"}]}]}]},
        "Школа внедряет **целевую модель**.", None, root / "shkola.md")
    records = [centre, school]
    records += [Record(f"p{i:02d}", "practice", {"title": f"Практика {i:02d}", "organization": "shkola", "year": 2024,
                                                  "forms": []}, "", None, root / f"p{i:02d}.md")
                for i in range(N_PRACTICES)]
    records.append(Record("w", "winner", {"title": "Наставник года", "organization": "shkola", "year": 2025,
                                          "competition": "Конкурс", "result": "winner", "level": "municipal"},
                          "", None, root / "w.md"))
    return Bank(root, {r.id: r for r in records}, build_date=TODAY)


def env_of(bank: Bank, **settings) -> tuple[Catalogue, Env]:
    catalogue = Catalogue(bank)
    return catalogue, Env(catalogue, Settings(build_date=TODAY, **settings), SITE)


@pytest.fixture
def shapes(tmp_path) -> dict[str, str | bytes]:
    """Site path → the school's page HTML or file bytes, from the four tab outputs."""
    catalogue, env = env_of(small_bank(tmp_path))
    out: dict[str, str | bytes] = {p.url: p.html for p in tab_page.generate(catalogue, env).pages}
    for output in (tab_embed, tab_fragment, tab_zip):
        out.update(output.generate(catalogue, env).files)
    return out


def text_of(markup: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


def test_the_site_page_tells_how_to_place_the_tab_with_working_links_and_true_sizes(shapes):
    page = shapes["organizacii/shkola/"]
    fragment = shapes["organizacii/shkola/fragment.html"].decode("utf-8")
    archive = shapes["organizacii/shkola/nastavnichestvo-shkola.zip"]
    assert ('&lt;iframe src="https://bank.example/organizacii/shkola/vstraivanie/" title="Наставничество — Школа"'
            in page)
    assert '&lt;script src="https://bank.example/assets/mentorbank/embed.js" async&gt;' in page
    assert '<a href="vstraivanie/">https://bank.example/organizacii/shkola/vstraivanie/</a>' in page
    assert '<a href="fragment.html" download>Скачать HTML-фрагмент</a>' in page
    assert f"размер {max(1, round(len(fragment.encode()) / 1024))}&nbsp;КБ" in page
    assert (f'<a href="nastavnichestvo-shkola.zip" download>Скачать архив вкладки '
            f'({max(1, round(len(archive) / 1024))}&nbsp;КБ)</a>') in page
    assert '<a href="nastavnichestvo-shkola.pdf" download>Скачать вкладку в PDF</a>' in page
    code = page.split('<textarea id="mb-fragment-code" class="mb-code-area" rows="10" readonly>')[1]
    assert html.unescape(code.split("</textarea>")[0]) == fragment  # the code shown is the file offered
    # the tab itself: parent, curator, the document, the first ten practices and the way to all twelve
    assert '<a href="../centr/">МКУ «Центр»</a>' in page
    assert "Кураторова Анна" in page and 'href="mailto:zavuch@example.org"' in page
    assert '<a href="../../files/shkola/1-pol.pdf">' in page
    listed = re.findall(r'<a class="bank-entry__title" href="../../praktiki/(p\d\d)/">', page)
    assert listed == [f"p{i:02d}" for i in range(10)]
    assert f'<a href="praktiki/">Все {N_PRACTICES} практик →</a>' in page
    assert "<strong>целевую модель</strong>" in page
    assert 'aria-labelledby="mb-monitoring"' in page and 'class="mb-chart"' in page


def test_the_site_page_of_a_tab_carries_its_attached_files(tmp_path):
    catalogue, env = env_of(small_bank(tmp_path))
    [page] = [p for p in tab_page.generate(catalogue, env).pages if p.url == "organizacii/shkola/"]
    assert (page.title, page.record_id) == ("Школа", "shkola")
    assert page.attachments == {"files/shkola/1-pol.pdf": (tmp_path / "pol.pdf").resolve()}


def test_the_iframe_page_opens_links_in_the_host_window_and_finds_its_styles(shapes):
    embed = shapes["organizacii/shkola/vstraivanie/index.html"].decode("utf-8")
    assert "<title>Наставничество — Школа</title>" in embed and '<base target="_top">' in embed
    for name in ("tab.css", "a11y.css"):
        assert f'<link rel="stylesheet" href="../../../assets/mentorbank/{name}">' in embed
    assert '<script src="../../../assets/mentorbank/frame.js" defer></script>' in embed
    assert '<script src="../../../assets/mentorbank/a11y.js"></script>' in embed
    assert '<a class="bank-entry__title" href="../../../praktiki/p00/">' in embed
    assert '<a href="../../../files/shkola/1-pol.pdf">' in embed
    assert ('<a href="https://bank.example/organizacii/shkola/">электронного банка практик наставничества</a> '
            "на 21 ноября 2026 г.") in embed
    assert "Сведения на" not in embed and "mb-pdf" not in embed


def test_the_fragment_has_no_scripts_inline_styles_and_absolute_links(shapes):
    fragment = shapes["organizacii/shkola/fragment.html"].decode("utf-8")
    assert fragment.startswith('<meta charset="utf-8">')
    assert "<script" not in fragment and "<style" not in fragment and "<link" not in fragment
    assert "var(" not in fragment and "--mb-" not in fragment and ' style="' in fragment
    assert 'href="https://bank.example/praktiki/p00/"' in fragment
    assert 'href="https://bank.example/files/shkola/1-pol.pdf"' in fragment
    assert 'href="https://bank.example/organizacii/centr/"' in fragment
    text = text_of(fragment)
    assert "Собрание наставников" in text and "Итоги года" in text and "Таблица дорожной карты" not in text
    assert ('Источник: <a href="https://bank.example/organizacii/shkola/"' in fragment
            and "данные на 21 ноября 2026 г." in text)


def test_a_fragment_over_its_limit_links_to_the_roadmap_instead_of_listing_it(tmp_path):
    bank = small_bank(tmp_path)
    full = TabRenderer(*env_of(bank)).fragment(bank.records["shkola"])
    limit = len(full.encode("utf-8")) - 1
    short = TabRenderer(*env_of(bank, fragment_limit=limit)).fragment(bank.records["shkola"])
    assert len(short.encode("utf-8")) <= limit
    text = text_of(short)
    assert "Собрание наставников" not in text and "Таблица дорожной карты (3 пункта) — на сайте банка" in text
    assert 'href="https://bank.example/organizacii/shkola/#mb-dorozhnaya-karta-1"' in short
    assert TabRenderer(*env_of(bank, fragment_limit=len(full.encode("utf-8")))).fragment(
        bank.records["shkola"]) == full  # exactly at the limit: the whole roadmap
    # a limit that not even the short fragment meets: the short one all the same
    assert TabRenderer(*env_of(bank, fragment_limit=1)).fragment(bank.records["shkola"]) == short


def test_the_zip_is_a_standalone_copy_with_its_styles_and_files_the_same_bytes_each_time(shapes, tmp_path):
    data = shapes["organizacii/shkola/nastavnichestvo-shkola.zip"]
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        infos = zf.infolist()
        assert [i.filename for i in infos] == ["index.html", "tab.css", "a11y.css", "a11y.js",
                                               "files/shkola/1-pol.pdf"]
        assert all(i.date_time == (2020, 1, 1, 0, 0, 0) and i.compress_type == zipfile.ZIP_DEFLATED
                   and i.external_attr == 0o644 << 16 for i in infos)
        assert zf.read("files/shkola/1-pol.pdf") == b"%PDF-1.4 polozhenie"
        assert zf.read("tab.css") == asset("tab.css") and zf.read("a11y.js") == asset("a11y.js")
        index = zf.read("index.html").decode("utf-8")
    assert '<link rel="stylesheet" href="tab.css">' in index and '<script src="a11y.js"></script>' in index
    assert "frame.js" not in index and "<base" not in index
    assert '<a href="files/shkola/1-pol.pdf">' in index  # the attached file inside the copy
    assert 'href="https://bank.example/praktiki/p00/"' in index  # the bank's pages on the bank
    again = tmp_path / "again"
    again.mkdir()
    catalogue, env = env_of(small_bank(again))
    assert tab_zip.generate(catalogue, env).files["organizacii/shkola/nastavnichestvo-shkola.zip"] == data


def test_the_source_of_the_pdf_has_absolute_links_its_date_and_no_scripts(tmp_path):
    bank = small_bank(tmp_path)
    source = TabRenderer(*env_of(bank)).standalone(bank.records["shkola"], "pdf")
    assert "<script" not in source and "<link" not in source and "<base" not in source
    assert '<meta name="author" content="МБОУ «Школа»">' in source
    assert f"Сведения на {DATE_TEXT}" in source and 'class="mb-standalone mb-pdf"' in source
    # the PDF's creation and modification dates (WeasyPrint reads them from these) are the day it is made
    made = dated(source, dt.date(2026, 12, 1))
    assert f'<meta name="dcterms.created" content="{DATE_ISO}">' in source
    assert '<meta name="dcterms.created" content="2026-12-01">' in made
    assert '<meta name="dcterms.modified" content="2026-12-01">' in made
    assert '<a href="https://bank.example/files/shkola/1-pol.pdf">' in source
    assert 'href="https://bank.example/praktiki/p00/"' in source


def test_an_organisations_own_list_gets_pages_only_beyond_what_the_tab_shows(tmp_path):
    bank = small_bank(tmp_path)
    school, centre = bank.records["shkola"], bank.records["centr"]
    layout = TabRenderer(*env_of(bank))
    pages = layout.listing_pages(school)
    assert [(p.url, p.title) for p in pages] == [("organizacii/shkola/praktiki/", "Практики: Школа")]
    assert '<p class="bank-muted">Записи организации и подведомственных ей организаций.</p>' in pages[0].html
    assert len(re.findall(r'class="bank-entry__title"', pages[0].html)) == N_PRACTICES
    assert [p.url for p in layout.listing_pages(centre)] == ["organizacii/centr/praktiki/"]  # the school's
    one = TabRenderer(*env_of(bank, tab_limit=1))  # beyond one record: practices, and winners too
    winner = Record("w2", "winner", {"title": "Призёр", "organization": "shkola", "year": 2024,
                                     "competition": "Конкурс", "result": "prize-winner", "level": "municipal"},
                    "", None, tmp_path / "w2.md")
    more = Bank(tmp_path, {**bank.records, "w2": winner}, build_date=TODAY)
    assert [(p.url, p.title) for p in TabRenderer(*env_of(more, tab_limit=1)).listing_pages(school)] == [
        ("organizacii/shkola/praktiki/", "Практики: Школа"),
        ("organizacii/shkola/pobediteli/", "Победители и призёры конкурсов: Школа")]
    assert [p.url for p in one.listing_pages(school)] == ["organizacii/shkola/praktiki/"]
    exactly = TabRenderer(*env_of(bank, tab_limit=N_PRACTICES))
    assert exactly.listing_pages(school) == []
    assert "практик →" not in tab_page_html(bank, tab_limit=N_PRACTICES)


def tab_page_html(bank: Bank, **settings) -> str:
    catalogue, env = env_of(bank, **settings)
    return tab_page.page(bank.records["shkola"], catalogue, env).html


def test_the_centre_shows_its_schools_mentors_and_registry(tmp_path):
    bank = small_bank(tmp_path)
    catalogue, env = env_of(bank)
    page = tab_page.page(bank.records["centr"], catalogue, env).html
    assert "Муниципальная база наставников" in page and "Наставникова Ольга" in page
    assert '<a href="../shkola/">Школа</a>' in page  # the mentor's school and the registry row
    assert "Реестр образовательных организаций" in page
    assert re.findall(r'<a class="bank-entry__title" href="../../praktiki/(p\d\d)/">', page) == [
        f"p{i:02d}" for i in range(10)]
    assert "Организации и подведомственных ей организаций." in page
    school_page = tab_page_html(bank)
    assert "Муниципальная база наставников" not in school_page and "База наставников" in school_page
    assert "Реестр образовательных организаций" not in school_page


def test_the_registry_table_has_a_heading_over_every_column(tmp_path):
    bank = small_bank(tmp_path)
    page = tab_page.page(bank.records["centr"], *env_of(bank)).html
    registry = page.split('id="mb-reestr"')[1].split("</table>")[0]
    head = re.search(r"<thead>(.*?)</thead>", registry, re.S).group(1)
    assert [html.unescape(h) for h in re.findall(r'<th scope="col">(.*?)</th>', head)] == list(REGISTRY_HEADINGS)
    row = re.search(r"<tbody>\s*<tr>(.*?)</tr>", registry, re.S).group(1)
    assert len(re.findall(r"<t[hd][ >]", row)) == len(REGISTRY_HEADINGS)


def test_questionnaires_and_reports_are_shown_in_their_own_sections(tmp_path):
    """A questionnaire goes under «Анкеты», a report under «Мониторинг» → «Отчёты и аналитические справки»,
    neither among the normative documents."""
    bank = small_bank(tmp_path)
    school = bank.records["shkola"]
    school.data["documents"] = school.data["documents"] + [
        {"kind": "questionnaire", "title": "Анкета наставляемого", "url": "https://school.example/anketa"},
        {"kind": "report", "title": "Отчёт о наставничестве за 2025 год", "url": "https://school.example/otchet"}]
    page = tab_page_html(bank)
    sections = {m.group(1): m.group(2) for m in re.finditer(
        r'<section class="mb-section" aria-labelledby="mb-([\w-]+)">(.*?)</section>', page, re.S)}
    assert '<a href="https://school.example/anketa">Анкета наставляемого</a>' in sections["ankety"]
    monitoring = sections["monitoring"]
    assert "<h3>Отчёты и аналитические справки</h3>" in monitoring
    assert monitoring.index("<h3>Отчёты") < monitoring.index('<a href="https://school.example/otchet">Отчёт о')
    documents = sections["dokumenty"]  # «Нормативные документы»
    assert "Положение о наставничестве" in documents
    assert "Анкета наставляемого" not in documents and "Отчёт о наставничестве" not in documents
    (tmp_path / "plain").mkdir()
    without = tab_page_html(small_bank(tmp_path / "plain"))
    assert 'aria-labelledby="mb-ankety"' not in without and "Отчёты и аналитические справки" not in without


def test_the_tab_is_laid_out_once_per_organisation_and_build(tmp_path):
    bank = small_bank(tmp_path)
    catalogue, env = env_of(bank)
    layout = tabs(catalogue, env)
    assert tabs(catalogue, env) is layout
    school = bank.records["shkola"]
    assert layout.context(school) is layout.context(school) and layout.outputs(school) is layout.outputs(school)
    assert set(layout.outputs(school).files) == {"organizacii/shkola/vstraivanie/index.html",
                                                 "organizacii/shkola/fragment.html",
                                                 "organizacii/shkola/nastavnichestvo-shkola.zip"}


def test_the_fragments_styles_are_plain_colours():
    css = re.sub(r"/\*.*?\*/", "", fragment_css(), flags=re.S)  # comments may name what they do
    assert "var(" not in css and "--mb-" not in css
    assert ".mb-fragment { color: #1a1a1a;" in css and "#b71c1c" in css
    assert set(ASSETS) == {"tab.css", "embed.js", "frame.js", "a11y.css", "a11y.js", "copy.js"}
    assert asset("tab.css") == (
        Path(__file__).parent.parent / "mentorbank" / "static" / "tab.css").read_bytes()


def test_sizes_in_the_placement_block_are_kibibytes_rounded_to_the_nearest():
    """«Фрагмент, N КБ» / «ZIP, N КБ»: 1 КБ = 1 024 байта, округление до ближайшего целого, не меньше 1."""
    assert size_kb(b"") == 1 and size_kb(b"x" * 1535) == 1 and size_kb(b"x" * 1537) == 2
    # 41 473 bytes are 40.501 KiB (41 КБ), but 40.46 «КБ» of 1,025 bytes: a wrong divisor shows here.
    assert size_kb(b"x" * 41_473) == 41
    assert size_kb(b"x" * 41_471) == 40
