"""The contributor command line: check --changed, --format github/json, schema files."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from conftest import ROOT

from mentorbank.cli import main, schema_text
from mentorbank.schema import RECORD_TYPES

ORG = """---
type: organization
name: Школа 1 (тест)
short_name: Школа 1
kind: school
region: Томская область
municipality: Томский район
---
Текст.
"""

PRACTICE = """---
type: practice
title: Практика
summary: Аннотация.
organization: {org}
year: 2024
forms: [pupil-pupil]
audience: [pupils-5-9]
goal: Цель.
updated: 2025-01-01
---
Текст.
"""


def _git(root: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True,
                   env={"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
                        "GIT_COMMITTER_EMAIL": "t@example.org", "HOME": str(root), "PATH": "/usr/bin:/bin"})


@pytest.fixture
def repo(tmp_path, monkeypatch):
    root = tmp_path / "repo"
    (root / "content/organizations").mkdir(parents=True)
    (root / "practices/practices").mkdir(parents=True)
    (root / "content/organizations/shkola-1.md").write_text(ORG, "utf-8")
    # invalid and never touched by the tests below
    (root / "practices/practices/staraya.md").write_text(PRACTICE.format(org="net-takoy"), "utf-8")
    _git(root, "init", "-q", "-b", "main")
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "base")
    monkeypatch.setenv("BANK_BUILD_DATE", "2026-11-21")
    return root


def test_changed_ignores_untouched_invalid_files(repo, capsys):
    (repo / "practices/practices/novaya.md").write_text(PRACTICE.format(org="shkola-1"), "utf-8")
    assert main(["check", "--root", str(repo), "--changed", "HEAD"]) == 0
    out = capsys.readouterr().out
    assert "staraya.md" not in out
    assert main(["check", "--root", str(repo)]) == 1  # the whole bank still has the old error


def test_changed_catches_a_changed_file_with_a_missing_organization(repo, capsys):
    (repo / "practices/practices/novaya.md").write_text(PRACTICE.format(org="shkola-2"), "utf-8")
    assert main(["check", "--root", str(repo), "--changed", "HEAD"]) == 1
    out = capsys.readouterr().out
    assert "practices/practices/novaya.md:5" in out and "«shkola-2» не найдена" in out
    assert "staraya.md" not in out


def test_changed_uses_the_whole_bank_for_references(repo, capsys):
    """A new practice may reference an organization that was not changed."""
    (repo / "practices/practices/novaya.md").write_text(PRACTICE.format(org="shkola-1"), "utf-8")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "new")
    assert main(["check", "--root", str(repo), "--changed", "HEAD~1"]) == 0


def test_changed_with_a_bad_revision_is_a_clear_error(repo, capsys):
    assert main(["check", "--root", str(repo), "--changed", "net-takoy-revizii"]) == 2
    assert "git не смог сравнить" in capsys.readouterr().err


def test_github_format_is_one_annotation_per_error(repo, capsys):
    (repo / "practices/practices/novaya.md").write_text(
        PRACTICE.format(org="shkola-2").replace("forms: [pupil-pupil]", "forms: [pupil-pupl]"), "utf-8")
    assert main(["check", "--root", str(repo), "--format", "json"]) == 1
    problems = json.loads(capsys.readouterr().out)
    assert main(["check", "--root", str(repo), "--format", "github"]) == 1
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == len(problems)
    assert sum(p["severity"] == "error" for p in problems) == 3
    for line, p in zip(lines, problems, strict=True):
        assert line.startswith(f"::{p['severity']} file={p['file']},line={p['line']}::")
    assert any("file=practices/practices/novaya.md,line=7::forms[0]" in line and "pupil-pupil" in line
               for line in lines)


def test_committed_schema_files_are_fresh():
    for record_type in RECORD_TYPES:
        committed = ROOT / "schema" / f"{record_type}.json"
        assert committed.read_text("utf-8") == schema_text(record_type), \
            f"schema/{record_type}.json устарел: выполните «mentorbank schema»"


def test_schema_command_writes_files(tmp_path, capsys):
    assert main(["schema", "--out", str(tmp_path)]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(f"{t}.json" for t in RECORD_TYPES)


def test_json_schema_agrees_with_the_validator_on_samples():
    """Every sample record is valid under the exported schema (a draft 2020-12 validator)."""
    import frontmatter
    import jsonschema

    for path in list((ROOT / "practices").rglob("*.md")) + list((ROOT / "content/organizations").glob("*.md")):
        post = frontmatter.loads(path.read_text("utf-8"))
        data = json.loads(json.dumps(post.metadata, default=str))
        schema = json.loads((ROOT / "schema" / f"{data['type']}.json").read_text("utf-8"))
        jsonschema.Draft202012Validator(schema).validate(data)
        bad = dict(data, unknown_field_x=1)
        assert list(jsonschema.Draft202012Validator(schema).iter_errors(bad)), path


def _fill(text: str, record_type: str) -> str:
    """Fill the placeholders of a new file the way a contributor would."""
    text = text.replace("region: \"ЗАПОЛНИТЕ: субъект РФ, как в списке регионов\"", "region: Томская область")
    text = text.replace("forms:                           # формы наставничества (словарь form): pupil-pupil, "
                        "teacher-teacher, student-pupil, …\n  - ЗАПОЛНИТЕ", "forms:\n  - pupil-pupil")
    text = text.replace("  - ЗАПОЛНИТЕ", "  - teachers")
    for key, value in (("level", "municipal"), ("result", "winner"), ("event_type", "seminar"), ("kind", "school")):
        text = text.replace(f"{key}: ЗАПОЛНИТЕ", f"{key}: {value}")
    text = text.replace('"ЗАПОЛНИТЕ: ', '"')
    return text.replace("ЗАПОЛНИТЕ: ", "").replace("ЗАПОЛНИТЕ", "Текст раздела.")


@pytest.mark.parametrize("record_type", ["organization", "practice", "winner", "event"])
def test_new_file_passes_check_once_placeholders_are_filled(repo, capsys, record_type):
    args = ["new", record_type, "--root", str(repo), "--title", "Наставник рядом: «школа» № 1"]
    if record_type != "organization":
        args += ["--organization", "shkola-1"]
    assert main(args) == 0
    created = repo / capsys.readouterr().out.split("Создан файл ")[1].split(".md")[0]
    created = created.with_suffix(".md")
    assert created.name == "nastavnik-riadom-shkola-no-1.md"
    text = created.read_text("utf-8")
    assert main(["check", "--root", str(repo), str(created)]) == 1  # placeholders are reported
    assert "заготовка «ЗАПОЛНИТЕ»" in capsys.readouterr().out
    created.write_text(_fill(text, record_type), "utf-8")
    code = main(["check", "--root", str(repo), str(created)])
    assert code == 0, capsys.readouterr().out


def test_new_makes_unique_ids(repo, capsys):
    for _ in range(2):
        assert main(["new", "event", "--root", str(repo), "--title", "Семинар", "--organization", "shkola-1"]) == 0
    assert (repo / "practices/events/seminar.md").exists() and (repo / "practices/events/seminar-2.md").exists()


SCHEMA_LEVEL_BREAKS = {
    "enum-typo": ("forms: [pupil-pupil]", "forms: [pupil-pupl]"),
    "missing-required": ("goal: Цель.\n", ""),
    "wrong-type": ("year: 2024", "year: \"2024\""),
    "unknown-key": ("goal: Цель.", "goal: Цель.\ngoall: x"),
    "bad-date": ("updated: 2025-01-01", "updated: 01.01.2025"),
    "too-long": ("title: Практика", "title: " + "Я" * 201),
    "bad-url": ("goal: Цель.", "goal: Цель.\ncontacts: {url: \"javascript:alert(1)\"}"),
    "empty-list": ("forms: [pupil-pupil]", "forms: []"),
}


@pytest.mark.parametrize("case", ["valid", *SCHEMA_LEVEL_BREAKS])
def test_exported_schema_and_validator_give_the_same_verdict(repo, capsys, case):
    import frontmatter
    import jsonschema

    text = PRACTICE.format(org="shkola-1")
    if case != "valid":
        old, new = SCHEMA_LEVEL_BREAKS[case]
        assert old in text
        text = text.replace(old, new)
    path = repo / "practices/practices/proverka.md"
    path.write_text(text, "utf-8")
    validator_ok = main(["check", "--root", str(repo), str(path)]) == 0
    data = json.loads(json.dumps(frontmatter.loads(text).metadata, default=str))
    schema = json.loads((ROOT / "schema/practice.json").read_text("utf-8"))
    schema_ok = jsonschema.Draft202012Validator(schema).is_valid(data)
    assert validator_ok == schema_ok == (case == "valid")


# ---------------------------------------------------------------- Russian help and usage errors

#: argparse's own English words; none may reach a contributor.
ARGPARSE_ENGLISH = ("usage", "positional", "optional", "options", "show", "help message", "error:", "required",
                    "invalid choice", "unrecognized", "expected", "argument", "subcommands")


def _run_cli(*args: str) -> tuple[int, str]:
    """Run the installed command as a contributor would: exit code and everything it printed."""
    import sys

    done = subprocess.run([sys.executable, "-m", "mentorbank.cli", *args], cwd=ROOT, capture_output=True,
                          text=True, env={"PATH": "/usr/bin:/bin", "LANG": "en_US.UTF-8", "PYTHONIOENCODING": "utf-8"})
    return done.returncode, done.stdout + done.stderr


def _english_words(text: str) -> list[str]:
    # «--help» is the option itself, not a word of argparse.
    lowered = text.lower().replace("--help", "")
    return [w for w in ARGPARSE_ENGLISH if w in lowered]


@pytest.mark.parametrize("args", [["--help"], ["-h"], ["check", "--help"], ["new", "--help"], ["schema", "--help"]])
def test_help_is_russian(args):
    code, out = _run_cli(*args)
    assert code == 0
    assert out.startswith("Использование: mentorbank")
    assert "показать эту справку и выйти" in out
    assert _english_words(out) == [], out


@pytest.mark.parametrize(("args", "says"), [
    (["chek"], "команда: недопустимое значение 'chek' (возможны: 'check', 'new', 'schema', 'report', 'import', 'pdf')"),
    (["new"], "mentorbank new: ошибка: не хватает обязательных аргументов: тип"),
    (["check", "--format", "xml"], "--format: недопустимое значение 'xml'"),
    (["check", "--root"], "--root: нужно одно значение"),
    (["schema", "--bogus"], "ошибка: неизвестные аргументы: --bogus"),
], ids=["unknown-command", "missing-argument", "bad-choice", "missing-value", "unknown-option"])
def test_usage_errors_are_russian(args, says):
    code, out = _run_cli(*args)
    assert code == 2
    assert out.startswith("Использование: mentorbank")
    assert says in out
    assert "Справка: mentorbank" in out
    assert _english_words(out) == [], out


def test_every_argparse_message_has_a_russian_text():
    """The catalog covers every message id of the running Python's argparse (a newer Python adds some)."""
    import argparse
    import ast

    from mentorbank.argparse_ru import CATALOG, PLURALS

    tree = ast.parse(Path(argparse.__file__).read_text("utf-8"))
    ids = {(node.func.id, node.args[0].value) for node in ast.walk(tree)
           if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("_", "ngettext")
           and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)}
    missing = [msg for kind, msg in ids if msg not in (CATALOG if kind == "_" else PLURALS)]
    assert ids and missing == []


