"""The «Наставничество» tab on the built sample site: roadmap rows and statuses against the
data, section order, documents by level, registry and municipal base of mentors, monitoring chart,
the check warning and the coordinators' report (no checklist on public pages), the embed page, the
script-free fragment, the ZIP, and personal data (a name without consent never reaches site/)."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from conftest import BUILD_DATE, ROOT, build_site, copy_repo, is_example, real_org_ids, site_texts

from mentorbank import tab
from mentorbank.bank import load_bank
from mentorbank.cli import main
from mentorbank.dates import is_marked, item_status, period_ended, period_years, roadmap_progress, ru_date
from mentorbank.model import Bank
from mentorbank.pages import Renderer
from mentorbank.settings import load as load_settings

#: Organisations whose profiles carry the five seed roadmaps (shared/seeds/README.md).
SEED_ORGS = ("tulun-komitet", "tomsk-raion-uo", "sov-darskaya-oosh", "sosh-26", "solnechnogorsk-umc")
ORG_DIR = ROOT / "content" / "organizations"
SITE_URL = "https://mentorbank.example/"
LABELS = {"done": "выполнено", "in_progress": "в работе", "planned": "запланировано", "overdue": "просрочено",
          "cancelled": "отменено", "unmarked": "срок прошёл, отметка о выполнении не внесена"}


def profile(org_id: str) -> dict:
    text = (ORG_DIR / f"{org_id}.md").read_text("utf-8")
    return yaml.safe_load(text.split("---\n")[1])


def expected_status(item: dict, today: dt.date) -> str:
    """The contract's rule, restated independently of mentorbank.dates (spec/data-model.md, roadmap):
    done/cancelled as given; planned/in_progress past ``due`` (due < build date) without ``done_on`` —
    overdue; no status but ``done_on`` — done; no status past ``due`` — «срок прошёл, отметка о
    выполнении не внесена» (neutral: the bank knows nothing about execution); otherwise the status,
    or planned when there is none."""
    status = item.get("status")
    if status in ("done", "cancelled"):
        return status
    due = item.get("due")
    if isinstance(due, str):
        due = dt.date.fromisoformat(due)
    passed = bool(due and due < today and not item.get("done_on"))
    if status:
        return "overdue" if passed else status
    if item.get("done_on"):
        return "done"
    return "unmarked" if passed else "planned"


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
        html = path.read_text("utf-8")
        marked = sum(bool(it.get("status") or it.get("done_on")) for it in items)
        if len(data["roadmaps"]) == 1 and not marked:
            assert f"Отметка о выполнении есть у 0 из {len(items)} пунктов" in html
        elif len(data["roadmaps"]) == 1:
            done = sum(expected_status(it, today) == "done" for it in items)
            assert f"Выполнено {done} из {len(items)}" in html


def test_statuses_of_the_example_school_for_the_fixed_build_date(sample_site):
    rows = parse(sample_site / "organizacii" / "tulun-primer-shkola" / "index.html").rows
    assert [(r[0], r[-1]) for r in rows] == [
        ("1", "выполнено 26 сентября 2025 г."), ("2", "выполнено 20 октября 2025 г."),  # status: done
        ("3", "срок прошёл, отметка о выполнении не внесена"),  # due 2026-01-31 passed, no status: neutral
        ("4", "просрочено"),                                    # in_progress, but due 2026-05-31 passed
        ("5", "запланировано"),                                 # due 2027-05-31
    ]
    html = tab_html(sample_site, "tulun-primer-shkola")
    assert ("Выполнено 2 из 5</strong>, просрочено 1; отметка о выполнении есть у 3 из 5 пунктов "
            "(на 21 ноября 2026 г.)") in html
    assert "Сентябрь 2025 г." in html  # deadlines shown as written
    assert "завершён" not in html.split('id="mb-dorozhnaya-karta"')[1].split("</section>")[0]  # 2025–2026


def test_an_earlier_build_date_changes_statuses():
    """The same data rendered for 15 January 2026: items 3 and 4 are not overdue yet."""
    bank = load_bank(ROOT, dt.date(2026, 1, 15))
    page = Renderer(bank, SITE_URL).record_page(bank.records["tulun-primer-shkola"])
    scan = Tab()
    scan.feed(page.html)
    assert [r[-1].split()[0] for r in scan.rows] == ["выполнено", "выполнено", "запланировано", "в", "запланировано"]
    assert "Выполнено 2 из 5</strong>; отметка о выполнении есть у 3 из 5 пунктов (на 15 января 2026 г.)" in page.html


TODAY = dt.date(2026, 11, 21)


@pytest.mark.parametrize(("item", "shown"), [
    ({"due": "2026-11-20"}, "unmarked"),                                  # no status, due passed: neutral
    ({"due": "2026-11-21"}, "planned"),                                   # due == build date: not passed
    ({"due": "2026-11-22"}, "planned"),
    ({}, "planned"),                                                      # no status, no due
    ({"due": "2026-11-20", "done_on": "2026-11-25"}, "done"),             # done_on is the mark
    ({"status": "planned", "due": "2026-11-20"}, "overdue"),
    ({"status": "in_progress", "due": "2026-11-20"}, "overdue"),
    ({"status": "in_progress", "due": "2026-11-21"}, "in_progress"),      # due == build date
    ({"status": "in_progress", "due": "2026-11-20", "done_on": "2026-11-19"}, "in_progress"),
    ({"status": "planned", "due": "2026-12-01"}, "planned"),
    ({"status": "done", "due": "2026-11-20"}, "done"),
    ({"status": "done", "due": "2026-11-20", "done_on": "2026-11-30"}, "done"),
    ({"status": "cancelled", "due": "2020-01-01"}, "cancelled"),
])
def test_item_status_follows_the_contract(item, shown):
    """Contract (spec/data-model.md, roadmap): «просрочено» only for planned/in_progress past due without
    done_on; an item without status past due is «срок прошёл, отметка о выполнении не внесена»."""
    item = {"number": "1", "activity": "мероприятие", **item}
    assert item_status(item, TODAY) == shown == expected_status(item, TODAY)


@pytest.mark.parametrize(("period", "years"), [
    ("2021–2024 гг.", (2021, 2024)), ("2021-2024 г.г.", (2021, 2024)), ("2020—2024 годы", (2020, 2024)),
    ("2021–2024 гг. (в исходном тексте не указан, восстановлен по срокам мероприятий)", (2021, 2024)),
    ("2023-2024 учебный год", (2023, 2024)), ("2023/24 учебный год", (2023, 2024)),
    ("с 2021 по 2024 год", (2021, 2024)), ("2023 г.", (2023, 2023)), ("на 2025 год", (2025, 2025)),
    ("не указан", None), ("с 2021 года", None), ("2024–2021 гг.", None), ("", None), (None, None),
    ("2024–2024 гг.", (2024, 2024)), ("1910/11 учебный год", (1910, 1911)),  # two digits: the start's century
    ("2000–2030 гг.", (2000, 2030)), ("2000–2031 гг.", None),                # at most 30 years
])
def test_period_years_reads_the_period_as_written(period, years):
    assert period_years(period) == years


def test_period_ended_only_after_its_last_year():
    assert period_ended("2021-2024 г.г.", dt.date(2025, 1, 1)) == "Период 2021–2024 гг. завершён."
    assert period_ended("2021-2024 г.г.", dt.date(2024, 12, 31)) is None
    assert period_ended("2023-2024 учебный год", TODAY) == "Период 2023/2024 учебного года завершён."
    assert period_ended("не указан", TODAY) is None
    assert period_ended("2023 г.", TODAY) == "Период 2023 г. завершён."
    # a school year written as a range of one year («2023/23») is named once, not «2023/2023»
    assert period_ended("2023/23 учебный год", TODAY) == "Период 2023 учебного года завершён."


def test_roadmap_summary_counts_what_the_data_marks():
    """The summary line's numbers: every item, items with a mark of execution (a status or a ``done_on``
    date), and shown statuses done / overdue / neutral (``item_status``)."""
    items = [{"due": "2026-11-20"}, {"due": "2026-11-20", "done_on": "2026-11-19"},
             {"status": "planned", "due": "2026-01-01"}, {"status": "done"}, {"due": "2026-01-01"}, {}]
    roadmap = {"sections": [{"items": items[:3]}, {"items": items[3:]}]}
    assert roadmap_progress(roadmap, TODAY) == {"total": 6, "marked": 3, "done": 2, "overdue": 1, "unmarked": 2}
    assert [is_marked(it) for it in items] == [False, True, True, True, False, False]


def test_dates_in_russian():
    assert ru_date("2026-11-21") == ru_date(dt.date(2026, 11, 21)) == "21 ноября 2026 г."
    assert ru_date(None) == ru_date("") == ""


def tab_outputs(site: Path, org_id: str) -> dict[str, str]:
    """The four public shapes of an organisation's tab: site page, embed page, fragment, ZIP's index.html."""
    base = site / "organizacii" / org_id
    with zipfile.ZipFile(base / f"nastavnichestvo-{org_id}.zip") as zf:
        index = zf.read("index.html").decode("utf-8")
    return {"tab": main_part((base / "index.html").read_text("utf-8")),
            "embed": (base / "vstraivanie" / "index.html").read_text("utf-8"),
            "fragment": (base / "fragment.html").read_text("utf-8"), "zip": index}


def test_real_roadmaps_accuse_no_one(sample_site):
    """Real roadmaps carry no statuses (their documents have none): no «просрочено» and no red status
    anywhere in their tabs; items past due say that no mark was entered; ended periods say so."""
    assert "tulun-komitet" in real_org_ids() and "tulun-primer-shkola" not in real_org_ids()
    for org_id in real_org_ids():
        for shape, html in tab_outputs(sample_site, org_id).items():
            assert "просрочено" not in html and "bank-status--overdue" not in html, (org_id, shape)
    for shape, html in tab_outputs(sample_site, "tulun-komitet").items():
        assert "Отметка о выполнении есть у 0 из 9 пунктов" in html, shape
        assert "Период 2021–2024 гг. завершён." in html, shape
        assert "Выполнено 0" not in html, shape
        if shape != "fragment" or "<table" in html:
            assert html.count("срок прошёл, отметка о выполнении не внесена") == 7, shape
    assert tab_outputs(sample_site, "tulun-komitet")["embed"].count('class="bank-status bank-status--unmarked"') == 7
    # the example school's own (invented) statuses still show a real overdue item in red
    assert 'class="bank-status bank-status--overdue">просрочено<' in tab_html(sample_site, "tulun-primer-shkola")


#: Fields of a record that name another record: the organisation it belongs to, or a parent.
ORG_REFERENCES = ("organization", "organizer", "parent")


def test_invented_records_belong_only_to_invented_organisations():
    """Every record marked as an example (conftest.is_example) refers only to example organisations and
    names no real one in its text (organisation, organizer, parent, partners, team, body): a real
    organisation's tab is not a place for invented practices, events, results or subordinates."""
    real = {i: profile(i) for i in real_org_ids()}
    assert len(real) == 6, sorted(real)
    names = {n for p in real.values() for n in (p["name"], p["short_name"])}
    examples = [p for p in sorted((ROOT / "practices").rglob("*.md")) + sorted(ORG_DIR.glob("*.md")) if is_example(p)]
    assert len(examples) > 30
    wrong = []
    for path in examples:
        text = path.read_text("utf-8")
        data = yaml.safe_load(text.split("---\n")[1])
        wrong += [(path.name, key, data[key]) for key in ORG_REFERENCES if data.get(key) in real]
        wrong += [(path.name, "text", name) for name in names if name in text]
    assert wrong == []


