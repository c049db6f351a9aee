"""Open data (README, «Открытые данные»): JSON of every record type with its published schema, CSV and
XLSX of the same records, the coordinators' tables (registry, roadmap items, monitoring), the page and
its data package. Fast tests run the output modules over the sample catalogue; site tests read the
built sample site; the browser test looks at the page and downloads every file it links."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import re
import zipfile
from html.parser import HTMLParser

import jsonschema
import openpyxl
import pytest
from conftest import ARTIFACTS, BUILD_DATE, ROOT, member_text

from mentorbank import opendata, settings, tab, urls
from mentorbank.bank import load_bank
from mentorbank.catalogue import Catalogue
from mentorbank.dates import STATUS_LABELS, item_status
from mentorbank.opendata_parts import read
from mentorbank.outputs import opendata_json, opendata_page, opendata_tables, registry
from mentorbank.render import Env
from mentorbank.tables import csv_text, to_csv, to_xlsx

SITE_URL = "https://mentorbank.example/"
TYPES = tuple(opendata.RECORD_SETS)
DRAFT = "den-professiy-s-nastavnikom"  # the sample's draft practice
TULUN = "tulun-komitet"                # a real authority with a real subordinate organisation


def outputs(bank, **options) -> dict[str, bytes]:
    """Every open data file of ``bank`` (site path → bytes; the large ones are written files, read
    here), from the three output modules; ``options``: settings (``open_data_file_mb``)."""
    catalogue = Catalogue(bank)
    env = Env(catalogue, settings.Settings(build_date=bank.build_date, **options), SITE_URL)
    files: dict[str, bytes] = {}
    for module in (opendata_json, opendata_tables, opendata_page):  # in the order of the registry
        result = module.generate(catalogue, env)
        files.update({path: read(data) for path, data in result.files.items()})
        files.update({page.url: page.html.encode("utf-8") for page in result.pages})
    return files


def sample():
    return load_bank(ROOT, dt.date.fromisoformat(BUILD_DATE))


@pytest.fixture(scope="module")
def bank():
    return sample()


@pytest.fixture(scope="module")
def files(bank) -> dict[str, bytes]:
    return outputs(bank)


def csv_rows(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf"), "CSV must start with the UTF-8 byte order mark"
    return list(csv.reader(io.StringIO(data[3:].decode("utf-8"), newline=""), delimiter=";"))


def xlsx_rows(data: bytes, sheet: str = "Данные") -> list[list]:
    book = openpyxl.load_workbook(io.BytesIO(data))
    return [list(row) for row in book[sheet].iter_rows(values_only=True)]


def texts_of(path: str, data: bytes) -> str:
    """Everything a file says, as text (XLSX: every XML member)."""
    if path.endswith(".xlsx"):
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            return "\n".join(member_text(n, zf.read(n)) for n in zf.namelist())
    return data.decode("utf-8")


# ---------------------------------------------------------------- registry of outputs, URLs


def test_the_three_modules_are_registered_after_what_they_read():
    names = [m.NAME for m in registry.OUTPUTS]
    assert names.index("opendata_page") > max(names.index("opendata_json"), names.index("opendata_tables"))
    assert opendata_json.READS_BODIES == set(TYPES)     # bodies as Markdown and HTML
    assert opendata_tables.READS_BODIES == frozenset()  # tables hold no bodies
    assert opendata_page.READS_BODIES == set(TYPES)     # sizes and hashes of the JSON sets


# ---------------------------------------------------------------- JSON


def test_every_json_set_validates_against_its_published_schema_and_round_trips(bank, files):
    for record_type, (stem, _title) in opendata.RECORD_SETS.items():
        doc = json.loads(files[f"otkrytye-dannye/{stem}.json"])
        schema = json.loads(files[f"otkrytye-dannye/shemy/{stem}.schema.json"])
        jsonschema.Draft202012Validator.check_schema(schema)
        jsonschema.Draft202012Validator(schema).validate(doc)
        assert doc["schema"] == SITE_URL + f"otkrytye-dannye/shemy/{stem}.schema.json" == schema["$id"]
        assert (doc["version"], doc["build_date"], doc["type"]) == (opendata.VERSION, BUILD_DATE, record_type)
        assert doc["license"] == {"name": settings.License().name, "url": settings.License().url}
        expected = [r for r in bank.records.values() if r.type == record_type and r.published]
        assert len(expected) > 3
        got = {rec["id"]: rec for rec in doc["records"]}
        assert sorted(got) == sorted(r.id for r in expected) == [rec["id"] for rec in doc["records"]]
        for r in expected:
            rec = dict(got[r.id])
            assert rec.pop("page_url") == SITE_URL + r.url
            assert rec.pop("body_markdown") == r.body  # the text once, as written (no HTML copy)
            assert rec.pop("id") == r.id
            assert rec == r.data  # the contract's fields, names and values as loaded (no name lacks consent)


def test_a_draft_is_in_no_open_data_file(bank, files):
    assert not bank.records[DRAFT].published
    title = bank.records[DRAFT].title
    leaks = [path for path, data in files.items() if DRAFT in texts_of(path, data) or title in texts_of(path, data)]
    assert leaks == []
    assert any(bank.records["starshiy-drug"].title in texts_of(p, d) for p, d in files.items() if p.endswith(".xlsx"))


def test_json_bodies_are_the_markdown_only():
    """The text of a record is published once, in Markdown as written (the source; README, «Большие
    наборы»): no rendered HTML beside it, which doubled the practices' file."""
    bank = sample()
    bank.records["starshiy-drug"].body = "Текст **жирный**\n\n- пункт"
    doc = json.loads(outputs(bank)["otkrytye-dannye/praktiki.json"])
    record = next(r for r in doc["records"] if r["id"] == "starshiy-drug")
    assert record["body_markdown"] == "Текст **жирный**\n\n- пункт"
    assert [k for k in record if k.startswith("body")] == ["body_markdown"]
    assert opendata.VERSION == "2.0"  # a field removed: the major number


