"""``mentorbank import roadmap``: a roadmap table of a Word document into an organisation profile.

The documents are built here with python-docx (``roadmap_docs``) from the five real roadmaps in the
shapes their source documents have; importing each gives back the roadmap encoded in the bank.
"""

from __future__ import annotations

import datetime as dt
import difflib
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import pytest
import yaml
from conftest import ROOT
from roadmap_docs import SHAPES, build, encoded_roadmap

from mentorbank.cli import main
from mentorbank.importers.columns import header_role, map_columns
from mentorbank.importers.deadlines import deadline_doubts, derive_due

D = dt.date


def run(capsys, *args: str) -> tuple[int, str, str]:
    """``mentorbank …`` in this process: (exit code, stdout, stderr)."""
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


# --- due from a deadline as written --------------------------------------------------------------------

@pytest.mark.parametrize(("text", "due"), [
    ("до 01.09.2021", D(2021, 9, 1)),
    ("До 01.03.2022 г.", D(2022, 3, 1)),
    ("до 01.03.2022г.", D(2022, 3, 1)),
    ("сентябрь 2021 г.", D(2021, 9, 30)),
    ("Сентябрь 2023 год", D(2023, 9, 30)),
    ("декабрь 2020", D(2020, 12, 31)),
    ("Февраль 2024", D(2024, 2, 29)),
    ("Апрель–август 2021 г.", D(2021, 8, 31)),
    ("Апрель-август 2021 г.", D(2021, 8, 31)),
    ("Март – апрель 2022г.", D(2022, 4, 30)),
    ("декабрь 2021 – январь 2022", D(2022, 1, 31)),
    ("2021–2024 гг.", D(2024, 12, 31)),
    ("2021-2024 г.г.", D(2024, 12, 31)),
    ("2023/2024 учебный год", D(2024, 8, 31)),
    ("в 2022 году", D(2022, 12, 31)),
    ("I квартал 2022 г.", D(2022, 3, 31)),
    ("2 полугодие 2022", D(2022, 12, 31)),
    ("15 сентября 2022 г.", D(2022, 9, 15)),
    ("До декабря 2022г.", D(2022, 12, 1)),
    ("до конца декабря 2022", D(2022, 12, 31)),
    ("До 01.03.2022г; До 01.10.23г; До 01.10.24г", D(2024, 10, 1)),
    ("2021-2024 г.г.; Ноябрь 2021 г.", D(2024, 12, 31)),
    ("Октябрь 2023 г.; Апрель-май 2024 г", D(2024, 5, 31)),
    ("До 01.03.2022 г., далее постоянно", D(2022, 3, 1)),
    ("ежегодно", None),
    ("Ежегодно (сентябрь, апрель)", None),
    ("в течение года", None),
    ("В течение всего периода реализации ЦМН", None),
    ("Май-сентябрь ежегодно", None),
    ("Март-апрель", None),
    ("По отдельным графикам", None),
    ("После утверждения региональных критериев", None),
    ("31.02.2022", None),
    ("", None),
    (None, None),
])
def test_due_is_the_last_day_the_deadline_allows(text, due):
    assert derive_due(text) == due


@pytest.mark.parametrize(("text", "doubt"), [
    ("31.02.2022", "даты «31.02.2022» не существует"),
    ("до 1.9", "не понятны числа «1», «9»"),
    ("Март-апрель", "месяц указан без года"),
    ("2024-2021 гг.", "второй год раньше первого"),
])
def test_what_a_deadline_does_not_say_is_reported(text, doubt):
    assert any(doubt in d for d in deadline_doubts(text))


@pytest.mark.parametrize("text", ["ежегодно", "Май-сентябрь ежегодно", "в течение года", "сентябрь 2021 г.",
                                  "До 01.03.2022г; До 01.10.23г; До 01.10.24г"])
def test_undated_and_dated_deadlines_are_no_doubt(text):
    assert deadline_doubts(text) == []


def test_every_encoded_deadline_gives_the_encoded_due():
    """The rule is the convention the real profiles were encoded with."""
    pairs = [(it.get("deadline"), it.get("due")) for org in SHAPES for s in encoded_roadmap(org)["sections"]
             for it in s["items"]]
    assert len(pairs) == 76
    assert [(text, derive_due(text)) for text, _ in pairs] == pairs


