"""The «Наставничество» tab (issue 5) on the built sample site: roadmap rows and statuses against the
data, section order, documents by level, registry and municipal base of mentors, monitoring chart,
the checklist and its check warning, the embed page, the script-free fragment, the ZIP, and personal
data (a name without consent never reaches site/)."""

from __future__ import annotations

import datetime as dt
import gzip
import io
import re
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from conftest import BUILD_DATE, ROOT, build_site, copy_repo

from mentorbank.bank import load_bank
from mentorbank.cli import main
from mentorbank.pages import Renderer
from mentorbank.tab_pages import FRAGMENT_LIMIT

#: Organisations whose profiles carry the five seed roadmaps (shared/seeds/README.md).
SEED_ORGS = ("tulun-komitet", "tomsk-raion-uo", "sov-darskaya-oosh", "sosh-26", "solnechnogorsk-umc")
ORG_DIR = ROOT / "content" / "organizations"
SITE_URL = "https://mentorbank.example/"
LABELS = {"done": "выполнено", "in_progress": "в работе", "planned": "запланировано", "overdue": "просрочено",
          "cancelled": "отменено"}


def profile(org_id: str) -> dict:
    text = (ORG_DIR / f"{org_id}.md").read_text("utf-8")
    return yaml.safe_load(text.split("---\n")[1])


def expected_status(item: dict, today: dt.date) -> str:
    """The contract's rule, restated independently of mentorbank.dates (spec/data-model.md, roadmap)."""
    if item.get("status") in ("done", "cancelled"):
        return item["status"]
    due = item.get("due")
    if isinstance(due, str):
        due = dt.date.fromisoformat(due)
    if due and due < today:
        return "overdue"
    return item.get("status") or "planned"


class Tab(HTMLParser):
    """Roadmap rows (number, status text), h2/h3 headings, links and a few markers of a tab page."""

    def __init__(self):
        super().__init__()
        self.rows: list[list[str]] = []
        self.h2: list[str] = []
        self.h3: list[str] = []
        self.hrefs: list[str] = []
        self.tags: list[tuple[str, dict]] = []
        self._roadmap = self._row = self._cell = 0
        self._cells: list[str] = []
        self._heading: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append((tag, a))
        if tag == "a" and a.get("href"):
            self.hrefs.append(a["href"])
        if tag == "table" and "mb-roadmap" in (a.get("class") or ""):
            self._roadmap = 1
        elif tag == "tr" and self._roadmap:
            self._row, self._cells = 1, []
        elif tag == "td" and self._row:
            self._cell = 1
            self._cells.append("")
        elif tag in ("h2", "h3"):
            self._heading, self._text = tag, []

    def handle_endtag(self, tag):
        if tag == "table":
            self._roadmap = 0
        elif tag == "tr" and self._row:
            if self._cells:
                self.rows.append([" ".join(c.split()) for c in self._cells])
            self._row = 0
        elif tag == "td":
            self._cell = 0
        elif tag == self._heading:
            getattr(self, tag).append(" ".join("".join(self._text).split()))
            self._heading = None

    def handle_data(self, data):
        if self._cell:
            self._cells[-1] += " " + data
        if self._heading:
            self._text.append(data)


def parse(path: Path) -> Tab:
    scan = Tab()
    scan.feed(path.read_text("utf-8"))
    return scan


def tab_html(site: Path, org_id: str) -> str:
    return (site / "organizacii" / org_id / "index.html").read_text("utf-8")


def main_part(html: str) -> str:
    """The tab itself on the site page (before the coordinator's part)."""
    return html.split('<div class="bank-related mb-tab"')[0]


# ---------------------------------------------------------------- roadmaps against the data


@pytest.mark.parametrize("org_id", SEED_ORGS + ("tulun-primer-shkola",))
def test_every_roadmap_row_is_on_the_tab_with_its_status(sample_site, org_id):
    today = dt.date.fromisoformat(BUILD_DATE)
    data = profile(org_id)
    items = [it for rm in data["roadmaps"] for s in rm["sections"] for it in s["items"]]
    assert items, org_id
    for path in (sample_site / "organizacii" / org_id / "index.html",
                 sample_site / "organizacii" / org_id / "vstraivanie" / "index.html"):
        rows = parse(path).rows
        assert len(rows) == len(items), (path, len(rows), len(items))
        for row, item in zip(rows, items, strict=True):
            assert row[0] == str(item["number"]), (org_id, row, item)
            assert row[-1].startswith(LABELS[expected_status(item, today)]), (org_id, item["number"], row[-1])
        done = sum(expected_status(it, today) == "done" for it in items)
        assert f"Выполнено {done} из {len(items)}" in path.read_text("utf-8") or len(data["roadmaps"]) > 1


