"""``mentorbank import stats``: monitoring indicators from an Excel workbook into an organisation profile."""

from __future__ import annotations

import shutil
import subprocess
import sys

import openpyxl
import pytest
import yaml
from conftest import ROOT

from mentorbank.cli import main
from mentorbank.importers.stats import INDICATORS, indicator_key, label_stems

EXPECTED = [
    {"year": 2023, "pupils_total": 500, "pupils_mentees": 350, "pupils_mentors": 40, "young_teachers": 6,
     "young_teachers_with_mentor": 5, "pairs": 18, "satisfaction_pct": 87},
    {"year": 2024, "pupils_total": 520, "pupils_mentees": 380, "pupils_mentors": 45, "young_teachers": 4,
     "young_teachers_with_mentor": 4, "pairs": 21, "satisfaction_pct": 90},
]
#: Names as coordinators write them, with the value of 2023 and 2024.
ROWS = [
    ("Количество обучающихся (чел.)", 500, 520),
    ("Обучающихся-наставляемых", 350, "380"),
    ("Обучающиеся – наставники", 40, 45.0),
    ("Молодые специалисты (стаж до 3 лет)", 6, 4),
    ("молодых специалистов с наставником", 5, 4),
    ("Наставнические пары", 18, 21),
    ("Удовлетворённость участников, %", 0.87, 0.9),  # percent format: stored as 0.87
]


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def repo(tmp_path, monkeypatch):
    """A bank with the real profile of МБОУ Сов-Дарская ООШ (no other records)."""
    root = tmp_path / "repo"
    (root / "content/organizations").mkdir(parents=True)
    name = "content/organizations/sov-darskaya-oosh.md"
    shutil.copy(ROOT / name, root / name)
    monkeypatch.setenv("BANK_BUILD_DATE", "2026-11-21")
    return root


