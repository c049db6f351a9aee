"""The PDF of the «Наставничество» tab (and, on demand or by setting, of a practice): the document a
school uploads to a site that accepts only documents (README, «PDF вкладки и практик»).

Read as a person would: the text layer (poppler's ``pdftotext``), the pages as images (``pdftoppm``,
into ``tests/artifacts/pdf-*.png``), the page geometry (``pdftotext -bbox``: no word beyond the page's
right margin, so no column is cut), the metadata (``pdfinfo``: title, language tags, A4).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from conftest import ARTIFACTS, BUILD_DATE, ROOT, build_site, copy_repo, pdf_text, real_org_ids

from mentorbank.bank import load_bank
from mentorbank.dates import ru_date
from mentorbank.settings import SettingsError, from_mapping

#: The real Tulun organisations of the sample (seed roadmaps): the district's committee (with the roadmap
#: of the seed) and its methodical centre.
TULUN = [oid for oid in real_org_ids() if oid.startswith("tulun")]
TULUN_ROADMAP = "tulun-komitet"
DATE_LINE = f"Сведения на {ru_date(dt.date.fromisoformat(BUILD_DATE))}"
#: A4 width in PDF points and the right page margin of static/pdf.css (14 mm).
A4_WIDTH, RIGHT_MARGIN = 595.276, 14 / 25.4 * 72


def tab_pdf(site: Path, org_id: str) -> Path:
    return site / "organizacii" / org_id / f"nastavnichestvo-{org_id}.pdf"


def activities(org_id: str) -> list[str]:
    """Every roadmap activity of ``org_id`` as loaded from its profile (whitespace runs as one space)."""
    bank = load_bank(ROOT, dt.date.fromisoformat(BUILD_DATE))
    org = bank.records[org_id]
    return [" ".join(it["activity"].split()) for rm in org.data.get("roadmaps") or []
            for s in rm["sections"] for it in s["items"]]


def inflated(data: bytes) -> bytes:
    """The PDF's bytes with every Flate-compressed stream (object streams, metadata) decompressed after it."""
    out = [data]
    for m in re.finditer(rb"stream\r?\n", data):
        try:
            out.append(zlib.decompressobj().decompress(data[m.end():]))
        except zlib.error:
            continue
    return b"\n".join(out)


def pdfinfo(path: Path) -> dict[str, str]:
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return {k.strip(): v.strip() for k, _, v in (line.partition(":") for line in out.splitlines())}


def test_tulun_is_in_the_sample():
    assert TULUN_ROADMAP in TULUN and len(TULUN) == 2


@pytest.mark.parametrize("org_id", [TULUN_ROADMAP])
def test_the_tab_pdf_has_every_roadmap_activity_and_the_date(sample_site, org_id):
    """The text layer holds every roadmap activity of the profile and «Сведения на <дата сборки>»; the
    metadata give the title and a tagged (PDF/UA) A4 document dated by the build date."""
    path = tab_pdf(sample_site, org_id)
    text = pdf_text(path.read_bytes())
    wanted = activities(org_id)
    assert wanted, "the Tulun profile has a roadmap"
    missing = [a for a in wanted if a not in text]
    assert missing == []
    assert text.count(DATE_LINE) >= 2  # under the title and in the margin of every page
    info = pdfinfo(path)
    bank = load_bank(ROOT, dt.date.fromisoformat(BUILD_DATE))
    assert info["Title"] == f"Наставничество — {bank.records[org_id].title}"
    assert info["Tagged"] == "yes"
    assert info["Page size"].startswith("595.276 x 841.89")
    assert info["CreationDate"].endswith("2026 UTC") and "Nov 21" in info["CreationDate"]
    objects = inflated(path.read_bytes())
    assert re.search(rb"/Lang\s*\(ru\)", objects)  # the document's language, for screen readers
    assert b'pdfuaid:part="1"' in objects  # PDF/UA-1 identification in the XMP metadata
    assert b"/StructTreeRoot" in objects  # tagged: headings, tables and lists have their structure