# --- column headers ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("header", "role"), [
    ("№", "number"), ("№ п/п", "number"), ("N п/п", "number"),
    ("Мероприятие", "activity"), ("Мероприятия", "activity"), ("Наименование мероприятия", "activity"),
    ("Содержание деятельности", "activity"), ("Наименование групп мероприятий и мероприятия", "activity"),
    ("Сроки", "deadline"), ("СРОК", "deadline"), ("Срок исполнения", "deadline"), ("Дата", "deadline"),
    ("Сроки проведения мероприятия", "deadline"),
    ("Ответственные", "responsible"), ("Ответственный", "responsible"), ("Исполнитель", "responsible"),
    ("Ответственные исполнители (организация)", "responsible"), ("Ответственный за выполнение", "responsible"),
    ("Результат", "result"), ("Ожидаемый результат", "result"), ("Планируемый результат", "result"),
    ("Форма представления результата", "result"), ("Ожидаемые результаты:", "result"),
    ("Участники", "participants"), ("Участники мероприятия (организация)", "participants"),
    ("Примечание", "note"), ("Примечание (мероприятия муниципальных проектов)", "note"),
    ("Отметка о выполнении", "done"), ("Выполнено", "done"), ("Отметка об исполнении", "done"),
    ("Направление", "section"), ("Этап", "section"),
    ("Бюджет, тыс. руб.", None), ("", None),
])
def test_headers_in_the_wordings_of_real_roadmaps(header, role):
    assert header_role(header) == role


def test_content_column_beside_a_name_column_holds_the_details():
    roles, unknown = map_columns(["№", "Наименование", "Содержание деятельности и примерный план мероприятий"])
    assert roles == {0: "number", 1: "activity", 2: "details"} and unknown == []
    roles, unknown = map_columns(["Сроки", "№", "Мероприятие", "Бюджет", "Сроки"])
    assert roles == {0: "deadline", 1: "number", 2: "activity"} and unknown == [3, 4]


# --- the five real roadmaps --------------------------------------------------------------------------

def comparable(imported: dict, encoded: dict) -> dict:
    """The imported roadmap with statuses dropped, and ``due`` dropped where the encoded item has none."""
    out = yaml.safe_load(yaml.safe_dump(imported, allow_unicode=True))
    for s_out, s_enc in zip(out["sections"], encoded["sections"], strict=False):
        for it_out, it_enc in zip(s_out["items"], s_enc["items"], strict=False):
            it_out.pop("status", None)
            it_out.pop("done_on", None)
            if "due" not in it_enc:
                it_out.pop("due", None)
    return out


@pytest.mark.parametrize("org", sorted(SHAPES))
def test_a_seed_roadmap_from_word_equals_the_encoded_one(org, tmp_path, capsys):
    path = build(org, tmp_path / f"{org}.docx")
    options = [f"--{k.replace('_', '-')}={v}" for k, v in SHAPES[org].options.items()]
    code, out, err = run(capsys, "import", "roadmap", str(path), "--organization", org, "--root", str(ROOT),
                         *options)
    assert code == 0, err
    assert "Traceback" not in err
    imported = yaml.safe_load(out)["roadmaps"]
    encoded = encoded_roadmap(org)
    assert len(imported) == 1
    assert comparable(imported[0], encoded) == encoded
    # nothing was ignored: statuses are never invented, and a due is derived only where the profile has one
    assert imported[0] == encoded
    assert "ошибок: 0" in err or "ошибок нет" in err


def test_the_seed_documents_have_the_shapes_of_real_ones(tmp_path):
    """The fixtures are not flat tables: merged section rows, a list cell, two rows of one item."""
    tomsk = docx.Document(str(build("tomsk-raion-uo", tmp_path / "t.docx"))).tables[0]
    xml = tomsk._tbl.xml
    assert 'w:gridSpan w:val="6"' in xml and "w:vMerge" in xml
    sov = docx.Document(str(build("sov-darskaya-oosh", tmp_path / "s.docx"))).tables[0]
    assert any(p.style.name == "List Bullet" for cell in sov._cells for p in cell.paragraphs)
    sosh = docx.Document(str(build("sosh-26", tmp_path / "o.docx")))
    assert len(sosh.tables) == 2  # the approval block is a table of its own
    soln = docx.Document(str(build("solnechnogorsk-umc", tmp_path / "u.docx"))).tables[0]
    assert [c.text for c in soln.rows[1].cells] == ["1", "2", "3", "4", "5", "6"]