def test_russian_catalog_is_scoped_to_the_command():
    """Other argparse users in the same process keep their own texts."""
    import argparse

    with pytest.raises(SystemExit):
        main(["--help"])
    assert "usage:" in argparse.ArgumentParser(prog="x").format_usage()


# ---------------------------------------------------------------- «Подробнее: …» from site_url


def _with_site(repo: Path, site_url_line: str) -> Path:
    (repo / "mkdocs.yml").write_text(f"site_name: Банк\n{site_url_line}docs_dir: content\n"
                                     "markdown_extensions:\n  - pymdownx.emoji:\n"
                                     "      emoji_index: !!python/name:material.extensions.emoji.twemoji\n", "utf-8")
    (repo / "content/uchastnikam").mkdir(parents=True, exist_ok=True)
    (repo / "content/uchastnikam/model-dannyh.md").write_bytes((ROOT / "content/uchastnikam/model-dannyh.md")
                                                               .read_bytes())
    return repo


@pytest.mark.parametrize("line", ["site_url: https://mentorbank.example/\n", "", "site_url: http://127.0.0.1:8000/\n"],
                         ids=["placeholder", "absent", "local-server"])
def test_more_points_to_the_repository_page_without_a_real_site_url(repo, capsys, line):
    _with_site(repo, line)
    assert main(["check", "--root", str(repo)]) == 1
    out = capsys.readouterr().out
    # staraya.md names a missing organisation: the rule on references between records.
    assert "Подробнее: content/uchastnikam/model-dannyh.md, раздел «Ссылки между записями»" in out
    assert "mentorbank.example" not in out and "http" not in out


