"""Personal data in the renderer itself (152-ФЗ): a name without ``consent: true`` is never shown,
even if the validator (which stops the build first) were bypassed or wrong.

The sample bank is loaded, then names are put into every place a person appears (a practice's
authors, an organisation's curator and mentors, a winner's person and team), with each kind of
missing consent; every page the core renders (record pages, listings, catalogue) and every static
output of the tabs (embed page, fragment, ZIP members, the PDF's text layer) is scanned. The same injection with
``consent: true`` shows each name where a visitor expects it, so the scan can fail.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from conftest import BUILD_DATE, ROOT, member_text, pdf_text, site_texts

from mentorbank.bank import load_bank
from mentorbank.pages import Renderer
from mentorbank.settings import Settings

SITE_URL = "https://mentorbank.example/"

#: Where a person is injected: slot → (record id, how to inject, pages and files showing the person).
#: Every slot has its own name and position, so a leak names its slot.
PRACTICE = "starshiy-drug"                       # of tulun-primer-shkola
SCHOOL = "tulun-primer-shkola"                   # parent: tulun-primer-centr
WINNER = "tulun-nastavnik-goda-2025-pobeditel"   # result: winner, of tulun-primer-shkola
TEAM = "regionalnyy-konkurs-praktik-2025-tulun"  # result: prize-winner, of tulun-primer-centr
AUTHORITY = "tulun-primer-centr"             # the example authority above the school


def tab_files(org: str) -> list[str]:
    """The site page and the four static shapes of an organisation's tab."""
    return [f"organizacii/{org}/", f"organizacii/{org}/vstraivanie/index.html",
            f"organizacii/{org}/fragment.html", f"organizacii/{org}/nastavnichestvo-{org}.zip!index.html",
            f"organizacii/{org}/nastavnichestvo-{org}.pdf"]


SLOTS = {
    "author": (PRACTICE, lambda data, p: data.setdefault("authors", []).append(p), ["praktiki/starshiy-drug/"]),
    "curator": (SCHOOL, lambda data, p: data.__setitem__("curator", p), tab_files(SCHOOL)),
    "mentor": (SCHOOL, lambda data, p: data.setdefault("mentors", []).append(p),
               tab_files(SCHOOL) + tab_files(AUTHORITY)),
    "winner": (WINNER, lambda data, p: data.__setitem__("person", p),
               [f"pobediteli/{WINNER}/"] + tab_files(SCHOOL) + tab_files(AUTHORITY)),
    "team": (TEAM, lambda data, p: data.__setitem__("team", [p]),
             [f"pobediteli/{TEAM}/"] + tab_files(AUTHORITY)),
}
SURNAMES = {"author": "Авторова", "curator": "Кураторова", "mentor": "Менторова", "winner": "Призёрова",
            "team": "Командова"}


def person(slot: str, consent) -> dict:
    """A person for ``slot``; ``consent`` is the value of the field, or ``...`` for no field at all."""
    p = {"name": f"{SURNAMES[slot]} Секрета Тестовна", "position": f"должность-{slot}-маркер"}
    if slot == "mentor":
        p["subjects"] = ["математика"]
    if consent is not ...:
        p["consent"] = consent
    return p


def render_with(consent, cache_dir=None) -> dict[str, str]:
    """Load the sample bank, inject a person with ``consent`` into every slot (no validation), render
    every page and static output; return {site path (ZIP members as ``zip!member``, PDFs as their text
    layer): text}. ``cache_dir``: the build cache (PDFs of tabs the injection does not change are kept)."""
    bank = load_bank(ROOT, dt.date.fromisoformat(BUILD_DATE))
    for slot, (record_id, inject, _where) in SLOTS.items():
        inject(bank.records[record_id].data, person(slot, consent))
    renderer = Renderer(bank, SITE_URL, Settings(build_date=bank.build_date, cache_dir=cache_dir))
    out = {page.url: page.html for page in renderer.all_pages()}
    for path, data in renderer.static.items():
        data = data if isinstance(data, bytes) else data.read_bytes()  # the open data: written files
        if path.endswith((".zip", ".xlsx")):  # an XLSX is a ZIP of XML (open data)
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                out.update({f"{path}!{name}": member_text(name, zf.read(name)) for name in zf.namelist()})
        elif path.endswith(".pdf"):
            out[path] = pdf_text(data)
        else:
            out[path] = data.decode("utf-8", "replace")  # the editor's vendored files include WebAssembly
    # Additions to pages' <head> (JSON-LD, Open Graph, descriptions, feed links); feeds and calendars are
    # static outputs above.
    out.update({f"{url}<head>": html for url, html in renderer.heads.items()})
    out.update({f"{url}<description>": text for url, text in renderer.descriptions.items()})
    return out


@pytest.fixture(scope="module")
def cache_dir(tmp_path_factory):
    """One build cache for the renders of this module: each lays out only the PDFs its names change."""
    return tmp_path_factory.mktemp("consent-cache")


@pytest.fixture(scope="module")
def consented(cache_dir) -> dict[str, str]:
    return render_with(True, cache_dir)