# --- what cannot be read is said, in Russian, with the table and row ----------------------------------

def _document(path: Path, header: list[str], rows: list[list[str]], title_table: bool = False) -> Path:
    document = docx.Document()
    if title_table:
        block = document.add_table(rows=2, cols=2)
        block.cell(0, 0).text = "СОГЛАСОВАНО\nПредседатель управляющего совета"
        block.cell(0, 1).text = "Утвержден приказом директора от 01.09.2025 № 100"
        block.cell(1, 1).text = "«___» ________ 2025 г."
    document.add_paragraph("План мероприятий (дорожная карта) внедрения целевой модели наставничества "
                           "на 2025–2026 гг.")
    table = document.add_table(rows=1, cols=len(header))
    for i, h in enumerate(header):
        table.cell(0, i).text = h
    for values in rows:
        cells = table.add_row().cells
        for i, v in enumerate(values):
            cells[i].text = v
    document.save(str(path))
    return path


@pytest.fixture
def repo(tmp_path, monkeypatch):
    """A bank with the real profile of МБОУ СОШ № 26 (no other records)."""
    root = tmp_path / "repo"
    (root / "content/organizations").mkdir(parents=True)
    shutil.copy(ROOT / "content/organizations/sosh-26.md", root / "content/organizations/sosh-26.md")
    monkeypatch.setenv("BANK_BUILD_DATE", "2026-11-21")
    return root


def test_a_title_table_before_the_roadmap_is_skipped_and_read_as_its_heading(tmp_path, repo, capsys):
    path = _document(tmp_path / "plan.docx", ["№ п/п", "Наименование мероприятия", "Срок исполнения"],
                     [["1.", "Издание приказа о внедрении", "сентябрь 2025 г."]], title_table=True)
    code, out, err = run(capsys, "import", "roadmap", str(path), "--organization", "sosh-26", "--root", str(repo))
    assert code == 0, err
    assert "таблица 1: не таблица дорожной карты (нет строки заголовков со столбцом «Мероприятие»): пропущена; " \
           "первая строка: «СОГЛАСОВАНО Председатель управляющего совета; Утвержден приказом директора от " \
           "01.09.2025 № 100»; её текст прочитан как текст над дорожной картой" in err
    roadmap = yaml.safe_load(out)["roadmaps"][0]
    assert roadmap["approved_by"] == "приказ директора от 01.09.2025 № 100"
    assert roadmap["period"] == "2025–2026 гг."
    assert roadmap["sections"] == [{"items": [{"number": "1.", "activity": "Издание приказа о внедрении",
                                               "deadline": "сентябрь 2025 г.", "due": D(2025, 9, 30)}]}]
    assert "Traceback" not in err


def test_an_unknown_column_is_named_and_the_rest_imported(tmp_path, repo, capsys):
    path = _document(tmp_path / "plan.docx", ["Сроки", "№", "Мероприятие", "Бюджет, тыс. руб."],
                     [["до 01.09.2025", "1", "Положение о наставничестве", "15"]])
    code, out, err = run(capsys, "import", "roadmap", str(path), "--organization", "sosh-26", "--root", str(repo))
    assert code == 0, err
    assert "таблица 1, строка 1: столбец «Бюджет, тыс. руб.» не распознан — его содержимое не перенесено." in err
    assert yaml.safe_load(out)["roadmaps"][0]["sections"][0]["items"] == [
        {"number": "1", "activity": "Положение о наставничестве", "deadline": "до 01.09.2025", "due": D(2025, 9, 1)}]
    assert "15" not in out.split("sections")[1]