def test_statuses_of_the_example_school_for_the_fixed_build_date(sample_site):
    rows = parse(sample_site / "organizacii" / "tulun-primer-shkola" / "index.html").rows
    assert [(r[0], r[-1].split()[0]) for r in rows] == [
        ("1", "выполнено"), ("2", "выполнено"),  # status: done
        ("3", "просрочено"),                       # due 2026-01-31 passed, no status
        ("4", "просрочено"),                       # in_progress, but due 2026-05-31 passed
        ("5", "запланировано"),                    # due 2027-05-31
    ]
    html = tab_html(sample_site, "tulun-primer-shkola")
    assert "Выполнено 2 из 5</strong>, просрочено 2 (на 21 ноября 2026 г.)" in html
    assert "Сентябрь 2025 г." in html  # deadlines shown as written


def test_an_earlier_build_date_changes_statuses():
    """The same data rendered for 15 January 2026: items 3 and 4 are not overdue yet."""
    bank = load_bank(ROOT, dt.date(2026, 1, 15))
    page = Renderer(bank, SITE_URL).record_page(bank.records["tulun-primer-shkola"])
    scan = Tab()
    scan.feed(page.html)
    assert [r[-1].split()[0] for r in scan.rows] == ["выполнено", "выполнено", "запланировано", "в", "запланировано"]
    assert "Выполнено 2 из 5</strong> (на 15 января 2026 г.)" in page.html


# ---------------------------------------------------------------- sections


def test_sections_are_in_the_required_order(sample_site):
    scan = parse(sample_site / "organizacii" / "tulun-primer-shkola" / "index.html")
    assert scan.h2 == [
        "О наставничестве", "Нормативные документы", "Дорожная карта", "Формы наставничества", "База наставников",
        "Практики", "Победители и призёры конкурсов", "Мониторинг", "Анкеты", "Полезные ссылки",
        "Заполненность вкладки (для куратора)", "Как разместить на сайте организации",
    ]
    assert scan.h3[:2] == ["Федеральный уровень", "Локальные акты организации"]


def test_sections_without_data_are_omitted(sample_site):
    h2 = parse(sample_site / "organizacii" / "sosh-26" / "index.html").h2
    for absent in ("Нормативные документы", "База наставников", "Мониторинг", "Анкеты", "Полезные ссылки",
                   "Реестр образовательных организаций, внедряющих целевую модель наставничества"):
        assert absent not in h2
    assert "Дорожная карта" in h2


def test_curator_shows_position_and_contacts_not_an_unconsented_name(sample_site):
    html = tab_html(sample_site, "sov-darskaya-oosh")
    curator = profile("sov-darskaya-oosh")["curator"]
    assert curator["position"] in html.replace("&#34;", '"').replace("&quot;", '"')
    assert "Куратор внедрения целевой модели наставничества" in html


def test_documents_link_to_their_files(sample_site):
    html = main_part(tab_html(sample_site, "tulun-primer-shkola"))
    hrefs = re.findall(r'href="(\.\./\.\./files/tulun-primer-shkola/[^"]+)"', html)
    assert len(hrefs) == 4, hrefs  # положение, приказ, программа, анкета
    for href in hrefs:
        assert (sample_site / "organizacii" / "tulun-primer-shkola" / href).resolve().is_file(), href
    assert "№ 95-од, от 1 сентября 2021 г." in html


def test_monitoring_is_an_accessible_chart_and_a_table(sample_site):
    html = tab_html(sample_site, "tulun-primer-shkola")
    svgs = re.findall(r'<svg[^>]*class="mb-chart__svg"[^>]*>.*?</svg>', html, re.S)
    assert len(svgs) == 4  # три доли + удовлетворённость
    first = svgs[0]
    assert 'role="img"' in first and "aria-labelledby=" in first
    assert "<title" in first and "Доля обучающихся, вовлечённых в наставничество" in first
    # 2025: 127 of 176 pupils = 72.2 %; the description names every year and the target.
    desc = re.search(r"<desc[^>]*>(.*?)</desc>", first, re.S).group(1)
    assert "2022 год — 35,2" in desc and "2025 год — 72,2" in desc and "не менее 70" in desc
    assert "stroke-dasharray" in first  # the target line
    assert "<caption>Показатели наставничества по годам</caption>" in html
    assert "в 2025 году — 72,2\u00a0%; цель (не менее 70\u00a0%) достигнута" in html


# ---------------------------------------------------------------- municipal authority