def test_more_points_to_the_published_site(repo, capsys):
    _with_site(repo, "site_url: https://bank.obrazovanie-tomsk.ru/nastavnichestvo\n")
    assert main(["check", "--root", str(repo)]) == 1
    out = capsys.readouterr().out
    assert "Подробнее: https://bank.obrazovanie-tomsk.ru/nastavnichestvo/uchastnikam/model-dannyh/#ssylki" in out


def test_site_url_from_the_environment_as_mkdocs_reads_it(repo, capsys, monkeypatch):
    _with_site(repo, "site_url: !ENV [BANK_SITE_URL, 'https://mentorbank.example/']\n")
    monkeypatch.setenv("BANK_SITE_URL", "https://bank.region.ru/")
    assert main(["check", "--root", str(repo)]) == 1
    assert "Подробнее: https://bank.region.ru/uchastnikam/model-dannyh/#ssylki" in capsys.readouterr().out
    monkeypatch.delenv("BANK_SITE_URL")
    assert main(["check", "--root", str(repo)]) == 1
    assert "Подробнее: content/uchastnikam/model-dannyh.md, раздел «Ссылки между записями»" in capsys.readouterr().out


def test_every_topic_of_a_message_is_a_section_of_the_data_model_page():
    """The fallback names a section that exists: every topic the code gives a problem has its heading."""
    import re

    from mentorbank.problems import _sections

    sections = _sections((ROOT / "content/uchastnikam/model-dannyh.md").read_text("utf-8"))
    code = "".join(p.read_text("utf-8") for p in (ROOT / "mentorbank").glob("*.py"))
    topics = set(re.findall(r'(?:ERROR|WARNING), "([a-z-]+)"\)|topic(?:: str)? ?= ?"([a-z-]+)"', code))
    topics = {a or b for a, b in topics}
    assert {"polya", "oshibki-chteniya", "ssylki", "pravila"} <= topics
    assert {t: sections.get(t) for t in topics if t not in sections} == {}