@pytest.mark.parametrize("org_id", TULUN)
def test_the_tab_pdf_pages_fit_the_width_and_are_saved_as_images(sample_site, org_id):
    """No word of any page lies beyond the right margin (tables fit the page, no cut columns); every
    page has its number and the date in the margin; the pages are rendered to PNG for a look."""
    path = tab_pdf(sample_site, org_id)
    pages = int(pdfinfo(path)["Pages"])
    bbox = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True).stdout
    right = [float(x) for x in re.findall(r'xMax="([\d.]+)"', bbox)]
    assert right and max(right) <= A4_WIDTH - RIGHT_MARGIN + 1
    for n in range(1, pages + 1):
        page = subprocess.run(["pdftotext", "-f", str(n), "-l", str(n), str(path), "-"], capture_output=True,
                              text=True, check=True).stdout
        assert f"Страница {n} из {pages}" in page and DATE_LINE in " ".join(page.split())
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for old in ARTIFACTS.glob(f"pdf-{org_id}-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-r", "80", "-png", str(path), str(ARTIFACTS / f"pdf-{org_id}")], check=True)
    assert len(list(ARTIFACTS.glob(f"pdf-{org_id}-*.png"))) == pages


def test_every_published_organisation_has_a_pdf_linked_from_how_to_place(sample_site):
    """One PDF per published organisation (drafts have none), linked from «Как разместить на сайте
    организации»; no practice PDFs unless the setting asks for them."""
    bank = load_bank(ROOT, dt.date.fromisoformat(BUILD_DATE))
    published = {r.id for r in bank.records.values() if r.type == "organization" and r.published}
    pdfs = {p.parent.name for p in (sample_site / "organizacii").glob("*/nastavnichestvo-*.pdf")}
    assert pdfs == published
    for org_id in TULUN:
        html = (sample_site / "organizacii" / org_id / "index.html").read_text("utf-8")
        section = html[html.index('id="mb-kak-razmestit"'):]
        assert f'href="nastavnichestvo-{org_id}.pdf" download>Скачать вкладку в PDF</a>' in section
        assert "«Госвеб»" in section and "Документ PDF" in section
    assert not list((sample_site / "praktiki").glob("*/*.pdf"))


def _build(root: Path, site: Path, cache: Path, build_date: str = BUILD_DATE) -> None:
    env_before = os.environ.get("BANK_CACHE_DIR")
    os.environ["BANK_CACHE_DIR"] = str(cache)
    try:
        done = build_site(root, site, build_date)
    finally:
        if env_before is None:
            del os.environ["BANK_CACHE_DIR"]
        else:
            os.environ["BANK_CACHE_DIR"] = env_before
    assert done.returncode == 0, done.stdout + done.stderr


def _pdfs(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted((site / "organizacii").rglob("*.pdf"))}


@pytest.mark.slow
def test_pdfs_are_the_same_bytes_in_two_builds_and_are_not_laid_out_again_when_warm(tmp_path):
    """Two fresh builds of the same content (own empty caches) give the same PDF bytes; a warm build
    (the cache of the first) gives them again without laying out a single PDF (the cache file of
    tab PDFs is not even rewritten)."""
    first, second, warm = tmp_path / "a", tmp_path / "b", tmp_path / "warm"
    _build(ROOT, first, tmp_path / "cache-a")
    _build(ROOT, second, tmp_path / "cache-b")
    a, b = _pdfs(first), _pdfs(second)
    assert len(a) >= 10 and a == b
    kept = list((tmp_path / "cache-a").glob("tab-pdf-*.sqlite"))
    assert len(kept) == 1
    stamp = kept[0].stat().st_mtime_ns
    _build(ROOT, warm, tmp_path / "cache-a")
    assert _pdfs(warm) == a
    assert kept[0].stat().st_mtime_ns == stamp


#: The invented school whose roadmap item «Представить лучшие практики…» is moved, in a copy, to a due date
#: between the two build dates of the next test (no status: planned before, «без отметки» after).
PRIMER_SCHOOL = "tulun-primer-shkola"