def test_empty_activity_and_a_date_that_does_not_exist_are_reported(tmp_path, repo, capsys):
    path = _document(tmp_path / "plan.docx", ["№", "Мероприятие", "Сроки"],
                     [["1", "Положение", "до 31.02.2025"], ["2", "", "до 01.10.2025"], ["3", "Приказ", "Март-апрель"]])
    code, out, err = run(capsys, "import", "roadmap", str(path), "--organization", "sosh-26", "--root", str(repo))
    assert code == 0, err
    assert "таблица 1, строка 2: срок «до 31.02.2025»: даты «31.02.2025» не существует — дата окончания (due) " \
           "не выставлена." in err
    assert "таблица 1, строка 3: пустое мероприятие: строка не перенесена." in err
    assert "таблица 1, строка 4: срок «Март-апрель»: месяц указан без года" in err
    items = yaml.safe_load(out)["roadmaps"][0]["sections"][0]["items"]
    assert [it["number"] for it in items] == ["1", "3"] and not any("due" in it for it in items)


def test_a_completion_column_sets_done_only_for_a_date_or_the_word(tmp_path, repo, capsys):
    path = _document(tmp_path / "plan.docx", ["№", "Мероприятие", "Сроки", "Отметка о выполнении"], [
        ["1", "Положение", "сентябрь 2025 г.", "выполнено 12.09.2025"],
        ["2", "Приказ", "октябрь 2025 г.", "Выполнено"],
        ["3", "Базы наставников", "ноябрь 2025 г.", "20.11.2025"],
        ["4", "Пары", "декабрь 2025 г.", "не выполнено"],
        ["5", "Мониторинг", "май 2026 г.", "перенесено на июнь"],
        ["6", "Итоги", "июнь 2026 г.", ""],
    ])
    code, out, err = run(capsys, "import", "roadmap", str(path), "--organization", "sosh-26", "--root", str(repo))
    assert code == 0, err
    items = yaml.safe_load(out)["roadmaps"][0]["sections"][0]["items"]
    marks = [(it.get("status"), it.get("done_on"), it.get("note")) for it in items]
    assert marks == [("done", D(2025, 9, 12), None), ("done", None, None), ("done", D(2025, 11, 20), None),
                     (None, None, "не выполнено"), (None, None, "перенесено на июнь"), (None, None, None)]
    assert "таблица 1, строка 6: отметка «перенесено на июнь» не понята как выполнение" in err


def test_no_roadmap_table_is_exit_1(tmp_path, repo, capsys):
    document = docx.Document()
    document.add_paragraph("Дорожная карта будет утверждена позже.")
    document.save(str(tmp_path / "empty.docx"))
    code, out, err = run(capsys, "import", "roadmap", str(tmp_path / "empty.docx"), "--organization", "sosh-26",
                         "--root", str(repo))
    assert code == 1 and out == ""
    assert "в документе нет таблиц: дорожная карта должна быть таблицей Word." in err
    assert "ошибка: ничего не перенесено — в файле не найдено ни одного пункта дорожной карты." in err


@pytest.mark.parametrize(("content", "says"), [
    (b"%PDF-1.4 this is not a Word document", "не документ Word в формате .docx"),
    (None, "не найден"),
    ("zip", "не удалось прочитать как документ Word"),
])
def test_a_broken_or_missing_docx_is_a_russian_message_without_traceback(tmp_path, repo, content, says):
    path = tmp_path / "plan.docx"
    if content == "zip":
        with zipfile.ZipFile(path, "w") as z:
            z.writestr("hello.txt", "не Word")
    elif content is not None:
        path.write_bytes(content)
    done = subprocess.run([sys.executable, "-m", "mentorbank.cli", "import", "roadmap", str(path),
                           "--organization", "sosh-26", "--root", str(repo)], capture_output=True, text=True)
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr.startswith("ошибка: файл «") and says in done.stderr
    assert "Traceback" not in done.stderr


def test_an_unknown_organisation_is_named(tmp_path, repo, capsys):
    path = build("sosh-26", tmp_path / "plan.docx")
    code, _, err = run(capsys, "import", "roadmap", str(path), "--organization", "net-takoy", "--root", str(repo))
    assert code == 1
    assert "ошибка: нет профиля организации «net-takoy»" in err


# --- --write keeps the rest of the profile byte for byte ---------------------------------------------

