"""What a newcomer reads when building the site : no end-of-life box of the theme, and the
incomplete «Наставничество» tabs of the sample organisations as one short Russian line instead of a
warning per organisation; the details stay in ``mentorbank report`` and ``mentorbank check``."""

from __future__ import annotations

import importlib.util
import logging
import os
import subprocess
import sys

from conftest import BUILD_DATE, ROOT

from mentorbank import build
from mentorbank.problems import WARNING, Problem

SUMMARY = "Вкладки «Наставничество» 12 организаций заполнены не полностью: подробности — mentorbank report."


def test_mkdocs_build_says_one_line_about_incomplete_tabs(tmp_path):
    env = dict(os.environ, BANK_BUILD_DATE=BUILD_DATE, NO_MKDOCS_2_WARNING="1")
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-f", str(ROOT / "mkdocs.yml"),
                           "-d", str(tmp_path / "site")], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=600)
    assert done.returncode == 0, done.stderr
    lines = (done.stdout + done.stderr).splitlines()
    about_tabs = [line for line in lines if "не полностью" in line]
    assert about_tabs == [f"INFO    -  {SUMMARY}"]
    assert not [line for line in lines if line.startswith("WARNING")], lines
    assert not [line for line in lines if "content/organizations/" in line]


def test_other_warnings_are_still_listed_one_by_one():
    tab = [Problem(f"content/organizations/o{i}.md", 2, "", "вкладка заполнена не полностью.", "", WARNING, "vkladka")
           for i in range(21)]
    bom = Problem("practices/practices/x.md", 0, "", "файл начинается с BOM.", "сохраните без BOM.", WARNING)
    lines, summary = build.warnings_for_log(tab + [bom])
    assert lines == [bom.format()]
    assert summary == "Вкладка «Наставничество» 21 организации заполнена не полностью: подробности — mentorbank report."
    assert build.warnings_for_log(tab[:11])[1].startswith("Вкладки «Наставничество» 11 организаций заполнены")
    assert build.warnings_for_log([bom]) == ([bom.format()], None)


def test_live_reload_rebuilds_do_not_repeat_the_summary(monkeypatch, caplog):
    """``mkdocs serve`` loads the config (and the adapter) again on every rebuild: the line comes once."""
    from mkdocs.config import load_config

    monkeypatch.setenv("BANK_BUILD_DATE", BUILD_DATE)
    said = []
    for n in range(2):
        spec = importlib.util.spec_from_file_location("bank_hook_test", ROOT / "hooks" / "bank.py")
        hook = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(hook)
        if n == 0:
            hook.on_startup(command="serve", dirty=False)  # once per `mkdocs serve`
        config = load_config(str(ROOT / "mkdocs.yml"))
        caplog.clear()
        with caplog.at_level(logging.INFO, logger="mkdocs.hooks.bank"):
            hook.on_config(config)
        said.append([r.getMessage() for r in caplog.records if "не полностью" in r.getMessage()])
    assert said == [[SUMMARY], []]


def test_make_exports_the_switch_of_the_theme_end_of_life_notice():
    env = {k: v for k, v in os.environ.items() if k != "NO_MKDOCS_2_WARNING"}
    done = subprocess.run(["make", "-s", "--no-print-directory", "--eval",
                           "show-env: ; @printenv NO_MKDOCS_2_WARNING", "show-env"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "1", done.stdout + done.stderr