# ---------------------------------------------------------------- names without consent

PEOPLE = {  # record id → (how to inject a person, surname)
    "starshiy-drug": (lambda d, p: d.setdefault("authors", []).append(p), "Авторова"),
    "tulun-primer-shkola": (lambda d, p: d.setdefault("mentors", []).append(p), "Менторова"),
    "tulun-nastavnik-goda-2025-pobeditel": (lambda d, p: d.__setitem__("person", p), "Призёрова"),
    "regionalnyy-konkurs-praktik-2025-tulun": (lambda d, p: d.__setitem__("team", [p]), "Командова"),
    "sosh-26": (lambda d, p: d.__setitem__("curator", p), "Кураторова"),
}


def with_people(consent) -> dict[str, bytes]:
    bank = sample()
    for record_id, (inject, surname) in PEOPLE.items():
        person = {"name": f"{surname} Секрета Тестовна", "position": f"должность-{record_id}"}
        if consent is not ...:
            person["consent"] = consent
        inject(bank.records[record_id].data, person)
    return outputs(bank)


@pytest.mark.parametrize("consent", [False, ..., "да"], ids=["false", "missing", "da"])
def test_a_name_without_consent_is_in_no_open_data_file(consent):
    found = with_people(consent)
    leaks = [(s, p) for p, d in found.items() for _i, s in PEOPLE.values() if s in texts_of(p, d)]
    assert leaks == []
    for record_id in PEOPLE:  # the person is there, by position
        for ext in ("json", "csv", "xlsx"):
            assert any(f"должность-{record_id}" in texts_of(p, d) for p, d in found.items() if p.endswith(ext)), \
                (record_id, ext)


def test_a_consented_name_is_in_json_csv_and_xlsx():
    """The control: with ``consent: true`` the scan above finds every name in every format."""
    found = with_people(True)
    for _inject, surname in PEOPLE.values():
        for ext in ("json", "csv", "xlsx"):
            assert any(surname in texts_of(p, d) for p, d in found.items() if p.endswith(ext)), (surname, ext)


# ---------------------------------------------------------------- CSV and XLSX of records


def test_csv_and_xlsx_have_one_row_per_published_record_under_russian_and_contract_headings(bank, files):
    for record_type, (stem, _title) in opendata.RECORD_SETS.items():
        columns = opendata.record_columns(record_type)
        ids = sorted(r.id for r in bank.records.values() if r.type == record_type and r.published)
        for rows in (csv_rows(files[f"otkrytye-dannye/{stem}.csv"]), xlsx_rows(files[f"otkrytye-dannye/{stem}.xlsx"])):
            assert rows[0] == [c.title for c in columns]
            assert rows[1] == [c.name for c in columns]
            assert [row[0] for row in rows[2:]] == ids
            names = rows[1]
            for row in rows[2:]:
                data = bank.records[row[0]].data
                cell = dict(zip(names, row, strict=True))
                assert cell["page_url"] == SITE_URL + urls.record(record_type, row[0])
                title = data.get("title") or data.get("name")
                assert cell.get("title", cell.get("name")) == title
        fields = xlsx_rows(files[f"otkrytye-dannye/{stem}.xlsx"], "Поля")
        assert fields[0] == ["Столбец", "Имя поля", "Что в нём"]
        assert [r[:2] for r in fields[1:]] == [[c.title, c.name] for c in columns]