def test_registry_lists_every_subordinate_organisation_with_its_completeness(sample_site):
    html = tab_html(sample_site, "tulun-komitet")
    registry = html.split('id="mb-reestr"')[1].split("</table>")[0]
    assert registry.count("<tr>") == 1 + 2  # header + centr-mifsou + primer-shkola
    assert "../tulun-primer-shkola/" in registry and "../tulun-centr-mifsou/" in registry
    row = registry.split("../tulun-primer-shkola/")[1].split("</tr>")[0]
    assert row.count(">да<") == 6 and "6 из 6" in row and ">2025<" in row and "72,2" in row
    row = registry.split("../tulun-centr-mifsou/")[1].split("</tr>")[0]
    assert row.count(">нет<") == 6 and "нет данных" in row
    for org, children in (("tomsk-raion-uo", ["tomsk-raion-primer-shkola"]),
                          ("solnechnogorsk-umc", ["solnechnogorsk-primer-shkola-1", "solnechnogorsk-primer-shkola-2"])):
        registry = tab_html(sample_site, org).split('id="mb-reestr"')[1].split("</table>")[0]
        assert [c for c in children if f"../{c}/" in registry] == children


def test_municipal_base_has_consented_mentors_and_winners_of_subordinates(sample_site):
    tulun = tab_html(sample_site, "tulun-komitet")
    assert "Муниципальная база наставников" in tulun and "Петрова Анна Сергеевна (пример)" in tulun
    soln = tab_html(sample_site, "solnechnogorsk-umc")
    base = soln.split('id="mb-nastavniki"')[1].split("</table>")[0]
    assert "Соколова Ирина Викторовна (пример)" in base and "победитель: Муниципальный конкурс" in base


def test_authority_lists_practices_of_subordinate_organisations(sample_site):
    html = main_part(tab_html(sample_site, "tulun-komitet"))
    for practice in ("starshiy-drug",):
        assert f"../../praktiki/{practice}/" in html


# ---------------------------------------------------------------- checklist and check


def test_checklist_names_what_is_missing(sample_site):
    html = tab_html(sample_site, "tulun-komitet")
    checks = html.split('id="mb-zapolnennost"')[1].split("</ul>")[0]
    assert "<strong>нет</strong> — положение о наставничестве" in checks
    assert "<strong>есть</strong> — дорожная карта" in checks
    assert "Вкладка заполнена полностью" in tab_html(sample_site, "tulun-primer-shkola")


def test_check_warns_about_incomplete_tabs_only(capsys, monkeypatch):
    monkeypatch.setenv("BANK_BUILD_DATE", BUILD_DATE)
    assert main(["check", "--root", str(ROOT), "--format", "json"]) == 0  # warnings never fail
    problems = [p for p in __import__("json").loads(capsys.readouterr().out) if p["topic"] == "vkladka"]
    files = {p["file"] for p in problems}
    assert "content/organizations/tulun-komitet.md" in files
    assert "content/organizations/tulun-primer-shkola.md" not in files  # complete
    assert all(p["severity"] == "warning" for p in problems)
    komitet = next(p for p in problems if p["file"].endswith("tulun-komitet.md"))
    assert "положение о наставничестве" in komitet["message"] and "kind: regulation" in komitet["hint"]


def test_partner_organisations_are_not_asked_for_a_tab(tmp_path):
    root = copy_repo(tmp_path / "repo")
    path = root / "content/organizations/sosh-26.md"
    path.write_text(path.read_text("utf-8").replace("kind: school", "kind: employer"), "utf-8")
    bank = load_bank(root, dt.date.fromisoformat(BUILD_DATE))
    assert not [p for p in bank.problems if p.file.endswith("sosh-26.md")]


# ---------------------------------------------------------------- embed page, fragment, ZIP


def all_org_ids() -> list[str]:
    return sorted(p.stem for p in ORG_DIR.glob("*.md"))


def test_embed_page_is_standalone_and_opens_links_in_the_top_window(sample_site):
    for org_id in all_org_ids():
        path = sample_site / "organizacii" / org_id / "vstraivanie" / "index.html"
        html = path.read_text("utf-8")
        assert '<base target="_top">' in html and "md-header" not in html and "data-pagefind-body" not in html
        assert "frame.js" in html and "data-bank-a11y" in html and "mb-zapolnennost" not in html
        for href in parse(path).hrefs:
            if "://" in href or href.startswith(("mailto:", "#")):
                continue
            target = (path.parent / href.split("#")[0]).resolve()
            assert target.is_file() or (target / "index.html").is_file(), (org_id, href)


def test_fragment_is_script_free_inline_styled_absolute_and_small(sample_site):
    for org_id in all_org_ids():
        path = sample_site / "organizacii" / org_id / "fragment.html"
        raw = path.read_bytes()
        html = raw.decode("utf-8")
        assert len(raw) < FRAGMENT_LIMIT <= 60 * 1024, (org_id, len(raw))
        assert not re.search(r"<script|<style|<iframe|<link|\son\w+=|javascript:", html, re.I), org_id
        assert "var(--" not in html and "--mb-" not in html
        assert html.count('style="') > 20
        for href in parse(path).hrefs:
            assert href.startswith((SITE_URL, "https://", "http://", "mailto:")), (org_id, href)
        assert "mb-zapolnennost" not in html and "Как разместить" not in html


