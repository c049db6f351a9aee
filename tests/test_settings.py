"""One settings object (``extra.mentorbank`` in mkdocs.yml): its values change what the build shows,
and a bad value stops the build and the check with a Russian message naming the key."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from conftest import BUILD_DATE, ROOT, add_bank_settings, copy_repo

from mentorbank import build, cli
from mentorbank.settings import Settings, SettingsError, load


def _with_settings(root, block: str) -> None:
    add_bank_settings(root, block)


def test_defaults_without_extra_mentorbank():
    s = load(ROOT, {"BANK_BUILD_DATE": BUILD_DATE})
    assert (s.page_size, s.tab_limit, s.fragment_limit, s.search_body_words) == (50, 10, 60_000, None)
    assert (s.search_shard_pages, s.search_shard_key, s.search_index_workers) == (2000, "hash", None)
    assert s.build_date == dt.date.fromisoformat(BUILD_DATE)
    assert s.cache_dir == ROOT / ".cache" / "mentorbank"
    with pytest.raises(AttributeError):
        s.page_size = 3  # frozen: passed around, never changed


def test_values_from_mkdocs_yml_change_the_listings_and_the_tab(tmp_path, monkeypatch):
    root = copy_repo(tmp_path / "repo")
    _with_settings(root, "    page_size: 2\n    tab_limit: 1\n")
    monkeypatch.setenv("BANK_BUILD_DATE", BUILD_DATE)
    monkeypatch.setenv("BANK_CACHE_DIR", str(tmp_path / "cache"))
    prepared = build.prepare(root)
    listing = prepared.pages["katalog/praktiki.md"].html
    total = int(re.search(r"Записей: (\d+)", listing)[1])
    assert total > 2 and f"страница 1 из {(total + 1) // 2}." in listing
    # an organisation with two or more practices gets its own listing beyond the tab limit of 1
    assert any(re.fullmatch(r"organizacii/[^/]+/praktiki\.md", uri) for uri in prepared.pages)


def test_bad_value_stops_the_build_and_the_check_in_russian(tmp_path, monkeypatch, capsys):
    root = copy_repo(tmp_path / "repo")
    _with_settings(root, "    page_size: много\n    tab_limt: 3\n")
    monkeypatch.setenv("BANK_BUILD_DATE", BUILD_DATE)
    monkeypatch.setenv("BANK_CACHE_DIR", str(tmp_path / "cache"))
    with pytest.raises(build.BuildFailed) as failed:
        build.prepare(root)
    message = str(failed.value)
    assert "extra.mentorbank.page_size" in message and "ожидается целое число" in message and "много" in message
    assert "неизвестный параметр «tab_limt»" in message
    assert cli.main(["check", "--root", str(root)]) == 2
    err = capsys.readouterr().err
    assert "extra.mentorbank.page_size" in err and "Traceback" not in err


def test_build_date_override_and_bad_date():
    assert load(ROOT, {"BANK_BUILD_DATE": "2030-01-02"}).build_date == dt.date(2030, 1, 2)
    with pytest.raises(SettingsError, match="ожидается дата ГГГГ-ММ-ДД"):
        load(ROOT, {"BANK_BUILD_DATE": "02.01.2030"})
    assert Settings().with_(page_size=7).page_size == 7