PROFILE = """---
# Профиль школы: заполняет куратор
type: organization
name: "МБОУ «Школа № 1» (пример для теста)"
short_name: 'Школа № 1'   # так в шапке сайта
kind: school
region: Томская область
municipality: Томский район
forms: [pupil-pupil, teacher-teacher]   # короткая запись списка
{roadmaps}# показатели — из отчёта за год
stats:
  - year: 2025
    pupils_total: 500    # по данным на 1 сентября
    pupils_mentees: 350
links:
  - title: Страница наставничества
    url: https://example.org/nastavnichestvo
---
Текст профиля **как есть**: строки   с двойными пробелами,
«кавычки» и {{ скобки }} не меняются.
"""

OLD_ROADMAP = """roadmaps:
  # старый план, будет заменён
  - title: "«Дорожная карта» внедрения муниципальной модели наставничества на 2021-2024 г.г."
    period: 2021–2024
    sections:
      - items:
          - number: "1"
            activity: Старый пункт
"""


def _block(lines: list[str]) -> tuple[int, int]:
    """Line range [start, end) of the top-level ``roadmaps:`` block of a front matter."""
    start = lines.index("roadmaps:\n")
    end = next(i for i in range(start + 1, len(lines)) if lines[i][:1] not in (" ", "-", "\n"))
    return start, end


@pytest.mark.parametrize("existing", ["", OLD_ROADMAP], ids=["new-key", "replaces-same-title"])
def test_write_changes_only_the_roadmaps_block(tmp_path, repo, capsys, existing):
    profile = repo / "content/organizations/shkola-1.md"
    before = PROFILE.replace("{roadmaps}", existing)
    profile.write_text(before, "utf-8")
    path = build("tulun-komitet", tmp_path / "plan.docx")
    code, out, err = run(capsys, "import", "roadmap", str(path), "--organization", "shkola-1", "--root", str(repo),
                         "--write")
    assert code == 0, err
    assert out == ""
    after = profile.read_text("utf-8")
    old, new = before.splitlines(keepends=True), after.splitlines(keepends=True)
    if existing:
        o_start, o_end = _block(old)
    else:
        o_start = o_end = old.index("# показатели — из отчёта за год\n")
    n_start, n_end = _block(new)
    assert new[:n_start] == old[:o_start]
    assert new[n_end:] == old[o_end:]  # the comments, other keys, the body: byte for byte
    diff = [line for line in difflib.unified_diff(old, new, n=0) if line[:1] in "+-" and line[:3] not in "+++---"]
    assert all(line[1:] in new[n_start:n_end] or line[1:] in old[o_start:o_end] for line in diff)
    front = yaml.safe_load(after.split("---\n")[1])
    assert front["roadmaps"] == [encoded_roadmap("tulun-komitet") | {"approved_by": "приказ Комитета по образованию"}]
    assert "Записано в content/organizations/shkola-1.md: дорожная карта ««Дорожная карта» внедрения" in err
    assert ("заменена новой" in err) == bool(existing)
    assert main(["check", "--root", str(repo)]) == 0


def test_write_refuses_a_roadmap_the_check_rejects(tmp_path, repo, capsys):
    """Without a period (the title names no years) the profile would not pass the check: not written."""
    profile = repo / "content/organizations/sosh-26.md"
    before = profile.read_bytes()
    path = build("sosh-26", tmp_path / "plan.docx")
    code, out, err = run(capsys, "import", "roadmap", str(path), "--organization", "sosh-26", "--root", str(repo),
                         "--write")
    assert code == 1
    assert "не найдено период дорожной карты: укажите --period «2021–2024 гг.»." in err
    assert "roadmaps[0]: нет обязательного поля «period»" in err or "period" in err
    assert "Файл content/organizations/sosh-26.md не изменён" in err
    assert profile.read_bytes() == before


# --- the template offered to coordinators --------------------------------------------------------------

def test_the_downloadable_word_template_imports_cleanly(repo, capsys):
    template = ROOT / "content/uchastnikam/files/dorozhnaya-karta-shablon.docx"
    code, out, err = run(capsys, "import", "roadmap", str(template), "--organization", "sosh-26", "--root",
                         str(repo))
    assert code == 0, err
    assert "Не перенесено" not in err
    roadmap = yaml.safe_load(out)["roadmaps"][0]
    assert roadmap["period"] and roadmap["approved_by"]
    assert len(roadmap["sections"]) >= 2
    assert any(it.get("status") == "done" and it.get("done_on") for s in roadmap["sections"] for it in s["items"])