def test_tab_page_offers_the_three_ways_with_ready_snippets(sample_site):
    html = tab_html(sample_site, "sosh-26")
    assert ('&lt;iframe src="https://mentorbank.example/organizacii/sosh-26/vstraivanie/"' in html
            and "https://mentorbank.example/assets/mentorbank/embed.js" in html)
    assert 'href="fragment.html" download' in html and 'href="nastavnichestvo-sosh-26.zip" download' in html
    fragment = (sample_site / "organizacii/sosh-26/fragment.html").read_text("utf-8")
    shown = re.search(r'<textarea id="mb-fragment-code"[^>]*>(.*?)</textarea>', html, re.S).group(1)
    assert __import__("html").unescape(shown) == fragment


def test_zip_is_a_complete_standalone_tab(sample_site):
    data = (sample_site / "organizacii/tulun-primer-shkola/nastavnichestvo-tulun-primer-shkola.zip").read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        names = set(zf.namelist())
        assert {"index.html", "tab.css", "a11y.css", "a11y.js"} <= names
        index = zf.read("index.html").decode("utf-8")
        scan = Tab()
        scan.feed(index)
        local = [h for h in scan.hrefs if "://" not in h and not h.startswith(("mailto:", "#"))]
        assert len(local) == 4 and all(h in names for h in local), local
        assert all(h.startswith((SITE_URL, "https://", "http://", "mailto:", "#")) or h in names for h in scan.hrefs)
        assert all(zf.getinfo(n).date_time == (2020, 1, 1, 0, 0, 0) for n in names)
        assert '<base target="_top">' not in index and "frame.js" not in index


# ---------------------------------------------------------------- personal data


def site_texts(site: Path):
    """Every file of ``site`` as text, including ZIP members and Pagefind's gzipped chunks."""
    for path in site.rglob("*"):
        if not path.is_file():
            continue
        data = path.read_bytes()
        if path.suffix == ".zip":
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                for name in zf.namelist():
                    yield f"{path}!{name}", zf.read(name).decode("utf-8", "replace")
            continue
        if data[:2] == b"\x1f\x8b":
            data = gzip.decompress(data)
        yield str(path), data.decode("utf-8", "replace")


def test_the_name_scanner_sees_consented_names_everywhere(sample_site):
    """The scanner used below can fail: a consented name is found in the tab, embed, fragment, ZIP, index."""
    where = {p for p, text in site_texts(sample_site) if "Петрова Анна Сергеевна" in text}
    assert any(p.endswith("tulun-primer-shkola/index.html") for p in where)
    assert any(p.endswith("vstraivanie/index.html") for p in where)
    assert any(p.endswith("tulun-primer-shkola/fragment.html") for p in where)
    assert any(p.endswith(".zip!index.html") for p in where)
    assert any("/pagefind/fragment/" in p for p in where)


@pytest.mark.parametrize("edit", [
    ("content/organizations/tulun-primer-shkola.md", "  - position: \"учитель математики\"\n    consent: false",
     "  - name: \"Секретова Зинаида Тестовна\"\n    position: \"учитель математики\"\n    consent: false"),
    ("content/organizations/tulun-primer-shkola.md", "  - position: \"учитель математики\"\n    consent: false",
     "  - name: \"Секретова Зинаида Тестовна\"\n    position: \"учитель математики\""),
    ("content/organizations/tulun-primer-shkola.md", "  - position: \"учитель математики\"\n    consent: false",
     "  - name: \"Секретова Зинаида Тестовна\"\n    position: \"учитель математики\"\n    consent: \"да\""),
    ("practices/winners/tulun-nastavnik-goda-2025-pobeditel.md", "person:\n  position:",
     "person:\n  name: Секретова Зинаида Тестовна\n  position:"),
], ids=["consent-false", "consent-missing", "consent-not-boolean", "winner-without-consent"])
def test_a_name_without_consent_never_reaches_the_site(tmp_path, edit):
    rel, old, new = edit
    root = copy_repo(tmp_path / "repo")
    path = root / rel
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")
    site = tmp_path / "site"
    done = build_site(root, site)
    assert done.returncode != 0 and rel.split("/")[-1] in done.stdout + done.stderr
    # The validator stops the build before anything is written (a leak scan here would scan nothing);
    # that the renderer itself never shows such a name is pinned by tests/test_render_consent.py.
    assert not site.exists()