def test_table_headings_are_the_labels_of_the_pages(bank, files):
    rows = csv_rows(files["otkrytye-dannye/praktiki.csv"])
    heads = dict(zip(rows[1], rows[0], strict=True))
    assert heads["forms_ru"] == "Формы наставничества" and heads["forms"] == "Формы наставничества (коды)"
    assert heads["goal"] == "Цель" and heads["updated"] == "Обновлено" and heads["title"] == "Название"
    for record_type, names in opendata.NAMES.items():  # written once: never a field the pages label
        labelled = {f for f, _h in opendata.FIELD_HEADINGS.get(record_type, ())}
        assert not set(names) & labelled, record_type


def test_every_column_has_a_russian_name():
    """A new contract field without a label on its page and without a line in ``opendata.NAMES`` fails here
    (README, «Как добавить поле»)."""
    for record_type in TYPES:
        for column in opendata.record_columns(record_type)[len(opendata.ID_COLUMNS):]:
            base = column.name.split(".")[0].removesuffix("_ru")
            assert opendata.field_name(record_type, base) != base, (record_type, column.name)
            assert re.search("[а-яё]", column.title, re.I), (record_type, column.name)


def test_lists_are_joined_in_one_cell_with_codes_and_russian_labels(bank, files):
    rows = csv_rows(files["otkrytye-dannye/praktiki.csv"])
    by_id = {row[0]: dict(zip(rows[1], row, strict=True)) for row in rows[2:]}
    multi = next(r for r in bank.of_type("practice") if len(r.data["audience"]) > 1)
    cell = by_id[multi.id]
    assert cell["audience"] == "; ".join(multi.data["audience"])
    assert cell["audience_ru"] == "; ".join(opendata.label("audience", f) for f in multi.data["audience"])
    with_tasks = next(r for r in bank.of_type("practice") if len(r.data.get("tasks") or []) > 1)
    assert by_id[with_tasks.id]["tasks"] == csv_text("\n".join(with_tasks.data["tasks"]))


def test_a_formula_like_text_stays_text():
    table = opendata.Table("t", [opendata.Column("Текст", "text")], [["=HYPERLINK(\"http://x\")"], ["-1"], ["обычный"]])
    assert csv_rows(to_csv(table))[2:] == [["'=HYPERLINK(\"http://x\")"], ["'-1"], ["обычный"]]
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx(table, dt.date(2026, 1, 1))))
    cells = [c.value for c in book["Данные"]["A"]][2:]
    assert cells == ["=HYPERLINK(\"http://x\")", "-1", "обычный"]
    assert all(c.data_type == "s" for c in book["Данные"]["A"])


def test_control_characters_do_not_break_the_xlsx():
    """A YAML escape («\\v», «\\x01») puts a control character into a value: XML cannot hold it, so the
    XLSX leaves it out (openpyxl would stop the build with a traceback); the CSV keeps the value."""
    bank = sample()
    bank.records["starshiy-drug"].data["title"] = "Старший\x0b друг\x01"
    found = outputs(bank)
    rows = xlsx_rows(found["otkrytye-dannye/praktiki.xlsx"])
    assert [r[2] for r in rows if r[0] == "starshiy-drug"] == ["Старший друг"]
    assert "Старший\x0b друг\x01" in found["otkrytye-dannye/praktiki.csv"].decode("utf-8")


def test_the_same_content_gives_the_same_bytes():
    first, second = outputs(sample()), outputs(sample())
    assert first.keys() == second.keys()
    assert [p for p in first if first[p] != second[p]] == []
    later = load_bank(ROOT, dt.date(2026, 11, 22))  # another build date: only dates change, not the tables' shape
    other = outputs(later)
    assert xlsx_rows(other["otkrytye-dannye/praktiki.xlsx"]) == xlsx_rows(first["otkrytye-dannye/praktiki.xlsx"])