def years_in_columns(path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Мониторинг"
    sheet.append(["Показатели мониторинга внедрения целевой модели наставничества"])
    sheet.append(["Показатель", "2023 г.", 2024])
    for name, a, b in ROWS:
        sheet.append([name, a, b])
    sheet["B9"].number_format = sheet["C9"].number_format = "0%"
    workbook.save(path)
    return path


def years_in_rows(path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "По годам"
    sheet.append(["Год"] + [name for name, _, _ in reversed(ROWS)])
    for column in (1, 2):
        sheet.append([2022 + column] + [row[column] for row in reversed(ROWS)])
    for cell in ("B2", "B3"):
        sheet[cell].number_format = "0%"
    workbook.save(path)
    return path


def test_years_in_columns_and_years_in_rows_give_the_same_stats(tmp_path, repo, capsys):
    results = []
    for make in (years_in_columns, years_in_rows):
        path = make(tmp_path / f"{make.__name__}.xlsx")
        code, out, err = run(capsys, "import", "stats", str(path), "--organization", "sov-darskaya-oosh",
                             "--root", str(repo))
        assert code == 0, err
        assert "Не перенесено" not in err
        results.append(yaml.safe_load(out)["stats"])
    assert results[0] == results[1] == EXPECTED


def test_written_stats_pass_the_check(tmp_path, repo, capsys):
    path = years_in_columns(tmp_path / "m.xlsx")
    profile = repo / "content/organizations/sov-darskaya-oosh.md"
    before = profile.read_text("utf-8")
    code, out, err = run(capsys, "import", "stats", str(path), "--organization", "sov-darskaya-oosh",
                         "--root", str(repo), "--write")
    assert code == 0, err
    assert "Записано в content/organizations/sov-darskaya-oosh.md: показатели добавлены за 2023, 2024 г." in err
    after = profile.read_text("utf-8")
    assert after.startswith(before.split("\n---\n")[0] + "\nstats:\n")  # nothing before the new block changed
    assert after.endswith("\n---\n" + before.split("\n---\n", 1)[1])  # the body too
    assert yaml.safe_load(after.split("---\n")[1])["stats"] == EXPECTED
    assert main(["check", "--root", str(repo)]) == 0


def test_a_year_already_in_the_profile_is_updated_in_place(tmp_path, repo, capsys):
    profile = repo / "content/organizations/sov-darskaya-oosh.md"
    text = profile.read_text("utf-8")
    front, body = text.split("\n---\n", 1)
    profile.write_text(front + "\nstats:\n  # из отчёта за 2023 год\n  - year: 2023\n"
                       "    pupils_total: 499  # уточнить\n    groups: 2\n# конец описания\n---\n" + body, "utf-8")
    code, _, err = run(capsys, "import", "stats", str(years_in_columns(tmp_path / "m.xlsx")), "--organization",
                       "sov-darskaya-oosh", "--root", str(repo), "--write")
    assert code == 0, err
    assert "показатели добавлены за 2024 г.; обновлены за 2023 г." in err
    after = profile.read_text("utf-8")
    assert "  # из отчёта за 2023 год\n  - year: 2023\n    pupils_total: 500  # уточнить\n    groups: 2\n" in after
    assert after.endswith("# конец описания\n---\n" + body)
    assert yaml.safe_load(after.split("---\n")[1])["stats"][0]["groups"] == 2


def test_what_cannot_be_read_is_listed_with_sheet_and_cell(tmp_path, repo, capsys):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "2024"
    sheet.append(["Показатель", 2024, "2024/2025", "Примечание"])
    sheet.append(["Всего обучающихся", 500, 510, "по данным на 1 сентября"])
    sheet.append(["Бюджет программы, руб.", 10000, None, None])
    sheet.append(["Наставнические пары", "около 20", None, None])
    sheet.append(["Наставнические группы", 2.5, None, None])
    sheet.append(["Педагоги-наставники", "=B2/10", None, None])
    workbook.create_sheet("Пояснения").append(["Данные собраны куратором."])
    path = tmp_path / "m.xlsx"
    workbook.save(path)
    code, out, err = run(capsys, "import", "stats", str(path), "--organization", "sov-darskaya-oosh",
                         "--root", str(repo))
    assert code == 0, err
    for line in (
        "лист «2024», ячейка C1: «2024/2025» не год — столбец не перенесён. Учебный год: укажите один год",
        "лист «2024», ячейка D1: «Примечание» не год — столбец не перенесён.",
        "лист «2024», ячейка A3: показатель «Бюджет программы, руб.» не найден среди показателей модели данных",
        "лист «2024», ячейка B4: «Наставнические пары»: значение «около 20» не число — не перенесено.",
        "лист «2024», ячейка B5: «Наставнические группы»: значение 2.5 не целое — не перенесено",
        "лист «2024», ячейка B6: «Педагоги-наставники» за 2024 г.: в ячейке формула без сохранённого результата",
        "лист «Пояснения»: показатели не найдены — лист пропущен.",
    ):
        assert line in err, line
    assert yaml.safe_load(out)["stats"] == [{"year": 2024, "pupils_total": 500}]


def test_a_part_larger_than_its_whole_is_caught_by_the_check_and_not_written(tmp_path, repo, capsys):
    workbook = openpyxl.Workbook()
    workbook.active.append(["Показатель", 2024])
    workbook.active.append(["Всего обучающихся", 100])
    workbook.active.append(["Обучающиеся-наставляемые", 150])
    path = tmp_path / "m.xlsx"
    workbook.save(path)
    profile = repo / "content/organizations/sov-darskaya-oosh.md"
    before = profile.read_bytes()
    code, _, err = run(capsys, "import", "stats", str(path), "--organization", "sov-darskaya-oosh",
                       "--root", str(repo), "--write")
    assert code == 1
    assert "pupils_mentees = 150 больше, чем pupils_total = 100" in err
    assert "не изменён" in err and profile.read_bytes() == before


@pytest.mark.parametrize(("content", "says"), [
    (b"year;pupils_total\n2024;500\n", "не книга Excel в формате .xlsx"),
    (None, "не найден"),
])
def test_a_broken_or_missing_xlsx_is_a_russian_message_without_traceback(tmp_path, repo, content, says):
    path = tmp_path / "m.xlsx"
    if content is not None:
        path.write_bytes(content)
    done = subprocess.run([sys.executable, "-m", "mentorbank.cli", "import", "stats", str(path),
                           "--organization", "sov-darskaya-oosh", "--root", str(repo)], capture_output=True, text=True)
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr.startswith("ошибка: файл «") and says in done.stderr
    assert "Traceback" not in done.stderr


def test_a_workbook_without_indicators_is_exit_1(tmp_path, repo, capsys):
    workbook = openpyxl.Workbook()
    workbook.active.append(["Список наставников"])
    path = tmp_path / "m.xlsx"
    workbook.save(path)
    code, out, err = run(capsys, "import", "stats", str(path), "--organization", "sov-darskaya-oosh",
                         "--root", str(repo))
    assert code == 1 and out == ""
    assert "ошибка: ничего не перенесено — в файле не найдено ни одного показателя за год." in err


def test_every_name_of_an_indicator_finds_it_and_no_two_indicators_share_a_name():
    for key, names in INDICATORS:
        for name in names:
            assert indicator_key(name) == key, name
            assert indicator_key(name.upper() + " (чел.)") == key, name
    owners: dict = {}
    for key, names in INDICATORS:
        for name in names:
            assert owners.setdefault(label_stems(name), key) == key, name
    assert indicator_key("Количество учащихся") == "pupils_total"
    assert indicator_key("Бюджет") is None


def test_the_downloadable_excel_template_imports_cleanly(repo, capsys):
    template = ROOT / "content/uchastnikam/files/pokazateli-shablon.xlsx"
    code, out, err = run(capsys, "import", "stats", str(template), "--organization", "sov-darskaya-oosh",
                         "--root", str(repo))
    assert code == 0, err
    assert "Не перенесено" not in err
    stats = yaml.safe_load(out)["stats"]
    assert [row["year"] for row in stats] == [2024, 2025]
    assert all(len(row) == len(INDICATORS) + 1 for row in stats)  # every indicator of the data model


def test_the_committed_excel_template_is_what_the_script_writes(tmp_path):
    import importlib.util

    from mentorbank.importers.stats import import_stats

    spec = importlib.util.spec_from_file_location("make_import_templates", ROOT / "scripts/make_import_templates.py")
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    script.stats_xlsx(tmp_path / "fresh.xlsx")
    fresh = import_stats(tmp_path / "fresh.xlsx")
    committed = import_stats(ROOT / "content/uchastnikam/files/pokazateli-shablon.xlsx")
    assert fresh.stats == committed.stats and fresh.messages == committed.messages == []