def test_the_contributors_page_offers_both_templates_made_by_the_script(tmp_path, capsys):
    """The page links the two example files; they exist and are what the committed script writes."""
    import importlib.util
    import re

    page = (ROOT / "content/uchastnikam/kak-dobavit-dorozhnuyu-kartu.md").read_text("utf-8")
    links = re.findall(r"\]\((files/[^)]+)\)", page)
    assert links == ["files/dorozhnaya-karta-shablon.docx", "files/pokazateli-shablon.xlsx"]
    assert all((ROOT / "content/uchastnikam" / link).is_file() for link in links)
    nav = yaml.load((ROOT / "mkdocs.yml").read_text("utf-8"), Loader=yaml.BaseLoader)["nav"]
    assert {"Как добавить дорожную карту и показатели": "uchastnikam/kak-dobavit-dorozhnuyu-kartu.md"} in \
        next(item["Участникам"] for item in nav if isinstance(item, dict) and "Участникам" in item)
    spec = importlib.util.spec_from_file_location("make_import_templates", ROOT / "scripts/make_import_templates.py")
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    script.roadmap_docx(tmp_path / "fresh.docx")
    from mentorbank.importers.roadmap import import_roadmap

    fresh = import_roadmap(tmp_path / "fresh.docx")
    committed = import_roadmap(ROOT / "content/uchastnikam/files/dorozhnaya-karta-shablon.docx")
    assert fresh.roadmap == committed.roadmap and fresh.messages == committed.messages == []


def test_a_two_row_header_is_not_read_as_an_item(tmp_path, repo, capsys):
    document = docx.Document()
    document.add_paragraph("Дорожная карта внедрения целевой модели наставничества на 2025 год")
    table = document.add_table(rows=3, cols=4)
    for col, text in ((0, "№"), (1, "Мероприятие"), (3, "Ответственный")):
        table.cell(0, col).text = text
        table.cell(0, col).merge(table.cell(1, col))
    table.cell(0, 2).text = "Сроки"
    table.cell(1, 2).text = "окончание"
    for col, text in enumerate(["1", "Положение", "сентябрь 2025 г.", "директор"]):
        table.cell(2, col).text = text
    document.save(str(tmp_path / "plan.docx"))
    code, out, err = run(capsys, "import", "roadmap", str(tmp_path / "plan.docx"), "--organization", "sosh-26",
                         "--root", str(repo))
    assert code == 0, err
    assert "таблица 1, строка 2: вторая строка заголовков («окончание») не распознана" in err
    assert yaml.safe_load(out)["roadmaps"][0] == {
        "title": "Дорожная карта внедрения целевой модели наставничества на 2025 год", "period": "2025 год",
        "sections": [{"items": [{"number": "1", "activity": "Положение", "deadline": "сентябрь 2025 г.",
                                 "due": D(2025, 9, 30), "responsible": "директор"}]}]}


def test_a_table_without_header_right_after_the_roadmap_continues_it(tmp_path, repo, capsys):
    path = _document(tmp_path / "plan.docx", ["№", "Мероприятие", "Сроки"], [["1", "Положение", "сентябрь 2025 г."]])
    document = docx.Document(str(path))
    document.add_paragraph("Продолжение таблицы")
    rest = document.add_table(rows=1, cols=3)
    for i, text in enumerate(["2", "Приказ", "октябрь 2025 г."]):
        rest.cell(0, i).text = text
    document.add_paragraph("Подписи")
    signatures = document.add_table(rows=1, cols=3)
    signatures.cell(0, 0).text = "Директор"
    document.save(str(path))
    code, out, err = run(capsys, "import", "roadmap", str(path), "--organization", "sosh-26", "--root", str(repo))
    assert code == 0, err
    assert "таблица 2: таблица без заголовка продолжает предыдущую таблицу дорожной карты" in err
    assert "таблица 3: не таблица дорожной карты" in err and "Директор" not in out
    items = yaml.safe_load(out)["roadmaps"][0]["sections"][0]["items"]
    assert [it["activity"] for it in items] == ["Положение", "Приказ"]