@pytest.mark.slow
def test_a_later_build_reuses_every_tab_pdf_whose_content_did_not_change(tmp_path):
    """A build nine days later with the same data (same cache) lays out no PDF whose content is the same:
    the bytes are those of the first build, which still say «Сведения на 21 ноября 2026 г.» (true: that
    is the day they were made, and the data have not changed since). The one organisation whose
    roadmap item passed its due date in between gets a new PDF, dated by the later build, with the
    item's new status; the page «Как разместить» explains what the date in the PDF means."""
    root = copy_repo(tmp_path / "repo")
    profile = root / "content" / "organizations" / f"{PRIMER_SCHOOL}.md"
    text = profile.read_text("utf-8")
    assert text.count("due: 2027-05-31") == 1
    profile.write_text(text.replace("due: 2027-05-31", "due: 2026-11-25"), "utf-8")
    later = "2026-11-30"
    _build(root, tmp_path / "first", tmp_path / "cache")
    first = _pdfs(tmp_path / "first")
    _build(root, tmp_path / "later", tmp_path / "cache", later)
    again = _pdfs(tmp_path / "later")
    assert sorted(first) == sorted(again) and len(first) >= 10
    changed = sorted(path for path in first if first[path] != again[path])
    assert changed == [f"organizacii/{PRIMER_SCHOOL}/nastavnichestvo-{PRIMER_SCHOOL}.pdf"]
    kept = pdf_text(again[f"organizacii/{TULUN_ROADMAP}/nastavnichestvo-{TULUN_ROADMAP}.pdf"])
    assert DATE_LINE in kept and "30 ноября" not in kept
    before, after = pdf_text(first[changed[0]]), pdf_text(again[changed[0]])
    later_line = f"Сведения на {ru_date(dt.date.fromisoformat(later))}"
    assert DATE_LINE in before and later_line not in before
    assert later_line in after and DATE_LINE not in after
    assert after.count("запланировано") == before.count("запланировано") - 1  # the item's status changed
    assert pdfinfo_bytes(again[changed[0]], tmp_path)["CreationDate"].startswith("Mon Nov 30")
    page = (tmp_path / "later" / "organizacii" / TULUN_ROADMAP / "index.html").read_text("utf-8")
    assert "строка «Сведения на …» с днём, когда документ собран" in " ".join(page.split())


def pdfinfo_bytes(data: bytes, folder: Path) -> dict[str, str]:
    path = folder / "probe.pdf"
    path.write_bytes(data)
    return pdfinfo(path)


def test_the_cli_makes_the_same_pdf_as_the_build_and_a_practice_pdf_on_demand(sample_site, tmp_path):
    """``mentorbank pdf tab <id>`` writes the build's bytes; ``mentorbank pdf practice <id>`` the
    practice's PDF (its text and the date); an unknown id is a Russian error."""
    env = dict(os.environ, BANK_BUILD_DATE=BUILD_DATE, BANK_CACHE_DIR=str(tmp_path / "cache"))
    cli = [sys.executable, "-m", "mentorbank.cli"]
    out = tmp_path / "tab.pdf"
    done = subprocess.run(cli + ["pdf", "tab", "tulun-komitet", "-o", str(out), "--root", str(ROOT)], env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert out.read_bytes() == tab_pdf(sample_site, "tulun-komitet").read_bytes()
    practice = tmp_path / "practice.pdf"
    done = subprocess.run(cli + ["pdf", "practice", "direktor-nastavnik", "-o", str(practice), "--root", str(ROOT)],
                          env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    bank = load_bank(ROOT, dt.date.fromisoformat(BUILD_DATE))
    text = pdf_text(practice.read_bytes())
    assert " ".join(bank.records["direktor-nastavnik"].title.split()) in text and DATE_LINE in text
    done = subprocess.run(cli + ["pdf", "practice", "net-takoy", "--root", str(ROOT)], env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 1 and "опубликованной практики с идентификатором «net-takoy» нет" in done.stderr
    draft = "den-professiy-s-nastavnikom"  # status: draft — published nowhere, not even on demand
    assert bank.records[draft].data["status"] == "draft"
    done = subprocess.run(cli + ["pdf", "practice", draft, "--root", str(ROOT)], env=env, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 1 and f"«{draft}» нет" in done.stderr


@pytest.mark.slow
def test_practice_pdfs_are_made_when_the_setting_asks(tmp_path):
    """``practice_pdfs: true``: one PDF per published practice beside its page; off (the default):
    none; the setting is a boolean."""
    from mentorbank.outputs import practice_pdf
    from mentorbank.pages import Renderer
    from mentorbank.settings import Settings

    bank = load_bank(ROOT, dt.date.fromisoformat(BUILD_DATE))
    renderer = Renderer(bank, "https://mentorbank.example/")
    assert practice_pdf.generate(renderer.catalogue, renderer.env).files == {}
    renderer = Renderer(bank, "https://mentorbank.example/",
                        Settings(build_date=bank.build_date, practice_pdfs=True, cache_dir=tmp_path))
    files = practice_pdf.generate(renderer.catalogue, renderer.env).files
    practices = [r for r in bank.records.values() if r.type == "practice" and r.published]
    assert sorted(files) == sorted(f"praktiki/{r.id}/praktika-{r.id}.pdf" for r in practices)
    assert all(data.startswith(b"%PDF-1.7") for data in files.values())
    assert from_mapping({"practice_pdfs": True}) == {"practice_pdfs": True}
    with pytest.raises(SettingsError, match="practice_pdfs .*ожидается true или false"):
        from_mapping({"practice_pdfs": "да"})