@pytest.mark.parametrize(("limit", "added"), [(20, "\nНовый абзац о наставничестве.\n"),
                                              (0.01, "\nНовый абзац о наставничестве.\n"),
                                              (0.01, "\nНовый абзац о наставничестве." + " Длинный текст." * 800)],
                         ids=["one-file", "split-in-place", "split-anew"])
def test_a_body_only_rebuild_gives_the_files_of_a_fresh_build(limit, added):
    """Live reload (``Renderer.generate`` with the previous results and the records whose bodies changed):
    the JSON is encoded again only for the changed record, the tables are reused, the page and the
    package follow — and every open data file equals a fresh build's: with the set in one file, split
    with the record replaced in its part, and split anew when the record outgrows its part."""
    from mentorbank.pages import Renderer

    options = settings.Settings(build_date=dt.date.fromisoformat(BUILD_DATE), open_data_file_mb=limit)
    first = Renderer(sample(), SITE_URL, options)
    previous = first.generate()
    first_json = b"".join(read(d) for p, d in first.static.items() if p.endswith(".json")).decode("utf-8")
    edited = sample()
    record = edited.records["starshiy-drug"]
    record.body += added
    again = Renderer(edited, SITE_URL, options)
    results = again.generate(previous, [record])
    assert results["opendata_tables"] is previous["opendata_tables"]
    assert results["opendata_json"] is not previous["opendata_json"]
    fresh = Renderer(edited, SITE_URL, options)
    fresh.generate()
    ours = {p: read(d) for p, d in again.static.items() if p.startswith(urls.OPEN_DATA)}
    assert ours == {p: read(d) for p, d in fresh.static.items() if p.startswith(urls.OPEN_DATA)}
    assert sum("Новый абзац" in d.decode("utf-8") for p, d in ours.items() if p.endswith(".json")) == 1
    page = {p.url: p.html for p in results["opendata_page"].pages}[urls.OPEN_DATA]
    assert page == {p.url: p.html for p in fresh.results["opendata_page"].pages}[urls.OPEN_DATA]
    assert "Новый абзац" not in first_json  # the first build's files as they were then


def test_records_are_replaced_in_place_at_any_position():
    from mentorbank.outputs.opendata_json import assemble, replace_records

    bank = sample()
    catalogue = Catalogue(bank)
    env = Env(catalogue, settings.Settings(build_date=bank.build_date), SITE_URL)
    lines = [json.dumps({"id": f"r{i}", "t": "a,\nb"}).encode() for i in range(5)]
    data = assemble(catalogue, env, "practice", lines)
    for fresh in ({0: b'{"id": "x"}'}, {4: b'{"id": "y"}'}, {1: b'{"id": "p"}', 3: b'{"id": "q"}'}, {}):
        expected = [fresh.get(i, line) for i, line in enumerate(lines)]
        assert replace_records(data, fresh) == assemble(catalogue, env, "practice", expected)
    assert json.loads(replace_records(data, {2: b'{"id": "z"}'}))["records"][2] == {"id": "z"}


def _parts(files: dict[str, bytes], stem: str, ext: str) -> list[str]:
    return sorted(p for p in files if re.fullmatch(rf"otkrytye-dannye/{stem}(-\d+)*\.{ext}", p))


