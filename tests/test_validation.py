"""Tests of the validator: schema, cross-file rules, attachments, domain rules, reading.

Every test builds a small bank in ``tmp_path`` (``make_bank``), breaks one thing
and checks the exact problem: file, line, field path, severity and a key phrase
of the Russian message. Cases that once crashed the validator are kept as regressions.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from mentorbank import rules
from mentorbank.bank import load_bank
from mentorbank.cli import main
from mentorbank.model import Bank
from mentorbank.problems import ERROR, WARNING, Problem

BUILD_DATE = dt.date(2026, 11, 21)
#: The data-model page of a published bank: a problem's «Подробнее: …» link points to one of its sections.
DATA_MODEL_URL = "https://mentorbank.example/uchastnikam/model-dannyh/"

ORG_FILE = "content/organizations/shkola-1.md"
PRACTICE_FILE = "practices/practices/praktika-1.md"
WINNER_FILE = "practices/winners/pobeditel-1.md"
EVENT_FILE = "practices/events/meropriyatie-1.md"

# Front matter texts (without the «---» lines). Line N of a front text is line N + 1 of the file.
ORG = (
    "type: organization\n"
    'name: "Муниципальное бюджетное общеобразовательное учреждение «Средняя школа № 1»"\n'
    'short_name: "СОШ № 1"\n'
    "kind: school\n"
    "region: Московская область\n"
    "municipality: городской округ Солнечногорск\n"
)
PRACTICE = (
    "type: practice\n"
    "title: Клуб наставников «Равный – равному»\n"
    "summary: Старшеклассники помогают пятиклассникам освоиться в основной школе.\n"
    "organization: shkola-1\n"
    "year: 2024\n"
    "forms:\n"
    "  - pupil-pupil\n"
    "audience:\n"
    "  - pupils-5-9\n"
    "goal: Адаптация пятиклассников к обучению в основной школе.\n"
    "updated: 2026-01-15\n"
)
WINNER = (
    "type: winner\n"
    "title: Победитель муниципального конкурса «Наставник года»\n"
    "competition: Наставник года\n"
    "year: 2025\n"
    "level: municipal\n"
    "result: winner\n"
    "organization: shkola-1\n"
    "practice: praktika-1\n"
    "event: meropriyatie-1\n"
)
EVENT = (
    "type: event\n"
    "title: Муниципальный конкурс «Наставник года»\n"
    "event_type: competition\n"
    "start: 2025-03-01\n"
    "end: 2025-03-02\n"
    "format: offline\n"
    "location: г. Солнечногорск, ул. Школьная, д. 1\n"
    "organizer: shkola-1\n"
    "level: municipal\n"
)

FRONTS = {"organization": ORG, "practice": PRACTICE, "winner": WINNER, "event": EVENT}
FILES = {"organization": ORG_FILE, "practice": PRACTICE_FILE, "winner": WINNER_FILE, "event": EVENT_FILE}

REQUIRED = {
    "organization": ("type", "name", "short_name", "kind", "region", "municipality"),
    "practice": ("type", "title", "summary", "organization", "year", "forms", "audience", "goal", "updated"),
    "winner": ("type", "title", "competition", "year", "level", "result", "organization"),
    "event": ("type", "title", "event_type", "start", "format", "organizer", "level"),
}


# ---------------------------------------------------------------- builders


def write_raw(root: Path, rel: str, data: bytes) -> Path:
    """Write ``data`` as the file ``rel`` under ``root`` (parents created)."""
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def write_record(root: Path, rel: str, front: str, body: str = "Текст записи.\n") -> Path:
    """Write a record file: «---», the front matter text exactly as given, «---», the body."""
    return write_raw(root, rel, ("---\n" + front + "---\n" + body).encode("utf-8"))


def make_bank(root: Path, **fronts: str) -> Path:
    """Write the minimal valid bank into ``root``; keyword arguments replace a front matter
    (``organization=``, ``practice=``, ``winner=``, ``event=``). Returns ``root``."""
    for record_type, rel in FILES.items():
        write_record(root, rel, fronts.get(record_type, FRONTS[record_type]))
    return root


def load(root: Path) -> Bank:
    """Load the bank; the tab-completeness warning (topic «vkladka») is left out: the minimal
    profiles here are incomplete on purpose, and that warning is pinned by tests/test_tab.py."""
    bank = load_bank(root, BUILD_DATE)
    bank.problems = [p for p in bank.problems if p.topic != "vkladka"]
    return bank


def replace(front: str, old: str, new: str) -> str:
    """Replace the single occurrence of ``old`` in ``front`` (fails loudly if absent or repeated)."""
    assert front.count(old) == 1, f"{old!r} occurs {front.count(old)} times"
    return front.replace(old, new)


def drop_key(front: str, key: str) -> str:
    """Remove a top-level key and its indented continuation lines."""
    out, skipping = [], False
    for line in front.splitlines(keepends=True):
        if line.startswith(f"{key}:"):
            skipping = True
            continue
        if skipping and line.startswith(" "):
            continue
        skipping = False
        out.append(line)
    assert len(out) < len(front.splitlines()), f"no key {key!r}"
    return "".join(out)


def line_of(root: Path, rel: str, text: str) -> int:
    """1-based line of the first line of file ``rel`` that contains ``text``."""
    lines = (root / rel).read_text("utf-8").splitlines()
    found = [i for i, line in enumerate(lines, 1) if text in line]
    assert found, f"{text!r} not in {rel}"
    return found[0]


def in_file(bank: Bank, rel: str) -> list[Problem]:
    return [p for p in bank.problems if p.file == rel]


def errors_in(bank: Bank, rel: str) -> list[Problem]:
    return [p for p in in_file(bank, rel) if p.severity == ERROR]


def the_problem(bank: Bank, rel: str, field: str, phrase: str) -> Problem:
    """Return the single problem of ``rel`` at ``field`` whose message contains ``phrase``."""
    found = [p for p in in_file(bank, rel) if p.field == field and phrase in p.message]
    assert len(found) == 1, f"expected one problem {field!r}/{phrase!r} in {rel}, got: {bank.problems}"
    return found[0]


def assert_error(bank: Bank, rel: str, line: int, field: str, phrase: str, hint: str = "") -> Problem:
    p = the_problem(bank, rel, field, phrase)
    assert p.line == line, p
    assert p.severity == ERROR, p
    assert hint in p.hint, p
    return p


def run_cli(root: Path, capsys, monkeypatch) -> tuple[int, str]:
    monkeypatch.setenv("BANK_BUILD_DATE", BUILD_DATE.isoformat())
    code = main(["check", "--root", str(root)])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """A repository root inside ``tmp_path`` (so that ``tmp_path`` itself is «outside»)."""
    repo = tmp_path / "repo"
    repo.mkdir()
    return repo


@pytest.fixture
def bank_root(root: Path) -> Path:
    return make_bank(root)


# ---------------------------------------------------------------- the valid bank


def test_valid_bank_has_no_problems(bank_root):
    bank = load(bank_root)
    assert bank.problems == []
    assert sorted(bank.records) == ["meropriyatie-1", "pobeditel-1", "praktika-1", "shkola-1"]
    assert {r.type for r in bank.records.values()} == {"organization", "practice", "winner", "event"}


def test_valid_bank_cli_exit_code_0(bank_root, capsys, monkeypatch):
    code, out = run_cli(bank_root, capsys, monkeypatch)
    assert code == 0
    assert "Ошибок нет" in out
    assert "Записей проверено: 4" in out


# ---------------------------------------------------------------- schema: required fields


@pytest.mark.parametrize(
    ("record_type", "key"),
    [(t, k) for t, keys in REQUIRED.items() for k in keys],
)
def test_required_field_missing(root, record_type, key):
    make_bank(root, **{record_type: drop_key(FRONTS[record_type], key)})
    rel = FILES[record_type]
    bank = load(root)
    errors = errors_in(bank, rel)
    assert len(errors) == 1, errors
    p = errors[0]
    assert (p.line, p.field) == (2, key)
    assert f"нет обязательного поля «{key}»" in p.message


# ---------------------------------------------------------------- schema: types


def test_wrong_type_string_for_list(root):
    make_bank(root, practice=replace(PRACTICE, "forms:\n  - pupil-pupil\n", "forms: pupil-pupil\n"))
    bank = load(root)
    assert_error(bank, PRACTICE_FILE, line_of(root, PRACTICE_FILE, "forms:"), "forms",
                 "ожидается список, а указано текст", hint="запишите значение списком")


def test_wrong_type_list_for_string(root):
    make_bank(root, practice=replace(PRACTICE, "goal: Адаптация", "goal:\n  - Адаптация"))
    bank = load(root)
    assert_error(bank, PRACTICE_FILE, line_of(root, PRACTICE_FILE, "goal:"), "goal",
                 "ожидается текст, а указано список", hint="без списка")


ROADMAP = (
    "roadmaps:\n"
    "  - title: Дорожная карта внедрения целевой модели наставничества\n"
    "    period: 2021–2024 гг.\n"
    "    sections:\n"
    "      - title: Подготовительный этап\n"
    "        items:\n"
    "          - number: {number}\n"
    "            activity: Издание приказа о внедрении целевой модели\n"
    "            due: 2021-09-01\n"
    "            status: done\n"
)


def test_roadmap_item_number_as_number_is_error(root):
    make_bank(root, organization=ORG + ROADMAP.format(number="1.1"))
    bank = load(root)
    assert_error(bank, ORG_FILE, line_of(root, ORG_FILE, "- number: 1.1"),
                 "roadmaps[0].sections[0].items[0].number", "ожидается текст, а указано число «1.1»",
                 hint="заключите значение в кавычки")


def test_roadmap_item_number_quoted_is_accepted(root):
    make_bank(root, organization=ORG + ROADMAP.format(number='"1.1"'))
    assert load(root).problems == []


def test_wrong_type_string_for_integer_year(root):
    make_bank(root, practice=replace(PRACTICE, "year: 2024", 'year: "2024"'))
    bank = load(root)
    assert_error(bank, PRACTICE_FILE, line_of(root, PRACTICE_FILE, "year:"), "year",
                 "ожидается целое число, а указано текст", hint="без кавычек")


def test_wrong_type_string_for_boolean_consent(root):
    front = WINNER + "person:\n  position: учитель физики\n  consent: да\n"
    make_bank(root, winner=front)
    bank = load(root)
    assert_error(bank, WINNER_FILE, line_of(root, WINNER_FILE, "consent:"), "person.consent",
                 "ожидается да/нет (true или false)")


def test_float_year_is_error(root):
    make_bank(root, practice=replace(PRACTICE, "year: 2024", "year: 2024.0"))
    bank = load(root)
    assert_error(bank, PRACTICE_FILE, line_of(root, PRACTICE_FILE, "year:"), "year", "целое число")


# ---------------------------------------------------------------- schema: lengths


TITLE_LINE = "title: Клуб наставников «Равный – равному»"


def test_title_201_characters_is_too_long(root):
    make_bank(root, practice=replace(PRACTICE, TITLE_LINE, "title: " + "а" * 201))
    bank = load(root)
    assert_error(bank, PRACTICE_FILE, 3, "title", "текст слишком длинный: 201 символов, допускается до 200")


def test_title_200_characters_is_accepted(root):
    make_bank(root, practice=replace(PRACTICE, TITLE_LINE, "title: " + "а" * 200))
    assert load(root).problems == []


def test_summary_401_characters_is_too_long(root):
    make_bank(root, practice=replace(PRACTICE, "summary: Старшеклассники", "summary: " + "б" * 401 + " "))
    bank = load(root)
    assert_error(bank, PRACTICE_FILE, 4, "summary", "допускается до 400")


def test_empty_string_is_error(root):
    make_bank(root, practice=replace(PRACTICE, "goal: Адаптация пятиклассников к обучению в основной школе.",
                                     'goal: ""'))
    bank = load(root)
    assert_error(bank, PRACTICE_FILE, line_of(root, PRACTICE_FILE, "goal:"), "goal", "значение пустое")


def test_empty_required_list_is_error(root):
    make_bank(root, practice=replace(PRACTICE, "audience:\n  - pupils-5-9\n", "audience: []\n"))
    bank = load(root)
    assert_error(bank, PRACTICE_FILE, line_of(root, PRACTICE_FILE, "audience:"), "audience", "список пуст")


# ---------------------------------------------------------------- schema: vocabularies, keys


def test_enum_typo_suggests_closest_value(root):
    make_bank(root, practice=replace(PRACTICE, "  - pupil-pupil", "  - pupil-pupl"))
    bank = load(root)
    p = assert_error(bank, PRACTICE_FILE, line_of(root, PRACTICE_FILE, "- pupil-pupl"), "forms[0]",
                     "«pupil-pupl» не из словаря «формы наставничества»")
    assert "«pupil-pupil»" in p.hint


def test_enum_typo_in_second_item_points_at_its_line(root):
    make_bank(root, practice=replace(PRACTICE, "  - pupils-5-9\n", "  - pupils-5-9\n  - teachrs\n"))
    bank = load(root)
    p = assert_error(bank, PRACTICE_FILE, line_of(root, PRACTICE_FILE, "- teachrs"), "audience[1]",
                     "не из словаря «целевая аудитория»")
    assert "«teachers»" in p.hint


def test_unknown_key_suggests_near_miss(root):
    make_bank(root, practice=PRACTICE + "sumary: лишнее поле\n")
    bank = load(root)
    p = assert_error(bank, PRACTICE_FILE, line_of(root, PRACTICE_FILE, "sumary:"), "sumary",
                     "неизвестное поле «sumary»")
    assert "«summary»" in p.hint


def test_every_unknown_key_is_reported(root):
    make_bank(root, practice=PRACTICE + "sumary: раз\ntitel: два\n")
    bank = load(root)
    the_problem(bank, PRACTICE_FILE, "sumary", "неизвестное поле")
    the_problem(bank, PRACTICE_FILE, "titel", "неизвестное поле")


def test_unknown_nested_key(root):
    make_bank(root, practice=PRACTICE + "period:\n  start: 2023-09-01\n  finish: 2024-05-31\n")
    bank = load(root)
    p = assert_error(bank, PRACTICE_FILE, line_of(root, PRACTICE_FILE, "finish:"), "period.finish",
                     "неизвестное поле «finish»")
    assert "«end»" not in p.message


def test_render_macros_is_rejected(root):
    make_bank(root, practice=PRACTICE + "render_macros: true\n")
    bank = load(root)
    assert_error(bank, PRACTICE_FILE, line_of(root, PRACTICE_FILE, "render_macros:"), "render_macros",
                 "«render_macros» не допускается")


def test_region_not_in_list(root):
    make_bank(root, organization=replace(ORG, "region: Московская область", "region: Московская обл."))
    bank = load(root)
    p = assert_error(bank, ORG_FILE, line_of(root, ORG_FILE, "region:"), "region",
                     "«Московская обл.» не из словаря «регионы России»")
    assert "«Московская область»" in p.hint


@pytest.mark.parametrize("region", ["Москва", "Ханты-Мансийский автономный округ — Югра", "Республика Алтай"])
def test_official_region_names_accepted(root, region):
    make_bank(root, organization=replace(ORG, "region: Московская область", f"region: {region}"))
    assert load(root).problems == []


# ---------------------------------------------------------------- schema: id from the file name


@pytest.mark.parametrize("name", ["Shkola-2.md", "школа-2.md", "shkola 2.md", "shkola_2.md"])
def test_bad_file_name_is_not_an_id(root, name):
    make_bank(root)
    rel = f"content/organizations/{name}"
    write_record(root, rel, ORG)
    bank = load(root)
    p = assert_error(bank, rel, 2, "", f"имя файла «{name}» не годится как идентификатор")
    assert p.topic == "identifikator"


def test_file_name_with_trailing_newline_is_not_an_id(root):
    make_bank(root)
    rel = "content/organizations/shkola-2\n.md"
    write_record(root, rel, ORG)
    bank = load(root)
    # Control characters of file names are shown as «�» (a newline could forge a CI command).
    assert_error(bank, rel.replace("\n", "�"), 2, "", "имя файла «shkola-2�.md» не годится как идентификатор")
    assert [p for p in bank.problems if "\n" in p.file + p.message + p.hint] == []


# ---------------------------------------------------------------- schema: dates


@pytest.mark.parametrize(("written", "iso"), [("01.09.2023", "2023-09-01"), ("15.03.2024", "2024-03-15")])
def test_russian_date_format_suggests_iso(root, written, iso):
    make_bank(root, practice=replace(PRACTICE, "updated: 2026-01-15", f"updated: {written}"))
    bank = load(root)
    assert_error(bank, PRACTICE_FILE, line_of(root, PRACTICE_FILE, "updated:"), "updated",
                 f"дата «{written}» не в формате ГГГГ-ММ-ДД", hint=iso)


@pytest.mark.parametrize(
    ("record_type", "old", "new", "field"),
    [
        ("practice", "updated: 2026-01-15", "updated: 2023-02-30", "updated"),
        ("event", "start: 2025-03-01", "start: 2023-02-30", "start"),
        ("practice", "updated: 2026-01-15", "updated: 2026-01-15\nperiod:\n  start: 2023-13-01",
         "period.start"),
    ],
)
def test_impossible_date(root, record_type, old, new, field):
    make_bank(root, **{record_type: replace(FRONTS[record_type], old, new)})
    rel = FILES[record_type]
    bank = load(root)
    value = new.rsplit(": ", 1)[1]
    key = field.rsplit(".", 1)[-1]
    assert_error(bank, rel, line_of(root, rel, f"{key}: {value}"), field, f"дата «{value}» не существует")


def test_impossible_roadmap_due_date(root):
    make_bank(root, organization=ORG + ROADMAP.format(number='"1.1"').replace("2021-09-01", "2021-02-29"))
    bank = load(root)
    assert_error(bank, ORG_FILE, line_of(root, ORG_FILE, "due:"), "roadmaps[0].sections[0].items[0].due",
                 "дата «2021-02-29» не существует")


# ---------------------------------------------------------------- schema: URLs


@pytest.mark.parametrize("url", ["javascript:alert(1)", "ftp://example.org/polozhenie.pdf",
                                 "data:text/html,<b>x</b>", "//example.org/", "https://example.org/a b"])
def test_bad_url_is_rejected(root, url):
    make_bank(root, event=EVENT + f"url: '{url}'\n")
    bank = load(root)
    assert_error(bank, EVENT_FILE, line_of(root, EVENT_FILE, "url:"), "url",
                 "разрешены только адреса http:// и https://")


@pytest.mark.parametrize(
    ("record_type", "extra", "field"),
    [
        ("winner", "source_url: javascript:alert(1)\n", "source_url"),
        ("organization", "site_url: ftp://school.example/\n", "site_url"),
        ("event", "registration_url: javascript:alert(1)\n", "registration_url"),
        ("practice", "contacts:\n  url: javascript:alert(1)\n", "contacts.url"),
        ("organization", "links:\n  - title: Сайт\n    url: javascript:alert(1)\n", "links[0].url"),
    ],
)
def test_bad_url_rejected_in_every_url_field(root, record_type, extra, field):
    make_bank(root, **{record_type: FRONTS[record_type] + extra})
    rel = FILES[record_type]
    bank = load(root)
    key = field.rsplit(".", 1)[-1]
    assert_error(bank, rel, line_of(root, rel, f"{key}:"), field, "недопустима")


@pytest.mark.parametrize("url", ["https://example.org/konkurs?id=1", "http://school1.example.ru/"])
def test_http_and_https_urls_accepted(root, url):
    make_bank(root, event=EVENT + f"url: {url}\nregistration_url: {url}\n")
    assert load(root).problems == []


# ---------------------------------------------------------------- across files


def test_duplicate_id_in_two_folders(root):
    make_bank(root)
    rel = "practices/orgs/shkola-1.md"
    write_record(root, rel, ORG)
    bank = load(root)
    p = assert_error(bank, rel, 0, "", f"идентификатор «shkola-1» уже занят файлом {ORG_FILE}")
    assert p.topic == "identifikator"
    assert errors_in(bank, ORG_FILE) == []
    assert bank.records["shkola-1"].source.path == ORG_FILE


def test_reference_to_missing_organization_suggests_near_id(root):
    make_bank(root, practice=replace(PRACTICE, "organization: shkola-1", "organization: shkola-11"))
    bank = load(root)
    p = assert_error(bank, PRACTICE_FILE, line_of(root, PRACTICE_FILE, "organization:"), "organization",
                     "запись «shkola-11» не найдена")
    assert "«shkola-1»" in p.hint


def test_reference_to_record_of_wrong_type(root):
    make_bank(root, practice=replace(PRACTICE, "organization: shkola-1", "organization: pobeditel-1"))
    bank = load(root)
    p = assert_error(bank, PRACTICE_FILE, line_of(root, PRACTICE_FILE, "organization:"), "organization",
                     "«pobeditel-1» — это запись типа «winner», а здесь нужна запись типа «organization»")
    # A wrong reference sends the contributor to the «Ссылки между записями» section.
    assert p.format(DATA_MODEL_URL).endswith(f"Подробнее: {DATA_MODEL_URL}#ssylki")


def test_practice_organization_pointing_to_a_practice(root):
    make_bank(root)
    rel = "practices/practices/praktika-2.md"
    write_record(root, rel, replace(PRACTICE, "organization: shkola-1", "organization: praktika-1"))
    bank = load(root)
    assert_error(bank, rel, line_of(root, rel, "organization:"), "organization",
                 "это запись типа «practice», а здесь нужна запись типа «organization»")


@pytest.mark.parametrize(
    ("record_type", "key", "old"),
    [
        ("winner", "practice", "practice: praktika-1"),
        ("winner", "event", "event: meropriyatie-1"),
        ("winner", "organization", "organization: shkola-1"),
        ("event", "organizer", "organizer: shkola-1"),
        ("organization", "parent", None),
    ],
)
def test_reference_to_missing_record(root, record_type, key, old):
    front = FRONTS[record_type]
    new = f"{key}: net-takoy-zapisi"
    front = front + new + "\n" if old is None else replace(front, old, new)
    make_bank(root, **{record_type: front})
    rel = FILES[record_type]
    bank = load(root)
    p = assert_error(bank, rel, line_of(root, rel, f"{key}:"), key, "запись «net-takoy-zapisi» не найдена",
                     hint="проверьте идентификатор")
    assert p.topic == "ssylki"


def test_a_reference_that_is_not_text_does_not_hide_the_next_references(root):
    # The winner's organisation is written as a number (a schema error); its practice and event,
    # checked after it, are still looked up, and the missing practice is reported in the same run.
    make_bank(root, winner=replace(replace(WINNER, "organization: shkola-1", "organization: 1"),
                                   "practice: praktika-1", "practice: praktika-9"))
    bank = load(root)
    assert [p.field for p in errors_in(bank, WINNER_FILE)] == ["organization", "practice"]
    assert_error(bank, WINNER_FILE, line_of(root, WINNER_FILE, "practice:"), "practice",
                 "запись «praktika-9» не найдена", hint="«praktika-1»")


def test_parent_cycle_a_b_a(root):
    make_bank(root)
    write_record(root, "content/organizations/org-a.md", ORG + "parent: org-b\n")
    write_record(root, "content/organizations/org-b.md", ORG + "parent: org-a\n")
    bank = load(root)
    cycles = [p for p in bank.problems if "цикл в подчинённости" in p.message]
    assert len(cycles) == 1, bank.problems
    assert_error(bank, "content/organizations/org-a.md", 8, "parent",
                 "цикл в подчинённости: org-a → org-b → org-a")


def test_parent_cycle_is_found_whichever_folder_the_profiles_lie_in(root):
    # Profiles put among the practices are read after the event and still checked for a cycle.
    make_bank(root)
    write_record(root, "practices/organizations/org-a.md", ORG + "parent: org-b\n")
    write_record(root, "practices/organizations/org-b.md", ORG + "parent: org-a\n")
    bank = load(root)
    assert [p.message for p in bank.problems] == ["цикл в подчинённости: org-a → org-b → org-a."]
    p = assert_error(bank, "practices/organizations/org-a.md", 8, "parent", "цикл в подчинённости")
    assert p.format(DATA_MODEL_URL).endswith(f"Подробнее: {DATA_MODEL_URL}#ssylki")


def test_parent_pointing_to_itself_is_a_cycle(root):
    make_bank(root, organization=ORG + "parent: shkola-1\n")
    bank = load(root)
    assert_error(bank, ORG_FILE, 8, "parent", "цикл в подчинённости: shkola-1 → shkola-1")


def test_parent_chain_without_cycle_is_accepted(root):
    make_bank(root, organization=ORG + "parent: uo-1\n")
    write_record(root, "content/organizations/uo-1.md", replace(ORG, "kind: school", "kind: authority"))
    assert load(root).problems == []


def test_published_record_referencing_draft(root):
    make_bank(root, practice=PRACTICE + "status: draft\n")
    bank = load(root)
    p = assert_error(bank, WINNER_FILE, line_of(root, WINNER_FILE, "practice:"), "practice",
                     "запись «praktika-1» — черновик")
    assert p.format(DATA_MODEL_URL).endswith(f"Подробнее: {DATA_MODEL_URL}#ssylki")
    assert errors_in(bank, PRACTICE_FILE) == []


def test_unreferenced_draft_is_accepted(root):
    make_bank(root, practice=PRACTICE + "status: draft\n", winner=drop_key(WINNER, "practice"))
    bank = load(root)
    assert bank.problems == []
    assert not bank.records["praktika-1"].published


def test_draft_is_still_validated(root):
    front = replace(PRACTICE, "organization: shkola-1", "organization: shkola-9") + "status: draft\n"
    make_bank(root, practice=front)
    bank = load(root)
    assert_error(bank, PRACTICE_FILE, 5, "organization", "запись «shkola-9» не найдена")


# ---------------------------------------------------------------- attachments


def doc(**fields: str) -> str:
    lines = ["documents:", "  - title: Положение о наставничестве", "    kind: regulation"]
    lines += [f"    {k}: {v}" for k, v in fields.items()]
    return "\n".join(lines) + "\n"


def test_attachment_that_exists_is_accepted(root):
    make_bank(root, practice=PRACTICE + doc(file="files/polozhenie.pdf"))
    write_raw(root, "practices/practices/files/polozhenie.pdf", b"%PDF-1.4\n")
    assert load(root).problems == []


def test_attachment_missing_file(root):
    make_bank(root, practice=PRACTICE + doc(file="files/net-takogo.pdf"))
    bank = load(root)
    assert_error(bank, PRACTICE_FILE, line_of(root, PRACTICE_FILE, "file:"), "documents[0].file",
                 "файл «files/net-takogo.pdf» не найден")


def test_attachment_over_20_mb_is_a_warning_with_its_size(root):
    """An attachment of more than 20 MB is published, but ``check`` warns at the document's line with
    its size in megabytes and what to do."""
    make_bank(root, practice=PRACTICE + doc(file="files/polozhenie.pdf"))
    path = write_raw(root, "practices/practices/files/polozhenie.pdf", b"%PDF-1.4\n")
    os.truncate(path, 20 * 1024 * 1024 + 1)
    bank = load(root)
    assert [p.severity for p in bank.problems] == [WARNING]
    p = the_problem(bank, PRACTICE_FILE, "documents[0].file", "файл «files/polozhenie.pdf» большой (20 МБ)")
    assert p.line == line_of(root, PRACTICE_FILE, "file:")
    assert p.hint == "сожмите PDF или разместите документ на сайте организации и дайте ссылку (url)."


def test_attachment_of_exactly_20_mb_is_accepted(root):
    make_bank(root, practice=PRACTICE + doc(file="files/polozhenie.pdf"))
    path = write_raw(root, "practices/practices/files/polozhenie.pdf", b"%PDF-1.4\n")
    os.truncate(path, 20 * 1024 * 1024)
    assert load(root).problems == []


@pytest.mark.parametrize(
    ("rel", "name"),
    [
        ("practices/praktika-2.md", "../../outside.pdf"),
        (PRACTICE_FILE, "../../../outside.pdf"),
        (PRACTICE_FILE, "files/../../../../outside.pdf"),
        (PRACTICE_FILE, "..\\..\\..\\outside.pdf"),
    ],
)
def test_attachment_leaving_repository(root, rel, name):
    make_bank(root)
    write_raw(root.parent, "outside.pdf", b"%PDF-1.4\n")
    write_record(root, rel, replace(PRACTICE, "title: Клуб", "title: Ещё клуб") + doc(file=f"'{name}'"))
    bank = load(root)
    assert_error(bank, rel, line_of(root, rel, "file:"), "documents[0].file", "ведёт за пределы репозитория")


@pytest.mark.parametrize("name", ["/etc/passwd", "C:\\Users\\doc.pdf", "c:/doc.pdf", "~/doc.pdf",
                                  "file:///etc/passwd"])
def test_attachment_absolute_path(root, name):
    make_bank(root, practice=PRACTICE + doc(file=f"'{name}'"))
    bank = load(root)
    assert_error(bank, PRACTICE_FILE, line_of(root, PRACTICE_FILE, "file:"), "documents[0].file",
                 "абсолютный или является адресом")


def test_attachment_symlink_pointing_outside(root, tmp_path):
    other = tmp_path / "other"
    other.mkdir()
    (other / "secret.pdf").write_bytes(b"%PDF-1.4\n")
    (root / "practices/practices/files").mkdir(parents=True)
    os.symlink(other / "secret.pdf", root / "practices/practices/files/polozhenie.pdf")
    make_bank(root, practice=PRACTICE + doc(file="files/polozhenie.pdf"))
    bank = load(root)
    assert_error(bank, PRACTICE_FILE, line_of(root, PRACTICE_FILE, "file:"), "documents[0].file",
                 "ведёт за пределы репозитория")


def test_attachment_in_symlinked_folder_pointing_outside(root, tmp_path):
    other = tmp_path / "other"
    other.mkdir()
    (other / "polozhenie.pdf").write_bytes(b"%PDF-1.4\n")
    (root / "practices/practices").mkdir(parents=True)
    os.symlink(other, root / "practices/practices/files")
    make_bank(root, practice=PRACTICE + doc(file="files/polozhenie.pdf"))
    bank = load(root)
    assert_error(bank, PRACTICE_FILE, line_of(root, PRACTICE_FILE, "file:"), "documents[0].file",
                 "ведёт за пределы репозитория")


@pytest.mark.parametrize(("name", "suffix"), [("files/page.html", ".html"), ("files/logo.svg", ".svg"),
                                              ("files/run.js", ".js"), ("files/README", "без расширения")])
def test_attachment_refused_extension(root, name, suffix):
    make_bank(root, practice=PRACTICE + doc(file=name))
    write_raw(root, f"practices/practices/{name}", b"<script>alert(1)</script>")
    bank = load(root)
    assert_error(bank, PRACTICE_FILE, line_of(root, PRACTICE_FILE, "file:"), "documents[0].file",
                 f"файлы типа «{suffix}» не принимаются")


def test_document_with_url_and_file(root):
    make_bank(root, practice=PRACTICE + doc(url="https://example.org/p.pdf", file="files/polozhenie.pdf"))
    write_raw(root, "practices/practices/files/polozhenie.pdf", b"%PDF-1.4\n")
    bank = load(root)
    assert_error(bank, PRACTICE_FILE, line_of(root, PRACTICE_FILE, "- title: Положение"), "documents[0]",
                 "ровно одно из полей «url» или «file»")


def test_document_with_neither_url_nor_file(root):
    make_bank(root, organization=ORG + doc())
    bank = load(root)
    assert_error(bank, ORG_FILE, line_of(root, ORG_FILE, "- title: Положение"), "documents[0]",
                 "ровно одно из полей «url» или «file»")


def test_document_with_url_only_is_accepted(root):
    make_bank(root, winner=WINNER + doc(url="https://example.org/diplom.pdf"))
    assert load(root).problems == []


def test_a_document_that_is_not_a_map_does_not_hide_the_next_documents(root):
    # Every mistake is reported in one run: a malformed first document still lets the checker
    # see that the second one has both a link and a file.
    make_bank(root, practice=PRACTICE + "documents:\n  - Положение\n  - title: Положение о наставничестве\n"
              "    kind: regulation\n    url: https://example.org/p.pdf\n    file: files/polozhenie.pdf\n")
    write_raw(root, "practices/practices/files/polozhenie.pdf", b"%PDF-1.4\n")
    bank = load(root)
    assert [p.field for p in errors_in(bank, PRACTICE_FILE)] == ["documents[0]", "documents[1]"]
    assert_error(bank, PRACTICE_FILE, line_of(root, PRACTICE_FILE, "- title: Положение"), "documents[1]",
                 "ровно одно из полей «url» или «file»")


# ---------------------------------------------------------------- domain: personal data


PERSON_CASES = {
    "practice-authors": ("practice", "authors:\n  - name: Иванова А. П.\n    position: учитель{c}\n",
                         "authors[0].name"),
    "organization-curator": ("organization", "curator:\n  name: Иванова А. П.\n  position: завуч{c2}\n",
                             "curator.name"),
    "organization-mentors": ("organization", "mentors:\n  - position: учитель математики\n"
                             "  - name: Иванова А. П.\n    position: учитель{c}\n", "mentors[1].name"),
    "winner-person": ("winner", "person:\n  name: Иванова А. П.\n  position: учитель{c2}\n", "person.name"),
    "winner-team": ("winner", "team:\n  - position: учитель физики\n"
                    "  - name: Иванова А. П.\n    position: учитель{c}\n", "team[1].name"),
}


@pytest.mark.parametrize("case", list(PERSON_CASES))
@pytest.mark.parametrize("consent", ["", "false"])
def test_person_name_without_consent_is_error(root, case, consent):
    record_type, extra, field = PERSON_CASES[case]
    c = f"\n    consent: {consent}" if consent else ""
    c2 = f"\n  consent: {consent}" if consent else ""
    make_bank(root, **{record_type: FRONTS[record_type] + extra.format(c=c, c2=c2)})
    rel = FILES[record_type]
    bank = load(root)
    p = assert_error(bank, rel, line_of(root, rel, "name: Иванова"), field,
                     "без согласия на публикацию (152-ФЗ)", hint="consent: true")
    assert p.topic == "personalnye-dannye"
    assert len(errors_in(bank, rel)) == 1


@pytest.mark.parametrize("case", list(PERSON_CASES))
def test_person_name_with_consent_passes(root, case):
    record_type, extra, _ = PERSON_CASES[case]
    make_bank(root, **{record_type: FRONTS[record_type] + extra.format(c="\n    consent: true",
                                                                      c2="\n  consent: true")})
    assert load(root).problems == []


# ---------------------------------------------------------------- domain: stats


@pytest.mark.parametrize(("part", "whole"), rules.STATS_PARTS)
def test_stats_part_exceeds_whole(root, part, whole):
    make_bank(root, organization=ORG + f"stats:\n  - year: 2024\n    {whole}: 10\n    {part}: 11\n")
    bank = load(root)
    assert_error(bank, ORG_FILE, line_of(root, ORG_FILE, f"{part}: 11"), f"stats[0].{part}",
                 f"{part} = 11 больше, чем {whole} = 10")
    assert len(errors_in(bank, ORG_FILE)) == 1


@pytest.mark.parametrize(("part", "whole"), rules.STATS_PARTS)
def test_stats_part_equal_to_whole_passes(root, part, whole):
    make_bank(root, organization=ORG + f"stats:\n  - year: 2024\n    {whole}: 10\n    {part}: 10\n")
    assert load(root).problems == []


def test_stats_duplicate_year(root):
    make_bank(root, organization=ORG + "stats:\n  - year: 2023\n    pairs: 5\n  - year: 2024\n"
              "  - year: 2023\n    pairs: 6\n")
    bank = load(root)
    lines = [i for i, line in enumerate((root / ORG_FILE).read_text("utf-8").splitlines(), 1)
             if "year: 2023" in line]
    assert_error(bank, ORG_FILE, lines[1], "stats[2].year",
                 "показатели за 2023 год указаны дважды (впервые в stats[0])")


def test_stats_negative_count_is_error(root):
    make_bank(root, organization=ORG + "stats:\n  - year: 2024\n    pairs: -1\n")
    bank = load(root)
    assert_error(bank, ORG_FILE, line_of(root, ORG_FILE, "pairs:"), "stats[0].pairs", "меньше допустимого")


def test_stats_part_exceeds_whole_written_as_float(root):
    stats = "stats:\n  - year: 2024\n    pupils_total: 10\n    pupils_mentees: 11.0\n"
    make_bank(root, organization=ORG + stats)
    bank = load(root)
    # 11.0 is not a count: the schema says so at the field (before any part-of-whole rule).
    assert_error(bank, ORG_FILE, line_of(root, ORG_FILE, "pupils_mentees:"), "stats[0].pupils_mentees",
                 "ожидается целое число, а указано число «11.0»")
    assert len(errors_in(bank, ORG_FILE)) == 1, bank.problems


def test_stats_entry_that_is_not_a_year_does_not_hide_the_next_ones(root):
    """All errors at once: after an entry that is not a year's indicators, the next year's part larger
    than its whole is still reported."""
    make_bank(root, organization=ORG + "stats:\n  - 2023\n  - year: 2024\n    pupils_total: 10\n"
              "    pupils_mentees: 11\n")
    bank = load(root)
    assert_error(bank, ORG_FILE, line_of(root, ORG_FILE, "pupils_mentees:"), "stats[1].pupils_mentees",
                 "pupils_mentees = 11 больше, чем pupils_total = 10")
    assert [p.field for p in errors_in(bank, ORG_FILE)] == ["stats[0]", "stats[1].pupils_mentees"]


def test_stats_not_a_list_is_schema_error(root):
    make_bank(root, organization=ORG + "stats: 5\n")
    bank = load(root)
    assert_error(bank, ORG_FILE, line_of(root, ORG_FILE, "stats:"), "stats", "ожидается список")


def test_attachment_path_with_nul_character(root):
    make_bank(root, practice=PRACTICE + doc(file='"files/a\\0b.pdf"'))
    bank = load(root)
    assert_error(bank, PRACTICE_FILE, line_of(root, PRACTICE_FILE, "file:"), "documents[0].file",
                 "не удаётся разобрать", "укажите путь относительно неё")
    assert len(errors_in(bank, PRACTICE_FILE)) == 1, bank.problems


# ---------------------------------------------------------------- domain: dates and places


def test_event_end_before_start(root):
    make_bank(root, event=replace(EVENT, "end: 2025-03-02", "end: 2025-02-28"))
    bank = load(root)
    p = assert_error(bank, EVENT_FILE, line_of(root, EVENT_FILE, "end:"), "end",
                     "окончания (2025-02-28) раньше даты начала (2025-03-01)")
    # A domain rule sends the contributor to the «Правила проверки» section of the data-model page.
    assert p.format("https://mentorbank.example/uchastnikam/model-dannyh/").endswith(
        "Подробнее: https://mentorbank.example/uchastnikam/model-dannyh/#pravila")


def test_practice_period_end_before_start(root):
    make_bank(root, practice=PRACTICE + "period:\n  start: 2023-09-01\n  end: 2023-05-31\n")
    bank = load(root)
    assert_error(bank, PRACTICE_FILE, line_of(root, PRACTICE_FILE, "end:"), "period.end",
                 "окончания (2023-05-31) раньше даты начала (2023-09-01)")


def test_one_day_event_and_open_period_pass(root):
    make_bank(root, event=replace(EVENT, "end: 2025-03-02", "end: 2025-03-01"),
              practice=PRACTICE + "period:\n  start: 2023-09-01\n")
    assert load(root).problems == []


@pytest.mark.parametrize("fmt", ["offline", "hybrid"])
def test_in_person_event_without_location_is_error(root, fmt):
    make_bank(root, event=replace(drop_key(EVENT, "location"), "format: offline", f"format: {fmt}"))
    bank = load(root)
    assert_error(bank, EVENT_FILE, line_of(root, EVENT_FILE, "format:"), "format",
                 "не указано место (location)")


def test_online_event_without_location_passes(root):
    make_bank(root, event=replace(drop_key(EVENT, "location"), "format: offline", "format: online"))
    assert load(root).problems == []


def test_updated_in_the_future(root):
    make_bank(root, practice=replace(PRACTICE, "updated: 2026-01-15", "updated: 2026-11-22"))
    bank = load(root)
    p = assert_error(bank, PRACTICE_FILE, line_of(root, PRACTICE_FILE, "updated:"), "updated",
                     "дата обновления 2026-11-22 ещё не наступила")
    assert "2026-11-21" in p.hint


def test_updated_on_build_date_passes(root):
    make_bank(root, practice=replace(PRACTICE, "updated: 2026-01-15", "updated: 2026-11-21"))
    assert load(root).problems == []


def test_a_date_in_another_iso_shape_draws_only_the_format_error(root):
    # «20991231» is a date to Python's ISO reader, but not in the contract's shape ГГГГ-ММ-ДД: the
    # contributor is told that once, and not also that the date is in the future.
    make_bank(root, practice=replace(PRACTICE, "updated: 2026-01-15", 'updated: "20991231"'))
    bank = load(root)
    assert [(p.field, p.message) for p in in_file(bank, PRACTICE_FILE)] == [
        ("updated", "дата «20991231» не в формате ГГГГ-ММ-ДД.")]


def test_placeholder_left_in_the_text_is_shown_at_its_first_line_with_the_rules_link(root):
    body = "Первый абзац.\n\nЗАПОЛНИТЕ\n\nВторой абзац.\n\nЗАПОЛНИТЕ\n"
    make_bank(root)
    write_record(root, PRACTICE_FILE, PRACTICE, body)
    bank = load(root)
    line = line_of(root, PRACTICE_FILE, "ЗАПОЛНИТЕ")
    assert [p.format(DATA_MODEL_URL) for p in in_file(bank, PRACTICE_FILE)] == [
        f"{PRACTICE_FILE}:{line}: ошибка: в тексте осталась заготовка «ЗАПОЛНИТЕ». Что сделать: напишите текст "
        f"раздела. Подробнее: {DATA_MODEL_URL}#pravila"]


def test_winner_with_both_person_and_team(root):
    make_bank(root, winner=WINNER + "person:\n  position: учитель\nteam:\n  - position: учитель физики\n")
    bank = load(root)
    assert_error(bank, WINNER_FILE, line_of(root, WINNER_FILE, "team:"), "team", "указаны и person, и team")


# ---------------------------------------------------------------- reading files


def test_missing_front_matter(root):
    make_bank(root)
    write_raw(root, PRACTICE_FILE, "# Клуб наставников\n\nТекст без блока описания.\n".encode())
    bank = load(root)
    assert_error(bank, PRACTICE_FILE, 1, "", "не начинается с блока описания")
    assert "praktika-1" not in bank.records


def test_unclosed_front_matter(root):
    make_bank(root)
    write_raw(root, PRACTICE_FILE, ("---\n" + PRACTICE + "\nТекст.\n").encode())
    bank = load(root)
    assert_error(bank, PRACTICE_FILE, 1, "", "блок описания не закрыт")


def test_colon_in_value_says_so_and_the_file_is_read_on(root):
    """The most common mistake: «goal: Цель: адаптация» — the message names the field and the cure, and the
    rest of the file is still checked (here a vocabulary error two lines up)."""
    practice = replace(PRACTICE, "goal: Адаптация пятиклассников", "goal: Цель: адаптация пятиклассников")
    make_bank(root, practice=replace(practice, "  - pupil-pupil", "  - pupil-pupl"))
    bank = load(root)
    p = assert_error(bank, PRACTICE_FILE, line_of(root, PRACTICE_FILE, "goal:"), "goal",
                     "в значении поля goal есть двоеточие («Цель: адаптация»)",
                     'возьмите значение в кавычки: goal: "Цель: адаптация пятиклассников к обучению в основной школе."')
    assert p.topic == "oshibki-chteniya"
    assert_error(bank, PRACTICE_FILE, line_of(root, PRACTICE_FILE, "pupil-pupl"), "forms[0]", "не из словаря")
    assert bank.records["praktika-1"].data["goal"] == "Цель: адаптация пятиклассников к обучению в основной школе."


def test_colon_in_nested_value_names_the_field_path(root):
    practice = PRACTICE + "results:\n  - indicator: Доля: все классы\n    value: 100\n"
    make_bank(root, practice=practice)
    bank = load(root)
    assert_error(bank, PRACTICE_FILE, line_of(root, PRACTICE_FILE, "indicator:"), "results[0].indicator",
                 "в значении поля indicator есть двоеточие («Доля: все»)", 'indicator: "Доля: все классы"')


def test_indentation_is_not_taken_for_a_colon_in_value(root):
    make_bank(root, practice=replace(PRACTICE, "year: 2024", "  year: 2024"))
    bank = load(root)
    errors = errors_in(bank, PRACTICE_FILE)
    assert len(errors) == 1 and "двоеточие стоит там, где YAML не ждёт нового поля" in errors[0].message
    assert errors[0].field == "" and "praktika-1" not in bank.records


def test_yaml_unclosed_quote(root):
    make_bank(root, practice=replace(PRACTICE, "year: 2024", "year: 2024\ntags: ['один, два\n"))
    bank = load(root)
    errors = errors_in(bank, PRACTICE_FILE)
    assert len(errors) == 1 and "кавычка в начале значения не закрыта" in errors[0].message
    assert errors[0].line == line_of(root, PRACTICE_FILE, "tags:")  # where the quote opens, not the file's end


#: Broken front matter → a phrase of its Russian message. Covers PyYAML's scanner, parser and composer.
YAML_MISTAKES = {
    "title: Школа\n  summary: текст\n": "двоеточие стоит там, где YAML не ждёт нового поля",
    "goal: Цель\nпродолжение текста\nyear: 2024\n": "нет двоеточия после имени поля",
    'title: "Школа\nyear: 2024\n': "кавычка в начале значения не закрыта",
    "tags: [a, b\nyear: 2024\n": "список в квадратных скобках не закрыт",
    "contacts: {email: a\nyear: 2024\n": "набор полей в фигурных скобках не закрыт",
    "audience:\n  - teachers\n - parents\n": "отступ строки не совпадает",
    "audience: - teachers\n": "элемент списка «- » стоит там, где список не ожидается",
    "title: @школа\n": "значение не может начинаться с символа «@»",
    "title: `код`\n": "значение не может начинаться с символа «`»",
    "title: ? вопрос\n": "знака «?»",
    "title: ]\n": "значение начинается с символа «]»",
    "title: [\n": "скобка не закрыта до конца блока описания",
    "tags: [a, b]]\n": "лишняя закрывающая скобка",
    "title: * звезда\n": "означают ссылку",
    "title: | текст\n  ещё\n": "после знака «|» или «>»",
    'title: "C:\\dir"\n': "обратная косая черта",
    "title: !<x y\n": "означает тег",
}


@pytest.mark.parametrize("front", list(YAML_MISTAKES), ids=range(len(YAML_MISTAKES)))
def test_yaml_syntax_errors_are_explained_in_russian(front):
    from mentorbank.loader import parse_text

    source, problems = parse_text(("---\n" + front + "---\nТекст.\n").encode(), "x.md")
    assert source.data is None and len(problems) == 1, problems
    p = problems[0]
    assert YAML_MISTAKES[front] in p.message, p
    english = ("mapping", "expected", "found", "while ", "scanning", "parsing", "token", "not allowed", "stream")
    assert not [w for w in english if w in (p.message + p.hint).lower()], p


def test_every_pyyaml_syntax_message_has_a_russian_explanation():
    """Each problem text of PyYAML's scanner, parser and composer (read from the installed source) matches a
    Russian explanation of the table, not only the general fallback."""
    import ast

    import yaml

    from mentorbank.yaml_messages import FALLBACK, explain

    def text(node):
        if isinstance(node, ast.BinOp):
            node = node.left
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return node.value.replace("%r", "'x'").replace("%s", "tag").replace("%d", "4")
        return None if isinstance(node, ast.Constant) else "'x'"

    seen = 0
    for name in ("scanner.py", "parser.py", "composer.py"):
        tree = ast.parse((Path(yaml.__file__).parent / name).read_text("utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id.endswith("Error") \
                    and len(node.args) >= 3:
                context, problem = text(node.args[0]), text(node.args[2])
                exc = yaml.MarkedYAMLError(context, None, problem, None)
                assert explain(exc)[1:] != FALLBACK, (context, problem)
                seen += 1
    assert seen > 30


def test_duplicate_key_reported_at_second_occurrence(root):
    make_bank(root, practice=PRACTICE + "title: Другое название\n")
    bank = load(root)
    first = line_of(root, PRACTICE_FILE, "title: Клуб")
    second = line_of(root, PRACTICE_FILE, "title: Другое")
    assert_error(bank, PRACTICE_FILE, second, "title", f"поле указано дважды (впервые в строке {first})")


def test_duplicate_nested_key(root):
    make_bank(root, organization=ORG + "curator:\n  position: завуч\n  position: директор\n")
    bank = load(root)
    assert_error(bank, ORG_FILE, line_of(root, ORG_FILE, "position: директор"), "curator.position",
                 f"впервые в строке {line_of(root, ORG_FILE, 'position: завуч')}")


def test_tab_in_front_matter(root):
    make_bank(root, practice=replace(PRACTICE, "  - pupils-5-9", "\t- pupils-5-9"))
    bank = load(root)
    assert_error(bank, PRACTICE_FILE, line_of(root, PRACTICE_FILE, "\t- pupils"), "", "символ табуляции")


def test_bom_is_a_warning_only(root):
    make_bank(root)
    write_raw(root, ORG_FILE, b"\xef\xbb\xbf" + ("---\n" + ORG + "---\nТекст.\n").encode())
    bank = load(root)
    problems = in_file(bank, ORG_FILE)
    assert len(problems) == 1, problems
    assert (problems[0].line, problems[0].field, problems[0].severity) == (1, "", WARNING)
    assert "BOM" in problems[0].message
    assert "shkola-1" in bank.records
    assert bank.records["shkola-1"].data["short_name"] == "СОШ № 1"
    assert [p for p in bank.problems if p.severity == ERROR] == []


def test_bom_keeps_line_numbers(root):
    make_bank(root)
    front = replace(PRACTICE, "  - pupil-pupil", "  - pupil-pupl")
    write_raw(root, PRACTICE_FILE, b"\xef\xbb\xbf" + ("---\n" + front + "---\n").encode())
    bank = load(root)
    the_problem(bank, PRACTICE_FILE, "forms[0]", "не из словаря")
    assert the_problem(bank, PRACTICE_FILE, "forms[0]", "не из словаря").line == 8


def test_crlf_valid_file_is_accepted(root):
    make_bank(root)
    write_raw(root, PRACTICE_FILE, ("---\n" + PRACTICE + "---\nТекст.\n").replace("\n", "\r\n").encode())
    bank = load(root)
    assert bank.problems == []
    assert bank.records["praktika-1"].data["title"] == "Клуб наставников «Равный – равному»"


def test_crlf_keeps_line_numbers(root):
    make_bank(root)
    front = replace(PRACTICE, "  - pupil-pupil", "  - pupil-pupl") + "title: Повтор\n"
    write_raw(root, PRACTICE_FILE, ("---\n" + front + "---\nТекст.\n").replace("\n", "\r\n").encode())
    bank = load(root)
    assert_error(bank, PRACTICE_FILE, 8, "forms[0]", "не из словаря")
    assert_error(bank, PRACTICE_FILE, 13, "title", "впервые в строке 3")


def test_blank_line_after_opening_delimiter_keeps_line_numbers(root):
    make_bank(root)
    front = replace(PRACTICE, "  - pupil-pupil", "  - pupil-pupl")
    write_raw(root, PRACTICE_FILE, ("---\n\n" + front + "---\n").encode())
    bank = load(root)
    assert the_problem(bank, PRACTICE_FILE, "forms[0]", "не из словаря").line == 9


def test_non_utf8_cp1251(root):
    make_bank(root)
    write_raw(root, ORG_FILE, ("---\n" + ORG + "---\nТекст.\n").encode("cp1251"))
    bank = load(root)
    assert_error(bank, ORG_FILE, 3, "", "не в кодировке UTF-8")
    assert "shkola-1" not in bank.records


@pytest.mark.parametrize("content", [b"", b"   \n\n  \n"])
def test_empty_file(root, content):
    make_bank(root)
    write_raw(root, EVENT_FILE, content)
    bank = load(root)
    assert_error(bank, EVENT_FILE, 0, "", "файл пустой")


def test_file_larger_than_1_mb(root):
    make_bank(root)
    head = ("---\n" + EVENT + "---\n").encode()
    write_raw(root, EVENT_FILE, head + b"a" * (1_000_001 - len(head)))
    bank = load(root)
    assert_error(bank, EVENT_FILE, 0, "", "файл слишком большой")
    assert "meropriyatie-1" not in bank.records


def test_file_of_exactly_1_mb_is_accepted(root):
    make_bank(root)
    head = ("---\n" + EVENT + "---\n").encode()
    write_raw(root, EVENT_FILE, head + b"a" * (1_000_000 - len(head)))
    bank = load(root)
    assert bank.problems == []


def test_yaml_anchor_refused(root):
    make_bank(root, practice=replace(PRACTICE, "forms:\n", "forms: &f\n"))
    bank = load(root)
    assert_error(bank, PRACTICE_FILE, line_of(root, PRACTICE_FILE, "&f"), "",
                 "якоря YAML (&f) не поддерживаются")


def test_yaml_alias_refused(root):
    make_bank(root, practice=replace(PRACTICE, "goal: Адаптация пятиклассников к обучению в основной школе.",
                                     "goal: *f"))
    bank = load(root)
    assert_error(bank, PRACTICE_FILE, line_of(root, PRACTICE_FILE, "*f"), "",
                 "ссылки YAML (*имя) не поддерживаются")


def test_unknown_type(root):
    make_bank(root, practice=replace(PRACTICE, "type: practice", "type: practise"))
    bank = load(root)
    p = assert_error(bank, PRACTICE_FILE, 2, "type", "неизвестный тип записи «practise»")
    assert "«practice»" in p.hint
    assert "praktika-1" not in bank.records


def test_front_matter_not_a_mapping(root):
    make_bank(root)
    write_record(root, EVENT_FILE, "- type: event\n")
    bank = load(root)
    assert_error(bank, EVENT_FILE, 2, "", "должен состоять из полей")


def test_nul_byte(root):
    make_bank(root)
    write_raw(root, EVENT_FILE, ("---\n" + EVENT + "---\nТекст\x00.\n").encode())
    bank = load(root)
    assert_error(bank, EVENT_FILE, 12, "", "нулевой байт")


def test_record_file_that_is_a_symlink_is_refused(root, tmp_path):
    make_bank(root)
    target = tmp_path / "elsewhere.md"
    target.write_text("---\n" + ORG + "---\n", "utf-8")
    os.symlink(target, root / "content/organizations/shkola-2.md")
    bank = load(root)
    assert_error(bank, "content/organizations/shkola-2.md", 0, "", "символической ссылкой")
    assert "shkola-2" not in bank.records


# ---------------------------------------------------------------- all errors at once


def test_all_errors_reported_in_one_run(root, capsys, monkeypatch):
    make_bank(root)
    broken = {
        "practices/practices/praktika-2.md": replace(PRACTICE, "  - pupil-pupil", "  - pupil-pupl"),
        "practices/events/sobytie-2.md": replace(EVENT, "title: Муниципальный", "title: Итоги: конкурс"),
        "content/organizations/shkola-2.md": drop_key(ORG, "region"),
    }
    for rel, front in broken.items():
        write_record(root, rel, front)
    bank = load(root)
    assert {p.file for p in bank.problems if p.severity == ERROR} == set(broken)
    the_problem(bank, "practices/practices/praktika-2.md", "forms[0]", "не из словаря")
    the_problem(bank, "practices/events/sobytie-2.md", "title", "в значении поля title есть двоеточие")
    the_problem(bank, "content/organizations/shkola-2.md", "region", "нет обязательного поля")
    loaded = {"shkola-1", "praktika-1", "pobeditel-1", "meropriyatie-1", "praktika-2", "shkola-2", "sobytie-2"}
    assert loaded <= set(bank.records)
    code, out = run_cli(root, capsys, monkeypatch)
    assert code == 1
    for rel in broken:
        assert rel in out
    assert "Найдено ошибок: 3" in out


# ---------------------------------------------------------------- no traceback


def _big(root: Path) -> None:
    write_raw(root, EVENT_FILE, b"---\ntype: event\n---\n" + b"x" * 1_100_000)


BROKEN_CASES = {
    "no-front-matter": lambda r: write_raw(r, EVENT_FILE, "Просто текст.\n".encode()),
    "unclosed": lambda r: write_raw(r, EVENT_FILE, ("---\n" + EVENT).encode()),
    "yaml-syntax": lambda r: write_record(r, EVENT_FILE, EVENT + "title: [не закрыто\n"),
    "duplicate-key": lambda r: write_record(r, EVENT_FILE, EVENT + "level: regional\n"),
    "tab": lambda r: write_record(r, EVENT_FILE, EVENT + "audience:\n\t- teachers\n"),
    "cp1251": lambda r: write_raw(r, EVENT_FILE, ("---\n" + EVENT + "---\n").encode("cp1251")),
    "empty": lambda r: write_raw(r, EVENT_FILE, b""),
    "big": _big,
    "anchor": lambda r: write_record(r, EVENT_FILE, EVENT + "forms: &x [pupil-pupil]\n"),
    "alias": lambda r: write_record(r, EVENT_FILE, EVENT + "forms: *x\n"),
    "unknown-type": lambda r: write_record(r, EVENT_FILE, replace(EVENT, "type: event", "type: sobytie")),
    "type-is-list": lambda r: write_record(r, EVENT_FILE, replace(EVENT, "type: event", "type: [event]")),
    "unhashable-key": lambda r: write_record(r, EVENT_FILE, EVENT + "? [a, b]\n: c\n"),
    "python-tag": lambda r: write_record(r, EVENT_FILE, EVENT + "x: !!python/object/apply:os.system [ls]\n"),
    "nul": lambda r: write_raw(r, EVENT_FILE, b"---\ntype: event\x00\n---\n"),
    "scalar-front": lambda r: write_record(r, EVENT_FILE, "event\n"),
    "empty-front": lambda r: write_record(r, EVENT_FILE, ""),
    "stats-not-a-list": lambda r: write_record(r, ORG_FILE, ORG + "stats: 5\n"),
    "wrong-shapes": lambda r: write_record(r, ORG_FILE, ORG + "documents: [x]\nmentors: [[a]]\n"
                                           "roadmaps: [{sections: [{items: [5]}]}]\n"),
    "stats-rows-not-maps": lambda r: write_record(r, ORG_FILE, ORG + "stats: [5, {year: x}]\ncurator: 3\n"),
    "bad-dates": lambda r: write_record(r, EVENT_FILE, replace(EVENT, "start: 2025-03-01", "start: [1]")),
    "document-file-not-string": lambda r: write_record(r, EVENT_FILE, EVENT + "documents:\n  - title: a\n"
                                                       "    kind: order\n    file: [1]\n"),
    "null-bytes-in-path": lambda r: write_record(r, EVENT_FILE, EVENT + "documents:\n  - title: a\n"
                                                 '    kind: order\n    file: "a\\0b.pdf"\n'),
    "reference-not-string": lambda r: write_record(r, EVENT_FILE, replace(EVENT, "organizer: shkola-1",
                                                                          "organizer: {a: 1}")),
    "cycle": lambda r: write_record(r, ORG_FILE, ORG + "parent: shkola-1\n"),
    "deep-nesting": lambda r: write_record(r, EVENT_FILE, EVENT + "tags: " + "[" * 5000 + "]" * 5000 + "\n"),
}
BROKEN_FILE = {c: ORG_FILE for c in ("wrong-shapes", "stats-not-a-list", "stats-rows-not-maps", "cycle")}
@pytest.mark.parametrize("case", list(BROKEN_CASES))
def test_cli_reports_broken_file_without_traceback(root, capsys, monkeypatch, case):
    make_bank(root)
    BROKEN_CASES[case](root)
    code, out = run_cli(root, capsys, monkeypatch)
    assert code == 1
    assert "Traceback" not in out
    assert BROKEN_FILE.get(case, EVENT_FILE) in out
    assert "ошибка" in out


# ---------------------------------------------------------------- one heading per page


def test_body_section_repeating_a_card_field_is_a_warning(root):
    practice = PRACTICE + "resources:\n  - методический кабинет\n"
    make_bank(root)
    write_record(root, PRACTICE_FILE, practice,
                 "## Описание\n\nТекст.\n\n## Ресурсы\n\nВремя наставников.\n\n## Цель:\n\nЕщё раз цель.\n")
    bank = load(root)
    resources = the_problem(bank, PRACTICE_FILE, "", "раздел текста «Ресурсы» повторяет заголовок «Ресурсы»")
    assert resources.severity == WARNING and resources.line == line_of(root, PRACTICE_FILE, "## Ресурсы")
    assert "поле resources" in resources.message and "перенесите недостающее из раздела в поле resources" \
        in resources.hint
    goal = the_problem(bank, PRACTICE_FILE, "", "раздел текста «Цель:» повторяет заголовок «Цель»")
    assert goal.line == line_of(root, PRACTICE_FILE, "## Цель:") and goal.topic == "osnovnoy-tekst"
    assert not errors_in(bank, PRACTICE_FILE)


def test_body_section_named_like_an_empty_field_is_fine(root):
    """Without a ``resources`` field the page has no «Ресурсы» heading of its own: the body section is the only one."""
    make_bank(root)
    write_record(root, PRACTICE_FILE, PRACTICE, "Ресурсы\n-------\n\nВремя наставников.\n")
    write_record(root, EVENT_FILE, EVENT, "# Формат\n\nОчно.\n")
    bank = load(root)
    assert in_file(bank, PRACTICE_FILE) == []
    p = the_problem(bank, EVENT_FILE, "", "раздел текста «Формат» повторяет заголовок «Формат»")
    assert p.line == line_of(root, EVENT_FILE, "# Формат")


def test_colon_in_a_list_item_of_texts_says_so(root):
    """«- Этап 1: подготовка» is valid YAML (a one-field set), so the message comes from the schema: it names the
    colon and gives the quoted text instead of showing a Python dict."""
    make_bank(root, practice=PRACTICE + "tasks:\n  - Этап 1: подготовка пар\n  - Итоги:\n")
    bank = load(root)
    first = assert_error(bank, PRACTICE_FILE, line_of(root, PRACTICE_FILE, "Этап 1"), "tasks[0]",
                         "ожидается текст, а из-за двоеточия («Этап 1:») YAML прочитал строку как «поле: значение».",
                         'возьмите текст в кавычки: "Этап 1: подготовка пар"')
    assert "{" not in first.message
    assert_error(bank, PRACTICE_FILE, line_of(root, PRACTICE_FILE, "Итоги:"), "tasks[1]", "двоеточия («Итоги:»)",
                 'возьмите текст в кавычки: "Итоги:"')