def test_real_tabs_show_no_invented_records(sample_site):
    example_word = re.compile(r"\bпример\b", re.I)
    for org_id in real_org_ids():
        for shape, html in tab_outputs(sample_site, org_id).items():
            assert not example_word.search(html), (org_id, shape, example_word.search(html))
            for section in ("Практики", "Мероприятия", "Победители и призёры конкурсов"):
                assert f">{section}</h2>" not in html, (org_id, shape, section)


# ---------------------------------------------------------------- sections


def test_sections_are_in_the_required_order(sample_site):
    scan = parse(sample_site / "organizacii" / "tulun-primer-shkola" / "index.html")
    assert scan.h2 == [
        "О наставничестве", "Нормативные документы", "Дорожная карта", "Формы наставничества", "База наставников",
        "Практики", "Победители и призёры конкурсов", "Мониторинг", "Анкеты", "Полезные ссылки",
        "Как разместить на сайте организации",
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
    charts = re.findall(r'<figure class="mb-chart">.*?</figure>', html, re.S)
    assert len(charts) == 4  # три доли + удовлетворённость
    first = charts[0]
    # One picture with a text alternative: named by the caption, described by a hidden paragraph.
    img = re.search(r'<div class="mb-chart__bars" role="img" aria-labelledby="([^"]+)">', first)
    caption_id, desc_id = img.group(1).split()
    assert re.search(f'<figcaption id="{caption_id}">Доля обучающихся, вовлечённых в наставничество', first)
    # 2025: 127 of 176 pupils = 72.2 %; the description names every year and the target.
    desc = re.search(f'<p id="{desc_id}" hidden>(.*?)</p>', first, re.S).group(1)
    assert "2022 год — 35,2" in desc and "2025 год — 72,2" in desc and "не менее 70" in desc
    # Year and value are page text (they follow the font size), the bar and the target mark a picture.
    assert "2025: <strong>72,2\u00a0%</strong>" in first
    assert first.count('class="mb-chart__target"') == 4 and "stroke-dasharray" in first
    assert '<rect x="0" y="0" width="72.2" height="10"' in first
    assert "<caption>Показатели наставничества по годам</caption>" in html
    assert "в 2025 году — 72,2\u00a0%; цель (не менее 70\u00a0%) достигнута" in html


# ---------------------------------------------------------------- municipal authority


def test_registry_lists_every_subordinate_organisation_with_its_completeness(sample_site):
    html = tab_html(sample_site, "tulun-primer-centr")  # the example centre: parent of the example school
    registry = html.split('id="mb-reestr"')[1].split("</table>")[0]
    assert registry.count("<tr>") == 1 + 1  # header + primer-shkola
    row = registry.split("../tulun-primer-shkola/")[1].split("</tr>")[0]
    assert row.count(">да<") == 6 and "6 из 6" in row and ">2025<" in row and "72,2" in row
    registry = tab_html(sample_site, "tulun-komitet").split('id="mb-reestr"')[1].split("</table>")[0]
    assert registry.count("<tr>") == 1 + 1  # header + centr-mifsou (a real subordinate, seed roadmap)
    row = registry.split("../tulun-centr-mifsou/")[1].split("</tr>")[0]
    # Nothing in the bank is not «нет» (the bank does not know what the organisation has): neutral «—».
    assert row.count('class="mb-none"') == 6 and row.count("в банк не внесён") == 6
    assert "показатели в банк не внесены" in row and ">нет<" not in row and 'class="mb-no"' not in registry
    for org, children in (("tomsk-raion-primer-centr", ["tomsk-raion-primer-shkola"]),
                          ("solnechnogorsk-primer-centr",
                           ["solnechnogorsk-primer-shkola-1", "solnechnogorsk-primer-shkola-2"])):
        registry = tab_html(sample_site, org).split('id="mb-reestr"')[1].split("</table>")[0]
        assert [c for c in children if f"../{c}/" in registry] == children


def test_municipal_base_has_consented_mentors_and_winners_of_subordinates(sample_site):
    tulun = tab_html(sample_site, "tulun-primer-centr")
    assert "Муниципальная база наставников" in tulun and "Петрова Анна Сергеевна (пример)" in tulun
    soln = tab_html(sample_site, "solnechnogorsk-primer-centr")
    base = soln.split('id="mb-nastavniki"')[1].split("</table>")[0]
    assert "Соколова Ирина Викторовна (пример)" in base and "победитель: Муниципальный конкурс" in base


def test_authority_lists_practices_of_subordinate_organisations(sample_site):
    html = main_part(tab_html(sample_site, "tulun-primer-centr"))
    for practice in ("starshiy-drug", "setevoe-nastavnichestvo-malokomplektnye"):  # the school's, its own
        assert f"../../praktiki/{practice}/" in html


# ---------------------------------------------------------------- checklist and check


#: What the coordinators' checklist used to put on public pages: its heading, file paths, field names, commands.
CHECKLIST_TRACES = ("Заполненность", "mb-zapolnennost", "для куратора", "content/organizations", "mentorbank check",
                    "mentorbank report", "kind: regulation", "roadmaps", "stats", "curator")


def test_no_completeness_list_on_public_pages(sample_site):
    """The completeness checklist is for coordinators (``mentorbank report``, ``check``): no public shape of
    any tab — site page with its embedding help, embed page, fragment, ZIP — shows it."""
    for org_id in all_org_ids():
        shapes = tab_outputs(sample_site, org_id)
        shapes["tab"] = tab_html(sample_site, org_id)  # the whole page, with «Как разместить на сайте»
        for shape, html in shapes.items():
            text = re.sub(r"<[^>]+>", " ", html.split("<body")[-1])  # visible text, not addresses
            found = [t for t in CHECKLIST_TRACES if t in text]
            assert found == [], (org_id, shape, found)


def test_report_lists_every_organisation_that_keeps_a_tab(capsys, monkeypatch):
    monkeypatch.setenv("BANK_BUILD_DATE", BUILD_DATE)
    assert main(["report", "--root", str(ROOT)]) == 0
    out = capsys.readouterr().out
    duty = [p for p in map(profile, all_org_ids()) if p["kind"] in tab.TAB_KINDS]
    assert len(duty) == 13
    for org in duty:
        assert f"  {org['name']}\n" in out, org["name"]
    after = out.split("Комитет по образованию администрации Тулунского муниципального района\n")[1].splitlines()
    block = "\n".join(after[:2])
    assert not after[2].startswith("    ")
    assert block == ("    опубликовано 1 из 6: дорожная карта.\n    не хватает: положение о наставничестве, приказ о "
                     "внедрении целевой модели наставничества, куратор внедрения ЦМН, программа наставничества, "
                     "мониторинг (показатели за год).")
    assert "заполнена полностью" in out.split("«Примерная средняя общеобразовательная школа» Тулунского")[1]
    assert "заполнены полностью: 1, не полностью: 12." in out
    for field in ("regulation", "roadmaps", "curator", "stats", "kind:", ".md", "documents"):
        assert field not in out, field  # plain Russian, no field names or files


def test_report_groups_organisations_by_place_incomplete_first(capsys, monkeypatch):
    """The report has one heading «region, municipality» per place, places in alphabetical order; within
    a place, organisations whose tab is incomplete come first, each part by short name."""
    monkeypatch.setenv("BANK_BUILD_DATE", BUILD_DATE)
    assert main(["report", "--root", str(ROOT)]) == 0
    lines = capsys.readouterr().out.splitlines()
    body = lines[3:lines.index("", 3)]
    duty = [p for p in map(profile, all_org_ids()) if p["kind"] in tab.TAB_KINDS]
    places = sorted({(p["region"], p["municipality"]) for p in duty})
    assert [line for line in body if not line.startswith(" ")] == [f"{r}, {m}" for r, m in places]
    assert len(places) >= 3
    for region, municipality in places:
        start = body.index(f"{region}, {municipality}") + 1
        block = body[start:next((i for i in range(start, len(body)) if not body[i].startswith(" ")), len(body))]
        names = [line.strip() for line in block if not line.startswith("    ")]
        complete = [a.strip() for a, b in zip(block, block[1:], strict=False)
                    if not a.startswith("    ") and b.startswith("    заполнена полностью")]
        incomplete = [n for n in names if n not in complete]
        by_short_name = {p["name"]: p["short_name"].lower() for p in duty}.get
        assert names == sorted(incomplete, key=by_short_name) + sorted(complete, key=by_short_name), names


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
        assert len(raw) < load_settings(ROOT).fragment_limit <= 60 * 1024, (org_id, len(raw))
        assert not re.search(r"<script|<style|<iframe|<link|\son\w+=|javascript:", html, re.I), org_id
        assert "var(--" not in html and "--mb-" not in html
        styled = re.findall(r"<(?:h2|a)\b[^>]*>", html)  # rules .mb-tab h2 and .mb-tab a, inlined
        assert len(styled) >= 2 and all('style="' in tag for tag in styled), org_id
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


def test_fragment_roadmap_items_are_blocks_with_the_status_first(sample_site):
    """In the fragment (no media queries, a host's narrow column) every roadmap item is a block that
    starts with its status, then number and activity, then labelled lines."""
    today = dt.date.fromisoformat(BUILD_DATE)
    for org_id in SEED_ORGS + ("tulun-primer-shkola",):
        html = (sample_site / "organizacii" / org_id / "fragment.html").read_text("utf-8")
        items = [it for rm in profile(org_id)["roadmaps"] for s in rm["sections"] for it in s["items"]]
        if "Таблица дорожной карты" in html:  # over the size limit: a link instead of the items
            continue
        blocks = re.findall(r'<li class="mb-item[^"]*"[^>]*>(.*?)</li>\s*(?=<li class="mb-item|</ol>)', html, re.S)
        assert len(blocks) == len(items), (org_id, len(blocks), len(items))
        assert "<table class=\"mb-table mb-roadmap" not in html
        for block, item in zip(blocks, items, strict=True):
            text = " ".join(re.sub(r"<[^>]+>", " ", block).split())
            assert text.startswith("Статус: " + LABELS[expected_status(item, today)]), (org_id, text[:60])
            number = str(item["number"])
            assert f"{number if number.endswith('.') else number + '.'} {' '.join(item['activity'].split())}" in text
            if item.get("deadline"):
                assert "Сроки: " + " ".join(item["deadline"].split()) in text


def test_fragment_declares_its_charset_first(sample_site):
    for org_id in all_org_ids():
        raw = (sample_site / "organizacii" / org_id / "fragment.html").read_bytes()
        assert raw.startswith(b'<meta charset="utf-8">'), org_id


def test_full_stop_never_doubles_a_dot():
    from markupsafe import Markup

    from mentorbank.render import full_stop

    assert full_stop("21 ноября 2026 г.") == "21 ноября 2026 г."
    assert full_stop("2021–2024 гг. ") == "2021–2024 гг."
    assert full_stop("на сайте банка") == "на сайте банка."
    assert full_stop("Готово!") == "Готово!" and full_stop("и т. д…") == "и т. д…" and full_stop("") == ""
    assert isinstance(full_stop(Markup("<b>1</b>")), Markup) and full_stop(Markup("<b>1</b>")) == "<b>1</b>."


class _Text(HTMLParser):
    """Text of a page as a visitor reads it: code, scripts, styles and form fields left out."""

    SKIP = {"code", "pre", "kbd", "samp", "script", "style", "textarea"}

    def __init__(self):
        super().__init__()
        self.depth = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.depth += tag in self.SKIP

    def handle_endtag(self, tag):
        self.depth -= tag in self.SKIP and self.depth > 0

    def handle_data(self, data):
        if not self.depth:
            self.parts.append(data)


def test_no_double_full_stop_anywhere_on_the_site(sample_site):
    """«г..» came from a date ending in «г.» followed by the template's own full stop (home page,
    embed, ZIP, fragment, review decision of a practice): no «..» in the text of any page."""
    found = []
    pages = [(str(p.relative_to(sample_site)), p.read_text("utf-8")) for p in sample_site.rglob("*.html")]
    for zip_path in sample_site.rglob("*.zip"):
        with zipfile.ZipFile(zip_path) as zf:
            pages.append((f"{zip_path.name}!index.html", zf.read("index.html").decode("utf-8")))
    for name, html in pages:
        scan = _Text()
        scan.feed(html)
        text = "".join(scan.parts)
        found += [f"{name}: …{text[max(0, m.start() - 40):m.end() + 5]!r}"
                  for m in re.finditer(r"(?<!\.)\.\.(?!\.)", text)]
    assert len(pages) > 50
    assert found == [], "\n".join(found[:20])
    assert "Данные на 21 ноября 2026 г.<" in (sample_site / "index.html").read_text("utf-8")


# ---------------------------------------------------------------- personal data


def test_the_name_scanner_sees_consented_names_everywhere(sample_site):
    """The scanner used below can fail: a consented name is found in the tab, embed, fragment, ZIP, index."""
    where = {p for p, text in site_texts(sample_site) if "Петрова Анна Сергеевна" in text}
    assert any(p.endswith("tulun-primer-shkola/index.html") for p in where)
    assert any(p.endswith("vstraivanie/index.html") for p in where)
    assert any(p.endswith("tulun-primer-shkola/fragment.html") for p in where)
    assert any(p.endswith(".zip!index.html") for p in where)
    assert any(p.startswith("pagefind/") and "/fragment/" in p for p in where)  # parts: pagefind/shard/<part>/
    assert any(p.endswith("nastavnichestvo-tulun-primer-shkola.pdf") for p in where)  # the PDF's text layer


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


# ---------------------------------------------------------------- what the tab computes, in process


def org_record(org_id: str, **data) -> tab.Record:
    """An organisation record with the given profile fields (no file: the tab's rules read only data)."""
    return tab.Record(org_id, "organization", {"kind": "school", "short_name": org_id, **data}, "", None,
                      ROOT / f"{org_id}.md")


def test_percentages_read_as_russian_text():
    """Shares are shown with one decimal and a comma, a whole number without «,0», no data as «—»;
    a share needs both numbers and a positive whole."""
    assert tab.percent(72.25) == "72,2\u00a0%" and tab.percent(72.26) == "72,3\u00a0%"
    assert tab.percent(50.0) == "50\u00a0%" and tab.percent(0) == "0\u00a0%" and tab.percent(100.04) == "100\u00a0%"
    assert tab.percent(None) == "—"
    assert tab.share({"a": 1, "b": 3}, "a", "b") == 100 / 3
    assert tab.share({"a": 0, "b": 5}, "a", "b") == 0.0
    assert tab.share({"a": 1, "b": 1}, "a", "b") == 100.0  # one pupil of one
    for stats in ({"a": 1, "b": 0}, {"a": 1}, {"b": 3}, {"a": "1", "b": 3}, {"a": 1, "b": "3"}, {"a": 1, "b": -2}):
        assert tab.share(stats, "a", "b") is None, stats


def test_monitoring_shows_years_in_order_and_only_indicators_with_data():
    org = org_record("m", stats=[
        {"year": 2025, "pupils_total": 200, "pupils_mentees": 150, "pairs": 12},
        {"year": 2023, "pupils_total": 100, "pupils_mentees": 40, "satisfaction_pct": 81},
        {"pupils_total": 5},  # no year: not a year of monitoring
    ])
    mon = tab.monitoring(org)
    assert mon.years == [2023, 2025]
    assert [(s.name, s.values, s.target) for s in mon.shares] == [
        ("Доля обучающихся, вовлечённых в наставничество", [40.0, 75.0], 70)]
    assert [(s.key, s.values, s.is_percent) for s in mon.counts] == [
        ("satisfaction_pct", [81, None], True), ("pairs", [None, 12], False),
        ("pupils_total", [100, 200], False), ("pupils_mentees", [40, 150], False)]
    assert [s.name for s in mon.charted] == ["Доля обучающихся, вовлечённых в наставничество",
                                             "Удовлетворённость участников"]
    assert mon.latest_row() == {"year": 2025, "involved": "75\u00a0%", "pairs": 12, "groups": None}
    assert mon.target_summary == ("Доля обучающихся, вовлечённых в наставничество в 2025 году — 75\u00a0%; "
                                  "цель (не менее 70\u00a0%) достигнута.")
    assert tab.monitoring(org_record("n")) is None
    assert tab.monitoring(org_record("n", stats=[{"pairs": 3}])) is None


def test_target_is_reached_only_at_seventy_per_cent_in_the_latest_year_with_data():
    """The sentence on the 70 % target speaks of the latest year with the share, not of a later year
    without it; 69,9 % is not reached, exactly 70 % is."""
    def summary(*rows):
        return tab.monitoring(org_record("t", stats=list(rows))).target_summary
    assert summary({"year": 2024, "pupils_total": 1000, "pupils_mentees": 699}, {"year": 2025, "pairs": 3}) == (
        "Доля обучающихся, вовлечённых в наставничество в 2024 году — 69,9\u00a0%; "
        "цель (не менее 70\u00a0%) пока не достигнута.")
    reached = summary({"year": 2024, "pupils_total": 10, "pupils_mentees": 7})
    assert reached.endswith("в 2024 году — 70\u00a0%; цель (не менее 70\u00a0%) достигнута.")
    assert summary({"year": 2024, "pairs": 3}) is None  # no share: no sentence
    row = tab.monitoring(org_record("t", stats=[{"year": 2024, "pairs": 3, "groups": 2}])).latest_row()
    assert row == {"year": 2024, "involved": "—", "pairs": 3, "groups": 2}


def test_chart_bars_stay_on_the_scale_and_the_description_names_every_value():
    series = tab.Series("involved", "Доля", [35.25, None, 120.0, -5.0], True, 70)
    chart = tab.chart(series, [2022, 2023, 2024, 2025])
    assert chart.title == "Доля"
    assert [(b.year, b.value, b.text) for b in chart.bars] == [
        (2022, 35.25, "35,2\u00a0%"), (2024, 100.0, "120\u00a0%"), (2025, 0.0, "-5\u00a0%")]
    assert chart.description == ("2022 год — 35,2\u00a0%; 2024 год — 120\u00a0%; 2025 год — -5\u00a0%. "
                                 "Цель — не менее 70\u00a0%.")
    assert (chart.target, chart.target_text) == (70, "цель — не менее 70\u00a0%")
    plain = tab.chart(tab.Series("satisfaction_pct", "Удовлетворённость", [81], True), [2025])
    assert (plain.description, plain.target, plain.target_text) == ("2025 год — 81\u00a0%.", None, None)


def test_documents_are_grouped_by_level_in_the_tab_order():
    docs = [{"title": "Местное положение", "kind": "regulation", "level": "local"},
            {"title": "Анкета", "kind": "questionnaire", "level": "local"},
            {"title": "Распоряжение", "kind": "order", "level": "federal"},
            {"title": "Без уровня", "kind": "program"},
            {"title": "Отчёт", "kind": "report"},
            {"title": "Непонятный уровень", "kind": "program", "level": "galactic"},
            {"title": "Региональный приказ", "kind": "order", "level": "regional"},
            {"title": "Ещё местный", "kind": "order", "level": "local"}]
    org = org_record("d", documents=docs)
    assert [(heading, [d["title"] for d in group]) for heading, group in tab.documents_by_level(org)] == [
        ("Федеральный уровень", ["Распоряжение"]), ("Региональный уровень", ["Региональный приказ"]),
        ("Локальные акты организации", ["Местное положение", "Ещё местный"]),
        ("Другие документы", ["Без уровня", "Непонятный уровень"])]
    assert [d["title"] for d in tab.documents_of_kind(org, tab.QUESTIONNAIRE_KINDS)] == ["Анкета"]
    assert tab.documents_by_level(org_record("e")) == []


def test_completeness_counts_only_what_the_profile_has():
    org = org_record("c", documents=[{"kind": "regulation"}, {"kind": "roadmap"}, {"title": "без вида"}, "x"],
                     curator={"position": "заместитель директора"})
    assert [(key, ok) for key, _name, _hint, ok in tab.completeness(org)] == [
        ("regulation", True), ("roadmap", True), ("order", False), ("curator", True), ("program", False),
        ("monitoring", False)]
    assert [ok for *_, ok in tab.completeness(org_record("c", roadmaps=[{"title": "к"}], stats=[{"year": 2025}]))] \
        == [False, True, False, False, False, True]
    assert [ok for *_, ok in tab.completeness(org_record("c", documents="не список", roadmaps=[]))] == [False] * 6
    assert tab.has_tab_duty(org_record("s")) and not tab.has_tab_duty(org_record("p", kind="employer"))
    assert not tab.has_tab_duty(org_record("p", kind=["school"]))


def test_base_of_mentors_names_only_consenting_people_once_each_in_order():
    """Mentors with ``consent: true`` and a name, sorted by name, each person of an organisation once;
    then winners and prize-winners with consent (sorted by name, the latest year first), not
    participants; subjects and competencies are the details of a mentor."""
    school = org_record("shkola", mentors=[
        {"name": "Яковлева Ольга", "position": "учитель", "consent": True, "subjects": ["химия"],
         "competencies": ["проекты"]},
        {"name": "Андреева Мария", "position": "учитель", "consent": True},
        {"name": "Андреева Мария", "position": "учитель", "consent": True},
        {"name": "Борисов Иван", "position": "учитель", "consent": "true"},
        {"position": "учитель", "consent": True},
        {"name": "Власова Нина", "consent": True},
    ])
    other = org_record("drugaya", mentors=[{"name": "андреева мария", "position": "педагог", "consent": True}])
    bank = Bank(ROOT, {r.id: r for r in (school, other)})

    def winner(wid, result, year, **who):
        return tab.Record(wid, "winner", {"result": result, "year": year, "competition": "Наставник года",
                                          "organization": "shkola", **who}, "", None, ROOT / f"{wid}.md")
    winners = [winner("w1", "winner", 2023, person={"name": "Зуева Анна", "position": "учитель", "consent": True}),
               winner("w2", "prize-winner", 2025, person={"name": "Зуева Анна", "position": "учитель",
                                                          "consent": True}),
               winner("w3", "participant", 2025, person={"name": "Киров Пётр", "position": "учитель",
                                                         "consent": True}),
               winner("w4", "winner", 2024, team=[{"name": "Ершова Вера", "position": "учитель", "consent": True},
                                                  {"name": "Тихонов Олег", "position": "учитель"},
                                                  {"name": "Юдина Ия", "consent": True}])]
    rows = tab.mentor_base(bank, [school, other], winners)
    assert [(r.name, r.organization.id, r.details) for r in rows] == [
        ("Андреева Мария", "shkola", []), ("андреева мария", "drugaya", []), ("Власова Нина", "shkola", []),
        ("Яковлева Ольга", "shkola", ["химия", "проекты"]),
        ("Ершова Вера", "shkola", ["победитель: Наставник года, 2024"]),
        ("Зуева Анна", "shkola", ["призёр: Наставник года, 2025"]),
        ("Зуева Анна", "shkola", ["победитель: Наставник года, 2023"]),
        ("Юдина Ия", "shkola", ["победитель: Наставник года, 2024"])]
    assert [r.winner.id if r.winner else None for r in rows] == [None, None, None, None, "w4", "w2", "w1", "w4"]
    # the position column: as given, empty (never «None») when the profile has none
    assert [r.position for r in rows] == ["учитель", "педагог", "", "учитель", "учитель", "учитель", "учитель", ""]


def test_names_are_in_russian_alphabetical_order_with_yo_read_as_ye():
    """People and organisations are listed as in a Russian dictionary: «Ё» stands with «Е», not after
    «Я», and capital letters do not go first (a municipality «городской округ …» is not after «Я…»)."""
    school = org_record("shkola", mentors=[{"name": n, "position": "учитель", "consent": True}
                                           for n in ("Жуков Илья", "Ёлкина Анна", "Елисеев Пётр")])
    bank = Bank(ROOT, {"shkola": school})
    winners = [tab.Record(f"w{i}", "winner", {"result": "winner", "year": 2024, "competition": "Наставник года",
                                               "organization": "shkola", "person": {"name": n, "consent": True}},
                          "", None, ROOT / f"w{i}.md")
               for i, n in enumerate(("Жуков Илья", "Ёлкина Анна", "Елисеев Пётр"))]
    assert [r.name for r in tab.mentor_base(bank, [school], winners)] == [
        "Елисеев Пётр", "Ёлкина Анна", "Жуков Илья", "Елисеев Пётр", "Ёлкина Анна", "Жуков Илья"]

    place = {"region": "Московская область", "municipality": "Жуковский район"}
    kids = [org_record("zh", parent="centr", short_name="Жуковская школа", **place),
            org_record("yo", parent="centr", short_name="Ёлкинская школа", **place),
            org_record("ye", parent="centr", short_name="Елисеевская школа", **place),
            org_record("go", parent="centr", short_name="Школа округа", region="Московская область",
                       municipality="городской округ Ёлкино")]
    bank = Bank(ROOT, {r.id: r for r in [org_record("centr"), *kids]})
    assert [r.title for r in tab.descendants(bank, "centr")] == [
        "Школа округа", "Елисеевская школа", "Ёлкинская школа", "Жуковская школа"]
    assert [r.title for r in bank.children("centr")] == [
        "Елисеевская школа", "Ёлкинская школа", "Жуковская школа", "Школа округа"]
    report = tab.completeness_report(bank)
    assert report.index("городской округ Ёлкино") < report.index("Жуковский район")
    assert (report.index("Елисеевская школа") < report.index("Ёлкинская школа")
            < report.index("Жуковская школа")), report


def test_subordinates_of_every_organisation_come_from_one_pass_over_the_bank():
    """``children``/``subtree`` of every organisation read the bank once, not once per organisation
    (quadratic at national scale: 5,000 organisations × 125,000 records); an organisation added to the
    bank later (while it loads) is still found."""
    orgs = [org_record("centr")] + [org_record(f"s{i}", parent="centr", short_name=f"Школа {i:02}") for i in range(30)]
    bank = Bank(ROOT, {r.id: r for r in orgs})
    passes = []
    of_type = bank.of_type
    bank.of_type = lambda *a, **k: passes.append(a) or of_type(*a, **k)
    for org in orgs:
        bank.subtree(org.id)
    assert len(bank.subtree("centr")) == 31
    assert len(passes) == 1, len(passes)
    late = org_record("late", parent="s1", short_name="Поздняя школа")
    bank.records[late.id] = late
    assert [r.id for r in bank.children("s1")] == ["late"]


def test_subordinates_are_listed_by_region_municipality_and_name():
    parent = org_record("centr")
    children = [org_record("b", parent="centr", region="Томская область", municipality="Томский район",
                           short_name="Школа Б"),
                org_record("a", parent="centr", region="Иркутская область", municipality="Тулунский район",
                           short_name="школа в"),
                org_record("c", parent="a", region="Иркутская область", municipality="Тулунский район",
                           short_name="Школа А"),
                org_record("d", parent="centr", region="Иркутская область", municipality="Тулунский район",
                           short_name="Черновик", status="draft"),
                org_record("e", parent="centr", region="Иркутская область", municipality="Братский район",
                           short_name="Школа Я"),
                org_record("f", parent="centr", region="Иркутская область", short_name="Школа без района"),
                org_record("g", parent="centr", short_name="Школа без места")]
    bank = Bank(ROOT, {r.id: r for r in [parent, *children]})
    assert [r.id for r in tab.descendants(bank, "centr")] == ["g", "f", "e", "c", "a", "b"]
    assert [r.id for r in tab.descendants(bank, "a")] == ["c"]


def test_registry_rows_read_as_the_tabs_table():
    """The registry of subordinate organisations, cell by cell under its headings: the short name, «да» or
    «—» per section of the checklist, «N из M», then the latest year's share of involved pupils and
    pairs / groups («—» for a value the year lacks); an organisation without indicators says so."""
    full = org_record("a", short_name="Школа А", documents=[{"kind": "regulation"}, {"kind": "order"},
                      {"kind": "program"}], roadmaps=[{"title": "к"}], curator={"position": "завуч"},
                      stats=[{"year": 2025, "pupils_total": 200, "pupils_mentees": 151, "pairs": 12},
                             {"year": 2024, "pupils_total": 100, "pupils_mentees": 10, "pairs": 3, "groups": 2}])
    counted = org_record("b", short_name="Школа Б", stats=[{"year": 2023, "groups": 4}])
    empty = org_record("c", short_name="Школа В", curator={"position": "завуч"})
    rows = tab.registry([full, counted, empty])
    assert [r["org"].id for r in rows] == ["a", "b", "c"]
    assert [len(tab.registry_cells(r)) for r in rows] == [len(tab.REGISTRY_HEADINGS)] * 3
    assert [tab.registry_cells(r) for r in rows] == [
        ["Школа А", "да", "да", "да", "да", "да", "да", "6 из 6", 2025, "75,5\u00a0%", "12 / —"],
        ["Школа Б", "—", "—", "—", "—", "—", "да", "1 из 6", 2023, "—", "— / 4"],
        ["Школа В", "—", "—", "—", "да", "—", "—", "1 из 6", "показатели в банк не внесены", "", ""]]


def test_report_text_for_a_small_bank():
    """The whole coordinators' report for three schools of one place and two partners: the head with
    the counts, a complete tab, a tab with nothing published, a partial one, and the closing lines."""
    place = {"region": "Иркутская область", "municipality": "Тулунский район"}
    full = org_record("a", name="Школа А", short_name="а", documents=[
        {"kind": "regulation"}, {"kind": "order"}, {"kind": "program"}], roadmaps=[{"title": "к"}],
        curator={"position": "завуч"}, stats=[{"year": 2025}], **place)
    empty = org_record("b", name="Школа Б", short_name="б", **place)
    partial = org_record("c", name="Школа В", short_name="в", curator={"position": "завуч"},
                         documents=[{"kind": "program"}], **place)
    partners = [org_record(i, kind="employer", name=i, **place) for i in ("p1", "p2")]
    bank = Bank(ROOT, {r.id: r for r in (full, empty, partial, *partners)})
    assert tab.completeness_report(bank) == (
        "Заполненность вкладок «Наставничество»\n"
        "Организаций, которые ведут вкладку: 3; заполнены полностью: 1, не полностью: 2.\n"
        "\n"
        "Иркутская область, Тулунский район\n"
        "  Школа Б\n"
        "    ничего не опубликовано.\n"
        "    не хватает: положение о наставничестве, дорожная карта, приказ о внедрении целевой модели "
        "наставничества, куратор внедрения ЦМН, программа наставничества, мониторинг (показатели за год).\n"
        "  Школа В\n"
        "    опубликовано 2 из 6: куратор внедрения ЦМН, программа наставничества.\n"
        "    не хватает: положение о наставничестве, дорожная карта, приказ о внедрении целевой модели "
        "наставничества, мониторинг (показатели за год).\n"
        "  Школа А\n"
        "    заполнена полностью: положение о наставничестве, дорожная карта, приказ о внедрении целевой модели "
        "наставничества, куратор внедрения ЦМН, программа наставничества, мониторинг (показатели за год).\n"
        "\n"
        "Что добавить в профиль организации, подробно подсказывает проверка записей банка (команда mentorbank "
        "check).\n"
        "Организаций-партнёров, которые не обязаны вести вкладку: 2.\n")
    assert not tab.completeness_report(Bank(ROOT, {"a": full})).rstrip("\n").endswith("вкладку: 0.")


def test_report_still_lists_a_profile_without_its_place():
    """A profile without region and municipality (``check`` reports the missing fields) is still in the
    report, first, under an empty place, and the report never shows a placeholder word."""
    placed = org_record("a", name="Школа А", region="Иркутская область", municipality="Тулунский район")
    lost = org_record("g", name="Школа Г")
    half = org_record("h", name="Школа Д", region="Иркутская область")
    report = tab.completeness_report(Bank(ROOT, {"a": placed, "g": lost, "h": half}))
    lines = report.splitlines()
    assert [line for line in lines[3:] if line.startswith(("Иркутская", ",", "  Школа"))] == [
        ", ", "  Школа Г", "Иркутская область, ", "  Школа Д", "Иркутская область, Тулунский район", "  Школа А"]
    assert "None" not in report and "XX" not in report


def test_report_keeps_each_municipality_of_a_region_together():
    region = "Иркутская область"
    orgs = [org_record("x", name="Школа 1", short_name="а", region=region, municipality="Тулунский район"),
            org_record("y", name="Школа 2", short_name="б", region=region, municipality="Братский район"),
            org_record("z", name="Школа 3", short_name="в", region=region, municipality="Тулунский район")]
    lines = tab.completeness_report(Bank(ROOT, {r.id: r for r in orgs})).splitlines()
    assert [line.strip() for line in lines if line.startswith(region) or line.startswith("  Школа")] == [
        f"{region}, Братский район", "Школа 2", f"{region}, Тулунский район", "Школа 1", "Школа 3"]