def test_consented_names_are_shown_where_a_visitor_looks(consented):
    """The control: with ``consent: true`` each name is on every page and output of its slot."""
    for slot, (_record, _inject, where) in SLOTS.items():
        name = person(slot, True)["name"]
        missing = [path for path in where if name not in consented[path]]
        assert missing == [], (slot, missing)


def test_consented_names_reach_feeds_and_json_ld_as_on_pages(consented):
    """The control for feeds, calendars and JSON-LD: with consent the winner's and the team's names are in
    the feeds and the winner pages' JSON-LD, the author's in the practice's JSON-LD — so the scan below
    reads them."""
    winner, team, author = (person(slot, True)["name"] for slot in ("winner", "team", "author"))
    assert winner in consented["feed.xml"] and winner in consented["rss.xml"]
    assert winner in consented[f"organizacii/{AUTHORITY}/feed.xml"]
    assert team in consented["feed.xml"]
    assert winner in consented[f"pobediteli/{WINNER}/<head>"] and team in consented[f"pobediteli/{TEAM}/<head>"]
    assert author in consented[f"praktiki/{PRACTICE}/<head>"]
    assert any(path.endswith(".ics") for path in consented)


#: ``consent`` values that are not ``true``: false, absent, a word, and 1 (equal to True in Python, not ``true``).
@pytest.mark.parametrize("consent", [False, ..., "да", 1], ids=["false", "missing", "da", "one"])
def test_a_name_without_consent_is_rendered_nowhere(consent, cache_dir):
    outputs = render_with(consent, cache_dir)
    for slot, (_record, _inject, where) in SLOTS.items():
        p = person(slot, consent)
        surname = SURNAMES[slot]
        leaks = [path for path, text in outputs.items() if surname in text]
        assert leaks == [], (slot, leaks)
        # The person is still there, by position (so the scan looked at a rendered slot).
        shown = [path for path in where if p["position"] in outputs[path]]
        if slot in ("mentor", "winner", "team"):
            # The base of mentors lists people with a published name only; their own records
            # (a winner's page) still show the position.
            shown_expected = [path for path in where if path.startswith("pobediteli/")]
        else:
            shown_expected = where
        assert shown == shown_expected, (slot, shown, shown_expected)


# ---------------------------------------------------------------- the built site, validator bypassed


#: Builds the site with the validator's consent rule switched off (the renderer must still hide names).
_BUILD_WITHOUT_CONSENT_RULE = """
import sys
import mentorbank.rules as rules
assert hasattr(rules, "_check_people"), "the consent rule moved: update this test"
rules._check_people = lambda *args, **kwargs: None
from mkdocs.__main__ import cli
cli(sys.argv[1:])
"""


@pytest.mark.site
@pytest.mark.slow
def test_a_built_site_without_the_consent_rule_shows_no_unconsented_name(tmp_path):
    """The site (pages, Pagefind index, embeds, fragments, ZIPs) built from files naming people without
    consent (``consent: false`` or no ``consent``), with the validator's rule off: no name anywhere,
    while the positions of the same people are there (also in the search index)."""
    import os
    import subprocess
    import sys

    import yaml
    from conftest import copy_repo

    root = copy_repo(tmp_path / "repo")
    files = {PRACTICE: "practices/practices", SCHOOL: "content/organizations", WINNER: "practices/winners",
             TEAM: "practices/winners"}
    for n, (slot, (record_id, inject, _where)) in enumerate(SLOTS.items()):
        path = root / files[record_id] / f"{record_id}.md"
        _, front, body = path.read_text("utf-8").split("---\n", 2)
        data = yaml.safe_load(front)
        inject(data, person(slot, False if n % 2 else ...))
        path.write_text("---\n" + yaml.safe_dump(data, allow_unicode=True, sort_keys=False) + "---\n" + body, "utf-8")
    site = tmp_path / "site"
    env = dict(os.environ, BANK_BUILD_DATE=BUILD_DATE, NO_MKDOCS_2_WARNING="1")
    done = subprocess.run([sys.executable, "-c", _BUILD_WITHOUT_CONSENT_RULE, "build", "-q", "-f",
                           str(root / "mkdocs.yml"), "-d", str(site)], cwd=root, env=env, capture_output=True,
                          text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    texts = dict(site_texts(site))
    assert len(texts) > 100
    leaks = [(slot, path) for slot, surname in SURNAMES.items() for path, text in texts.items() if surname in text]
    assert leaks == []
    for slot in set(SLOTS) - {"mentor"}:  # the base of mentors lists named people only
        assert any(person(slot, False)["position"] in text for text in texts.values()), slot
    # Feeds, calendars and the pages' JSON-LD were scanned too; the winner is there by position.
    assert {"feed.xml", "rss.xml", "katalog/meropriyatiya.ics", f"organizacii/{AUTHORITY}/feed.xml"} <= set(texts)
    assert person("winner", False)["position"] in texts["feed.xml"]
    assert person("winner", False)["position"] in texts[f"pobediteli/{WINNER}/index.html"].split("</head>")[0]
    index = [text for path, text in texts.items() if path.startswith("pagefind/") and "/fragment/" in path]
    assert index and any(person("author", False)["position"] in text for text in index)