def test_a_set_over_the_file_limit_is_split_by_year_with_every_record_in_exactly_one_file(bank):
    """README, «Большие наборы»: with 4 KB of records per file, each set of the sample is more than
    one file (by year; a large year, and organisations, in numbered parts); every published record is
    in exactly one JSON file and one row of one CSV and one XLSX, each file validates against the
    set's one schema, the package lists every file with its size and hash and the page links each."""
    from collections import Counter

    from mentorbank.opendata_parts import year_of

    files = outputs(bank, open_data_file_mb=0.004)  # 4 KB: even the 5 winners of the sample are split
    resources = json.loads(files["otkrytye-dannye/datapackage.json"])["resources"]
    package = {"otkrytye-dannye/" + r["path"]: r for r in resources}
    html = files["otkrytye-dannye/"].decode("utf-8")
    for record_type, (stem, _title) in opendata.RECORD_SETS.items():
        expected = sorted(r.id for r in bank.of_type(record_type))
        validator = jsonschema.Draft202012Validator(json.loads(files[f"otkrytye-dannye/shemy/{stem}.schema.json"]))
        json_files = _parts(files, stem, "json")
        assert f"otkrytye-dannye/{stem}.json" not in files and len(json_files) > 1, (stem, json_files)
        seen = Counter()
        for path in json_files:
            doc = json.loads(files[path])
            validator.validate(doc)
            assert len(files[path]) <= 4194 + 1024 or len(doc["records"]) == 1, path  # records + description
            years = {year_of(bank.records[rec["id"]]) for rec in doc["records"]}
            assert years == ({doc["part"]["year"]} if "year" in doc["part"] else {None}), path
            seen.update(rec["id"] for rec in doc["records"])
        assert sorted(seen) == expected and set(seen.values()) == {1}, stem
        for ext, rows_of in (("csv", lambda d: csv_rows(d)[2:]), ("xlsx", lambda d: xlsx_rows(d)[2:])):
            table_files = _parts(files, stem, ext)
            ids = Counter(row[0] for path in table_files for row in rows_of(files[path]))
            assert sorted(ids) == expected and set(ids.values()) == {1}, (stem, ext)
        for path in json_files + _parts(files, stem, "csv") + _parts(files, stem, "xlsx"):
            assert package[path]["bytes"] == len(files[path])
            assert package[path]["hash"] == "sha256:" + hashlib.sha256(files[path]).hexdigest()
            assert f'href="{path.removeprefix("otkrytye-dannye/")}" download' in html, path
    assert "otkrytye-dannye/praktiki-2024.json" in files or any("praktiki-20" in p for p in files)
    assert "Набор разделён на файлы" in html and re.search(r"<td>\d{4} год(, часть \d+ из \d+)?</td>", html)
    names = [r["name"] for r in package.values()]
    assert len(set(names)) == len(names)


# ---------------------------------------------------------------- coordinators' tables


def test_roadmap_items_have_the_status_the_tab_shows(bank, files):
    rows = csv_rows(files["otkrytye-dannye/dorozhnye-karty.csv"])
    names = rows[1]
    catalogue = Catalogue(bank)
    expected = []
    for org in catalogue.organizations:
        for rm in org.data.get("roadmaps") or []:
            for section in rm["sections"]:
                for it in section["items"]:
                    expected.append((org.id, it["number"], STATUS_LABELS[item_status(it, bank.build_date)]))
    got = [(row[names.index("organization")], row[names.index("number")], row[names.index("shown_status")])
           for row in rows[2:]]
    assert got == expected and len(got) > 50
    real = [s for org_id, _n, s in got if org_id == TULUN]
    assert real and "просрочено" not in real  # a real roadmap has no statuses: never «просрочено»
    assert xlsx_rows(files["otkrytye-dannye/dorozhnye-karty.xlsx"])[2:] == [
        [None if v == "" else v for v in row] for row in rows[2:]]


def test_monitoring_has_one_row_per_organisation_and_year_with_the_tabs_values(bank, files):
    rows = xlsx_rows(files["otkrytye-dannye/monitoring.xlsx"])
    names = rows[1]
    catalogue = Catalogue(bank)
    expected = [(org.id, s["year"]) for org in catalogue.organizations
                for s in sorted(org.data.get("stats") or [], key=lambda s: s["year"])]
    assert [(r[0], r[2]) for r in rows[2:]] == expected and expected
    school = bank.records["tulun-primer-shkola"]
    mon = tab.monitoring(school)
    row = next(r for r in rows[2:] if r[0] == school.id and r[2] == mon.years[-1])
    involved = next(s for s in mon.shares if s.key == "involved").values[-1]
    assert row[names.index("involved")] == round(involved, 1)
    assert row[names.index("pairs")] == next(s for s in mon.counts if s.key == "pairs").values[-1]


def test_the_registry_has_the_tabs_columns_and_rows(bank, files):
    catalogue = Catalogue(bank)
    for org in opendata.with_registry(catalogue):
        for rows in (csv_rows(files[f"otkrytye-dannye/reestr/{org.id}.csv"]),
                     xlsx_rows(files[f"otkrytye-dannye/reestr/{org.id}.xlsx"])):
            assert tuple(rows[0]) == tab.REGISTRY_HEADINGS
            assert [r[0] for r in rows[1:]] == [o.title for o in catalogue.descendants(org.id)]
    tulun = xlsx_rows(files[f"otkrytye-dannye/reestr/{TULUN}.xlsx"])
    print("Tulun registry header:", tulun[0])
    assert tulun[1][0] == "МКУ «Центр МиФСОУ ТМР»"


