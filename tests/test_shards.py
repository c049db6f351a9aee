"""The search index in parts: every record in exactly one part, one search box over all of them,
whole bodies searchable, unchanged parts kept from the build cache."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest
from conftest import BUILD_DATE, ROOT, add_bank_settings, copy_repo, serve

from mentorbank import shards
from mentorbank.vocab import label, regions, slugs

sys.path.insert(0, str(ROOT / "bench"))
from synth import generate  # noqa: E402

#: A word that stands only at the end of one long description (after more than 100 words).
LAST_WORD = "тектоникус"
#: A word of one record only, beginning with a word every part has («на»): a part without it must not
#: answer with the fallback «на».
RARE_WORD = "накувыркус"
LONG = "practices/practices/synth-praktika-000011.md"
RARE = "practices/practices/synth-praktika-000017.md"
EDITED = "practices/practices/synth-praktika-000005.md"


def _build(root, site, cache, quiet=False) -> subprocess.CompletedProcess:
    env = dict(os.environ, BANK_BUILD_DATE=BUILD_DATE, NO_MKDOCS_2_WARNING="1", BANK_CACHE_DIR=str(cache))
    cmd = [sys.executable, "-m", "mkdocs", "build", "-f", str(root / "mkdocs.yml"), "-d", str(site)]
    done = subprocess.run(cmd + (["-q"] if quiet else []), cwd=root, env=env, capture_output=True, text=True,
                          timeout=900)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return done


def _index_line(done) -> str:
    return next(line for line in (done.stdout + done.stderr).splitlines() if "Поисковый индекс:" in line)


@pytest.fixture(scope="module")
def sharded(tmp_path_factory):
    """The sample plus 60 synthetic practices, 20 pages a part: several parts of practices."""
    root = copy_repo(tmp_path_factory.mktemp("shards") / "repo")
    generate(root, 60)
    add_bank_settings(root, "    search_shard_pages: 20\n")
    long = root / LONG
    words = " ".join(["Наставник и наставляемый обсуждают итоги года."] * 40)
    long.write_text(long.read_text("utf-8") + f"\n## Результаты\n\n{words}\n\nВ конце — {LAST_WORD}.\n", "utf-8")
    rare = root / RARE
    rare.write_text(rare.read_text("utf-8") + f"\nОдно редкое слово: {RARE_WORD}.\n", "utf-8")
    cache = root / ".cache" / "mentorbank"
    done = _build(root, root / "site", cache)
    return root, root / "site", cache, done


def _search(page, url: str, term: str | None, filters: dict | None = None) -> list[str]:
    page.goto(url + "poisk/")
    return page.evaluate(
        """async ([term, filters]) => {
            const pf = await window.bankSearchIndex();
            const s = await pf.search(term, filters ? {filters} : {});
            return (await Promise.all(s.results.map(r => r.data()))).map(d => d.url);
        }""", [term, filters])


def test_split_puts_every_page_in_exactly_one_part():
    pages = [(f"praktiki/p{i}/index.html", "practice", f"p{i}") for i in range(1000)]
    pages += [(f"pobediteli/w{i}/index.html", "winner", f"w{i}") for i in range(30)]
    pages += [("index.html", None, None), ("uchastnikam/x/index.html", None, None)]
    parts = shards.split(pages, "hash", 200)
    assert sorted(p for paths in parts.values() for p in paths) == sorted(p for p, _, _ in pages)
    assert sorted(parts) == [f"chast-{i}" for i in range(6)]  # ceil(1032 / 200)
    sizes = [len(v) for v in parts.values()]
    assert max(sizes) < 1.3 * 1032 / 6  # hash parts are even
    winners = {name for name, paths in parts.items() if any(p.startswith("pobediteli/") for p in paths)}
    assert len(winners) >= 4  # types are mixed: each part is a sample of the bank
    assert shards.split(pages, "hash", 200) == parts  # stable
    assert shards.split(pages, "hash", 5000) == {shards.ALL: [p for p, _, _ in pages]}  # fits: one index
    by_region = {f"p{i}": regions()[i % 89] for i in range(1000)} | {f"w{i}": None for i in range(30)}
    districts = shards.split(pages, "district", 200, by_region.get)
    assert sorted(p for paths in districts.values() for p in paths) == sorted(p for p, _, _ in pages)
    assert "okrug-" + shards.NO_DISTRICT in districts and "okrug-cfo" in districts
    with pytest.raises(ValueError):
        shards.split(pages, "region")


def test_every_region_has_one_district():
    assert set(shards.districts()) == set(regions())


def test_the_build_indexes_each_part_once(sharded):
    root, site, _cache, done = sharded
    manifest = json.loads((site / "pagefind" / "mentorbank-shards.json").read_text("utf-8"))["shards"]
    names = {m.split("/")[1] for m in manifest}
    assert len(names) >= 4 and all(n.startswith("chast-") for n in names)  # ≈ 120 pages, 20 a part
    for part in manifest:  # merged parts carry no script or wasm of their own
        assert not list((site / "pagefind" / part).glob("*.js")) and not list((site / "pagefind" / part).glob("wasm*"))
    assert re.search(rf"частей {len(manifest) + 1}, построено заново {len(manifest) + 1}, из кеша 0",
                     _index_line(done))


def test_every_record_is_found_exactly_once_across_parts_with_filters(sharded, page):
    root, site, _cache, _done = sharded
    url, server = serve(site)
    try:
        found = _search(page, url, None, {"Тип записи": {"any": ["Практика", "Победитель или призёр", "Мероприятие"]}})
        everything = _search(page, url, "наставник")
        form = _search(page, url, None, {"Форма наставничества": label("form", slugs("form")[0])})
    finally:
        server.shutdown()
    records = [u for u in found if re.match(r"/(praktiki|pobediteli|meropriyatiya)/", u)]
    assert len(records) == len(set(records)) == len(found)
    on_disk = {f"/{d}/{p.parent.name}/" for d in ("praktiki", "pobediteli", "meropriyatiya")
               for p in (site / d).glob("*/index.html")}
    assert set(records) == on_disk
    assert len(everything) == len(set(everything)) and len({u.split("/")[1] for u in everything}) >= 3
    assert len(form) == len(set(form)) and len([u for u in form if u.startswith("/praktiki/synth-")]) >= 5


def test_a_word_at_the_end_of_a_long_description_is_found(sharded, page):
    root, site, _cache, _done = sharded
    url, server = serve(site)
    try:
        assert _search(page, url, LAST_WORD) == ["/praktiki/synth-praktika-000011/"]
        # A word of one part only: the other parts do not answer with their fallback word («на»).
        assert _search(page, url, RARE_WORD) == ["/praktiki/synth-praktika-000017/"]
        assert _search(page, url, f"наставник {RARE_WORD}") == ["/praktiki/synth-praktika-000017/"]
        assert _search(page, url, "накувырколёт") == []  # in no part: nothing, not every part's fallback «на»
    finally:
        server.shutdown()


def test_an_edited_practice_reindexes_one_part_and_equals_a_cold_build(sharded, tmp_path, page):
    root, site, cache, _done = sharded
    edited = root / EDITED
    edited.write_text(edited.read_text("utf-8") + "\nДобавлено: синхрофазотрон.\n", "utf-8")
    warm = _build(root, tmp_path / "warm", cache)
    assert re.search(r"построено заново 1, из кеша \d+", _index_line(warm)), _index_line(warm)
    cold = _build(root, tmp_path / "cold", tmp_path / "empty-cache")
    assert "из кеша 0" in _index_line(cold)
    terms = ["синхрофазотрон", "наставник", "молодого педагога", LAST_WORD, None]
    results = {}
    for name in ("warm", "cold"):
        url, server = serve(tmp_path / name)
        try:
            results[name] = [_search(page, url, t) for t in terms]
        finally:
            server.shutdown()
    assert results["warm"][0] == ["/praktiki/synth-praktika-000005/"]
    assert results["warm"] == results["cold"]


def test_serve_rebuild_reindexes_the_edited_part_so_the_new_word_is_found(tmp_path, monkeypatch, page, caplog):
    """In ``mkdocs serve`` a rebuild after a body edit re-indexes the part holding the edited page (the
    other parts are moved back from the previous output): the new word is found, on that page only, and
    the whole index finds what a fresh build's does. Two edits in a row in different parts. The preview
    splits the index into parts of ``search_shard_pages_serve`` pages, the build into parts of
    ``search_shard_pages``."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    monkeypatch.setenv("BANK_BUILD_DATE", BUILD_DATE)
    monkeypatch.setenv("BANK_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    root = copy_repo(tmp_path / "repo")
    generate(root, 40)
    # The published site in one part, the preview in parts of 20 pages (search_shard_pages_serve).
    add_bank_settings(root, "    search_shard_pages: 1000\n    search_shard_pages_serve: 20\n")
    rare = root / RARE
    rare.write_text(rare.read_text("utf-8") + f"\nОдно редкое слово: {RARE_WORD}.\n", "utf-8")
    monkeypatch.chdir(root)
    served = tmp_path / "served"

    def serve_build(first=False) -> str:
        caplog.clear()
        config = load_config(str(root / "mkdocs.yml"), site_dir=str(served))
        if first:  # as `mkdocs serve` does: once per command, not per rebuild
            config.plugins.on_startup(command="serve", dirty=False)
        with caplog.at_level("INFO"):
            mkdocs_build(config, serve_url="http://127.0.0.1:8000/")
        return next(r.getMessage() for r in caplog.records if "Поисковый индекс:" in r.getMessage())

    first = serve_build(first=True)
    assert "частей 1," not in first, first  # several parts
    edits = {"practices/practices/synth-praktika-000005.md": "гиперкубус",
             "practices/practices/synth-praktika-000030.md": "сверхпроводникус"}
    for path, word in edits.items():
        edited = root / path
        edited.write_text(edited.read_text("utf-8") + f"\nДобавлено: {word}.\n", "utf-8")
        line = serve_build()
        assert re.search(r"построено заново 1, из кеша \d+", line), line
    fresh = tmp_path / "fresh"
    assert "частей 1," in _index_line(_build(root, fresh, tmp_path / "empty-cache"))
    terms = [*edits.values(), RARE_WORD, "наставник", None]
    results = {}
    for name, site in (("served", served), ("fresh", fresh)):
        url, server = serve(site)
        try:
            results[name] = [sorted(_search(page, url, t)) for t in terms]
        finally:
            server.shutdown()
    assert results["served"][:3] == [["/praktiki/synth-praktika-000005/"], ["/praktiki/synth-praktika-000030/"],
                                     ["/praktiki/synth-praktika-000017/"]]
    assert results["served"] == results["fresh"]