def test_github_annotations_say_where_to_read_more(repo, capsys):
    _with_site(repo, "site_url: https://mentorbank.example/\n")
    assert main(["check", "--root", str(repo), "--format", "github"]) == 1
    out = capsys.readouterr().out
    assert "staraya.md" in out and "Подробнее%3A" not in out  # data part: only %, CR, LF are escaped
    assert "Подробнее: content/uchastnikam/model-dannyh.md, раздел «Ссылки между записями»" in out


@pytest.mark.parametrize("record_type", ["practice", "winner", "event"])
def test_new_file_suggests_no_section_that_repeats_a_card_field(repo, capsys, record_type):
    """The page shows each card field under its own heading («Ресурсы» for resources, …): a suggested body
    section with the same heading would show it twice, whichever optional fields the contributor fills."""
    import re

    from mentorbank.headings import FIELD_HEADINGS, same_heading

    assert main(["new", record_type, "--root", str(repo), "--title", "Практика", "--organization", "shkola-1"]) == 0
    created = repo / capsys.readouterr().out.split("Создан файл ")[1].split(" ")[0].rstrip(".")
    body = created.read_text("utf-8").split("\n---\n", 1)[1]
    sections = {same_heading(h) for h in re.findall(r"^#{1,6} (.+)$", body, re.M)}
    labels = {same_heading(label) for _, label in FIELD_HEADINGS[record_type]}
    assert sections & labels == set()
    if record_type == "practice":
        assert {"актуальность", "описание", "этапы", "результаты", "возможности тиражирования"} <= sections


def test_output_cut_short_by_its_reader_is_no_traceback(repo):
    """``mentorbank check | head -1``: the reader goes away before the errors are written; the command
    stops quietly (exit 1, as Python advises for SIGPIPE) instead of printing a Python traceback."""
    import sys

    proc = subprocess.Popen([sys.executable, "-m", "mentorbank.cli", "check", "--root", str(repo)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=repo)
    proc.stdout.close()  # the reader is gone before the first line
    err = proc.stderr.read().decode("utf-8")
    assert proc.wait(timeout=60) == 1
    assert "Traceback" not in err and "BrokenPipeError" not in err, err