# ---------------------------------------------------------------- settings, page, package


def test_the_licence_is_a_setting(tmp_path):
    assert settings.load(ROOT).license == settings.License()
    assert "CC BY 4.0" in settings.License().name
    custom = settings.from_mapping({"license": {"name": "Открытая лицензия региона", "url": "https://region.example/l"}})
    assert custom["license"] == settings.License("Открытая лицензия региона", "https://region.example/l")
    with pytest.raises(settings.SettingsError, match="extra.mentorbank.license"):
        settings.from_mapping({"license": {"name": "без адреса"}})
    bank = sample()
    catalogue = Catalogue(bank)
    env = Env(catalogue, settings.Settings(license=custom["license"]), SITE_URL)
    result = opendata_page.generate(catalogue, env)
    assert '<a href="https://region.example/l">Открытая лицензия региона</a>' in result.pages[0].html
    package = json.loads(result.files["otkrytye-dannye/datapackage.json"])
    assert package["licenses"] == [{"path": "https://region.example/l", "title": "Открытая лицензия региона"}]


def test_sizes_are_written_in_russian():
    assert opendata_page.size_text(850) == "850 байт"
    assert opendata_page.size_text(12 * 1024 + 100) == "12 КБ"
    assert opendata_page.size_text(1300) == "1 КБ"
    assert opendata_page.size_text(int(1.25 * 1024 * 1024)) == "1,2 МБ"


def test_the_package_lists_every_file_with_its_size_and_hash(files):
    package = json.loads(files["otkrytye-dannye/datapackage.json"])
    listed = {"otkrytye-dannye/" + r["path"]: r for r in package["resources"]}
    data_files = {p for p in files if p.startswith("otkrytye-dannye/") and p.endswith((".json", ".csv", ".xlsx"))}
    assert set(listed) == data_files - {"otkrytye-dannye/datapackage.json"}
    for path, res in listed.items():
        assert res["bytes"] == len(files[path])
        assert res["hash"] == "sha256:" + hashlib.sha256(files[path]).hexdigest()
    praktiki = listed["otkrytye-dannye/praktiki.csv"]
    assert praktiki["dialect"] == {"delimiter": ";", "headerRows": [2], "commentRows": [1]}
    assert [f["name"] for f in praktiki["schema"]["fields"]] == [c.name for c in opendata.record_columns("practice")]
    assert (package["version"], package["created"]) == (opendata.VERSION, BUILD_DATE)
    assert len({r["name"] for r in package["resources"]}) == len(package["resources"])


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a" and dict(attrs).get("href"):
            self.hrefs.append(dict(attrs)["href"])


def test_the_page_lists_every_set_with_count_size_date_and_licence(bank, files):
    html = files["otkrytye-dannye/"].decode("utf-8")
    parser = _Links()
    parser.feed(html)
    local = {"otkrytye-dannye/" + h for h in parser.hrefs if "://" not in h and not h.startswith("../")}
    data_files = {p for p in files if p.startswith("otkrytye-dannye/") and p.count(".")}
    assert local == data_files  # every file, datapackage.json included, and nothing else of its folder
    assert "Данные на 21 ноября 2026 г." in html
    assert settings.License().name in html
    for record_type, (stem, title) in opendata.RECORD_SETS.items():
        n = len(bank.of_type(record_type))
        assert re.search(rf"{title}</h3>.*?Записей: {n}\.", html, re.S)
        assert f"JSON</a> — {opendata_page.size_text(len(files[f'otkrytye-dannye/{stem}.json']))}" in html
    assert "Столбцы таблицы" in html and "Формы наставничества (коды)" in html


# ---------------------------------------------------------------- the built sample site


def test_the_built_site_has_the_open_data_and_links_to_it(sample_site):
    folder = sample_site / "otkrytye-dannye"
    sizes = {p.relative_to(sample_site).as_posix(): p.stat().st_size for p in sorted(folder.rglob("*")) if p.is_file()}
    print("open data files of the sample site (bytes):", json.dumps(sizes, indent=1))
    assert sizes["otkrytye-dannye/index.html"] and all(sizes.values())
    for page, href in (("index.html", "otkrytye-dannye/"), ("katalog/index.html", "../otkrytye-dannye/"),
                       ("praktiki/starshiy-drug/index.html", "../../otkrytye-dannye/")):
        text = (sample_site / page).read_text("utf-8")
        assert f'href="{href}"' in text, page
    assert "Открытые данные" in (sample_site / "poisk/index.html").read_text("utf-8")  # footer on every page


def test_the_built_site_has_every_written_file_whole(sample_site):
    """The JSON and record tables are written into the build cache and handed to MkDocs as paths
    (``Result.files``, ``hooks/bank.py`` ``on_files``): each reaches the site whole — the size and
    SHA-256 the package gives — and the JSON is format 2.0 with the text once, in Markdown."""
    folder = sample_site / "otkrytye-dannye"
    package = json.loads((folder / "datapackage.json").read_bytes())
    assert package["version"] == "2.0"
    for res in package["resources"]:
        data = (folder / res["path"]).read_bytes()
        assert (len(data), "sha256:" + hashlib.sha256(data).hexdigest()) == (res["bytes"], res["hash"]), res["path"]
    doc = json.loads((folder / "praktiki.json").read_bytes())
    assert doc["version"] == "2.0" and doc["records"]
    assert all("body_markdown" in r and "body_html" not in r for r in doc["records"])


def test_the_tulun_registry_xlsx_has_the_columns_of_its_tab(sample_site):
    book = openpyxl.load_workbook(sample_site / f"otkrytye-dannye/reestr/{TULUN}.xlsx", read_only=True)
    header = [c.value for c in next(book["Данные"].iter_rows())]
    print("Tulun registry header row:", header)
    tab_html = (sample_site / f"organizacii/{TULUN}/index.html").read_text("utf-8")
    table = tab_html[tab_html.index('class="mb-table mb-registry"'):]
    heads = re.findall(r'<th scope="col">([^<]*)</th>', table[:table.index("</thead>")])
    assert header == heads == list(tab.REGISTRY_HEADINGS)


def test_roadmap_statuses_are_the_words_of_every_tab(sample_site):
    """Item by item, the table's «Статус» is what each organisation's tab says (the real Tulun roadmap:
    «срок прошёл, отметка о выполнении не внесена», never «просрочено»)."""
    rows = csv_rows((sample_site / "otkrytye-dannye/dorozhnye-karty.csv").read_bytes())
    names = rows[1]
    orgs = sorted({r[0] for r in rows[2:]})
    assert TULUN in orgs and len(orgs) >= 5
    for org_id in orgs:
        ours = [r[names.index("shown_status")] for r in rows[2:] if r[0] == org_id]
        tab_html = (sample_site / f"organizacii/{org_id}/index.html").read_text("utf-8")
        shown = re.findall(r'<span class="bank-status bank-status--[a-z_]+">([^<]+)</span>', tab_html)
        assert ours == shown, org_id
        if org_id == TULUN:
            assert set(ours) == {"срок прошёл, отметка о выполнении не внесена", "запланировано"}


@pytest.mark.parametrize("width", [1280, 375])
def test_the_open_data_page_in_the_browser_downloads_every_file(page, sample_url, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(sample_url + "otkrytye-dannye/")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"opendata-{width}.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert page.locator("h1").inner_text() == "Открытые данные"
    hrefs = page.eval_on_selector_all("a[download]", "links => links.map(a => a.href)")
    assert len(hrefs) >= 4 * 4 + 2 * 2 + 1
    for href in hrefs:
        response = page.request.get(href)
        assert response.ok, href
        body = response.body()
        assert len(body) > 100, href
        if href.endswith(".xlsx"):
            assert openpyxl.load_workbook(io.BytesIO(body))["Данные"].max_row >= 2
        elif href.endswith(".json"):
            json.loads(body)
        else:
            assert body.startswith(b"\xef\xbb\xbf"), href
    with page.expect_download() as info:
        page.get_by_role("link", name="XLSX (Excel)").first.click()
    assert info.value.suggested_filename == "praktiki.xlsx"


def test_the_open_data_page_has_no_serious_accessibility_problem(page, sample_url):
    """axe-core on the page with every list of columns open, and its tables in boxes that scroll."""
    from conftest import TABLES_IN_BOXES
    from test_accessibility import serious_violations

    page.goto(sample_url + "otkrytye-dannye/")
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    assert serious_violations(page) == []
    page.set_viewport_size({"width": 375, "height": 900})
    assert page.evaluate(TABLES_IN_BOXES, False) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
