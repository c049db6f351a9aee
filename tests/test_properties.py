"""Property tests (hypothesis) of reading, validating and rendering contributor files.

1. Reading never raises: ``parse_text`` on arbitrary front matter (the contract's keys
   and random keys with random values), arbitrary bodies, raw bytes and mutated valid
   files; ``load_bank`` and ``mentorbank check`` on a repository holding such a file.
2. Every problem is well formed: a file, a line ≥ 0 (≥ 1 for a field), a severity,
   a Russian message; a broken file never produces a problem in another file and
   never drops the valid base records.
3. Generated valid practices (valid slugs, vocabulary values, dates; hostile text in
   the title, summary and body) pass without errors, and every page the renderer
   makes from them is free of scripts, handlers and script URLs (``html.parser``).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import re
import shutil
import string
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from test_corpus import BASE, BASE_RECORDS, MARKER, scan_html

from mentorbank import rules
from mentorbank.bank import load_bank
from mentorbank.cli import main
from mentorbank.loader import parse_text
from mentorbank.pages import Renderer
from mentorbank.problems import ERROR, WARNING
from mentorbank.schema import RECORD_TYPES, SCHEMAS
from mentorbank.vocab import slugs

BUILD_DATE = dt.date(2026, 11, 21)
#: The scaffold's «fill me in» marker: a file still holding it is an error, so valid records never contain it.
PLACEHOLDER = getattr(rules, "PLACEHOLDER", "ЗАПОЛНИТЕ")
# Fixed examples (derandomize: the seed comes from the test's name), so a failure is reproducible and a
# pass means the same thing on every run; new examples come when a test or a strategy changes.
PARSE = settings(max_examples=150, deadline=None, database=None, derandomize=True,
                 suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
RENDER = settings(max_examples=40, deadline=None, database=None, derandomize=True,
                  suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
CYRILLIC = re.compile("[А-Яа-яЁё]")
FOLDERS = ("practices/practices", "practices/winners", "practices/events", "content/organizations", "practices")


def _contract_keys(schema: dict, out: set) -> set:
    for key, sub in schema.get("properties", {}).items():
        out.add(key)
        _contract_keys(sub, out)
    if isinstance(schema.get("items"), dict):
        _contract_keys(schema["items"], out)
    return out


CONTRACT_KEYS = sorted(set().union(*(_contract_keys(s, set()) for s in SCHEMAS.values())))
VOCABS = ("form", "role_model", "kind", "audience", "special_group", "level", "event_type", "result", "org_kind",
          "doc_kind", "doc_level")
VOCAB_VALUES = sorted({v for name in VOCABS for v in slugs(name)})

# ---------------------------------------------------------------- strategies: anything

HOSTILE = [
    "---", "\n---\n", "...", "{{ 7 * 7 }}", "{% if true %}X{% endif %}", "{#", "{{", "}}",
    f"<script>alert('{MARKER}')</script>", f"<img src=x onerror=alert('{MARKER}')>",
    f"<a href=\"javascript:alert('{MARKER}')\">a</a>", f"[x](javascript:alert('{MARKER}'))",
    f"![x](data:text/html,{MARKER})", "<svg onload=alert(1)>", "<iframe src=//evil.example>",
    "<style>*{}</style>", "javascript&colon;alert(1)", "<!--", "-->", "]]>", "&amp;", "&#x6A;", "\"'`",
    "\t", "\r\n", "\r", "\x0b", "\x1b[31m", "\u2028", "\x85", "\ufeff", "\u202e", "\u200b", "é", "ё", "𝔘",
    "#", ": ", "- ", "? ", "!!python/object:os.system", "&anchor", "*alias", "|", ">", "%", "@", "`",
]
hostile_text = st.lists(st.one_of(st.sampled_from(HOSTILE), st.text(max_size=20)), max_size=8).map("".join)
date_strings = st.one_of(
    st.dates(dt.date(1900, 1, 1), dt.date(2200, 12, 31)).map(dt.date.isoformat),
    st.dates().map(lambda d: d.strftime("%d.%m.%Y")),
    st.from_regex(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", fullmatch=True),
    st.sampled_from(["2023-02-30", "2023-13-01", "0000-00-00", "2026-11-22", "01.09.2023", "2025-03-01T10:00"]),
)
urls = st.one_of(
    st.sampled_from(["https://example.org/", "http://школа.рф/", "javascript:alert(1)", "data:text/html,x",
                     "//example.org", "ftp://x", "https://x/\"onmouseover=alert(1)", " https://x/"]),
    st.text(max_size=30).map(lambda t: "https://example.org/" + t),
)
paths = st.sampled_from(["files/polozhenie.pdf", "../../../etc/passwd", "/etc/passwd", "C:\\doc.pdf", "~/x.pdf",
                         "files/x.html", "files/logo.svg", "", ".", "files/", "file:///etc/passwd", "a\x00b.pdf"])
slug_like = st.one_of(st.sampled_from(sorted(BASE_RECORDS)), st.from_regex(r"[a-z0-9-]{1,20}", fullmatch=True))
scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.integers(min_value=2000, max_value=2110),
    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=40), hostile_text,
    st.text(min_size=300, max_size=700), st.just("я" * 6000), date_strings, urls, paths, slug_like,
    st.sampled_from(VOCAB_VALUES), st.sampled_from(RECORD_TYPES),
)
keys = st.one_of(st.sampled_from(CONTRACT_KEYS), st.sampled_from(["render_macros", "sumary", "titel", "<<"]),
                 st.text(min_size=1, max_size=15), st.integers(-5, 5))
values = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(keys, inner, max_size=5)),
    max_leaves=25,
)


@st.composite
def front_matters(draw) -> dict:
    """A front matter dict: contract keys and random keys with random values; half the time a known type first."""
    data = draw(st.dictionaries(keys, values, max_size=12))
    if draw(st.booleans()):
        data = {"type": draw(st.sampled_from(RECORD_TYPES)), **data}
    return data


def dump(data) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


bodies = st.one_of(hostile_text, st.text(max_size=300), st.just("x" * 5000 + "\n"))


@st.composite
def record_texts(draw) -> bytes:
    """A whole file: «---», a serialised front matter (sometimes not a dict), «---», a body; sometimes BOM/CRLF."""
    data = draw(st.one_of(front_matters(), front_matters(), values))
    text = "---\n" + dump(data) + "---\n" + draw(bodies)
    if draw(st.booleans()):
        text = text.replace("\n", "\r\n")
    raw = text.encode("utf-8")
    return (b"\xef\xbb\xbf" + raw) if draw(st.integers(0, 9)) == 0 else raw


@st.composite
def mutated_files(draw) -> bytes:
    """A valid file (a base record) with a random splice: bytes inserted, deleted or replaced."""
    source = draw(st.sampled_from(sorted(BASE.rglob("*.md")))).read_bytes()
    start = draw(st.integers(0, len(source)))
    end = draw(st.integers(start, min(len(source), start + 40)))
    insert = draw(st.one_of(st.binary(max_size=20), st.sampled_from(HOSTILE).map(str.encode),
                            st.text(max_size=20).map(str.encode)))
    return source[:start] + insert + source[end:]


raw_files = st.one_of(
    st.binary(max_size=3000),
    st.binary(max_size=500).map(lambda b: b"---\n" + b + b"\n---\n"),
    record_texts(),
    mutated_files(),
)

#: Characters PyYAML's reader refuses (they once crashed the loader: tests/corpus/79-control-character-…).
_YAML_NON_PRINTABLE = re.compile("[\x01-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]")

file_names = st.one_of(
    st.from_regex(r"[a-z0-9]{1,12}(-[a-z0-9]{1,8}){0,2}", fullmatch=True),
    st.sampled_from(["Klub", "клуб", "klub nastavnikov", "klub_1", "a.b", "-x-", "x--y", "1"]),
).filter(lambda n: n not in BASE_RECORDS)

# ---------------------------------------------------------------- checks


def assert_well_formed(problems, allowed_files: set[str]) -> None:
    for p in problems:
        assert p.file and p.file in allowed_files, p
        assert isinstance(p.line, int) and p.line >= 0, p
        if p.field:
            assert p.line >= 1, p
        assert p.severity in (ERROR, WARNING), p
        assert p.message and CYRILLIC.search(p.message), p


def check_repository(raw: bytes, folder: str, name: str) -> None:
    """Write ``raw`` as one file into a copy of the base bank; load it and run the CLI; nothing may raise."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "repo"
        shutil.copytree(BASE, root)
        rel = f"{folder}/{name}.md"
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(raw)
        bank = load_bank(root, BUILD_DATE)
        assert_well_formed(bank.problems, {rel})
        for record_id, path in BASE_RECORDS.items():
            assert bank.records[record_id].source.path == path
        out = io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
            code = main(["check", "--root", str(root), "--format", "json"])
        assert code == (1 if any(p.severity == ERROR for p in bank.problems) else 0)
        assert "Traceback" not in out.getvalue()


# ---------------------------------------------------------------- (1) + (2): never raise, well-formed problems


@PARSE
@given(front=front_matters(), body=bodies)
def test_parse_text_of_any_front_matter(front, body):
    raw = ("---\n" + dump(front) + "---\n" + body).encode("utf-8")
    source, problems = parse_text(raw, "x.md")
    assert_well_formed(problems, {"x.md"})
    if not any(p.severity == ERROR for p in problems):
        assert isinstance(source.data, dict)


@PARSE
@given(raw=raw_files)
def test_parse_text_of_any_bytes(raw):
    source, problems = parse_text(raw, "x.md")
    assert_well_formed(problems, {"x.md"})
    assert source.path == "x.md"
    assert source.data is None or isinstance(source.data, dict)
    if source.data is None:
        assert any(p.severity == ERROR for p in problems)


@PARSE
@given(raw=record_texts(), folder=st.sampled_from(FOLDERS), name=file_names)
def test_load_bank_with_any_record(raw, folder, name):
    check_repository(raw, folder, name)


@PARSE
@given(raw=raw_files, folder=st.sampled_from(FOLDERS), name=file_names)
def test_load_bank_with_any_bytes(raw, folder, name):
    check_repository(raw, folder, name)


@settings(max_examples=50, deadline=None, database=None, derandomize=True)
@given(char=st.characters(codec="utf-8").filter(lambda c: bool(_YAML_NON_PRINTABLE.match(c))),
       quoted=st.booleans())
def test_control_characters_in_front_matter_are_reported(char, quoted):
    """A control character (U+000B from Word, ESC, C1 controls) is an error at its line, not a crash."""
    title = f'"Клуб{char}наставников"' if quoted else f"Клуб{char}наставников"
    raw = f"---\ntype: practice\nyear: 2024\ntitle: {title}\n---\n".encode()
    source, problems = parse_text(raw, "x.md")
    assert_well_formed(problems, {"x.md"})
    assert [(p.line, p.severity) for p in problems] == [(4, ERROR)]
    assert source.data is None


# ---------------------------------------------------------------- (3): valid practices render safely

#: No NUL (a NUL makes the file «not text») and no U+0085: PyYAML's own emitter writes it raw inside a folded
#: quoted scalar and its reader folds it into a space, so the value would not round-trip through yaml.safe_dump.
no_nul = st.characters(codec="utf-8", exclude_characters="\x00\x85")
VALID_HOSTILE = [h for h in HOSTILE if "\x85" not in h]
free_text = st.one_of(
    st.lists(st.one_of(st.sampled_from(VALID_HOSTILE), st.text(no_nul, max_size=15)), min_size=1, max_size=8)
    .map("".join),
    st.text(no_nul, min_size=1, max_size=60),
)


def short(limit: int):
    return free_text.filter(lambda t: 1 <= len(t) <= limit)


def subset(vocab: str, min_size: int = 0):
    return st.lists(st.sampled_from(slugs(vocab)), min_size=min_size, max_size=4, unique=True)


iso_dates = st.dates(dt.date(2015, 1, 1), BUILD_DATE).map(dt.date.isoformat)
good_urls = st.one_of(st.sampled_from(["https://example.org/", "http://school.example.ru/a?b=1&c=<2>"]),
                      st.text(string.ascii_letters + string.digits + "/?#&=%\"'<>()`;:", max_size=30)
                      .map(lambda t: "https://example.org/" + t))


@st.composite
def people(draw) -> dict:
    person = {"position": draw(short(300))}
    if draw(st.booleans()):
        person.update(name=draw(short(300)), consent=True)
    elif draw(st.booleans()):
        person["consent"] = False
    return person


@st.composite
def valid_practices(draw) -> dict:
    data = {
        "type": "practice",
        "title": draw(short(200)),
        "summary": draw(short(400)),
        "organization": "baza-shkola",
        "year": draw(st.integers(2015, 2100)),
        "forms": draw(subset("form", 1)),
        "audience": draw(subset("audience", 1)),
        "goal": draw(short(5000)),
        "updated": draw(iso_dates),
    }
    optional = {
        "role_models": subset("role_model"), "kinds": subset("kind"), "special_groups": subset("special_group"),
        "level": st.sampled_from(slugs("level")), "tasks": st.lists(short(5000), max_size=3),
        "resources": st.lists(short(5000), max_size=3), "partners": st.lists(short(1000), max_size=3),
        "tags": st.lists(short(100), max_size=3), "status": st.sampled_from(["published", "archived"]),
        "authors": st.lists(people(), max_size=3),
        "results": st.lists(st.fixed_dictionaries(
            {"indicator": short(5000),
             "value": st.one_of(st.integers(), st.floats(allow_nan=False, allow_infinity=False), short(50))},
            optional={"unit": short(100), "year": st.integers(2015, 2100)}), max_size=3),
        "contacts": st.fixed_dictionaries({}, optional={"email": short(200), "phone": short(100), "url": good_urls}),
        "documents": st.lists(st.fixed_dictionaries(
            {"title": short(1000), "kind": st.sampled_from(slugs("doc_kind"))},
            optional={"level": st.sampled_from(slugs("doc_level")), "number": short(100), "date": iso_dates}
        ).flatmap(lambda d: st.one_of(st.just({**d, "url": "https://example.org/d.pdf"}),
                                      good_urls.map(lambda u: {**d, "url": u}),
                                      st.just({**d, "file": "files/polozhenie.pdf"}))), max_size=3),
        "period": iso_dates.flatmap(lambda s: st.one_of(
            st.just({"start": s}),
            st.dates(dt.date.fromisoformat(s), dt.date(2100, 1, 1)).map(lambda e: {"start": s, "end": e.isoformat()}))),
        "review": st.fixed_dictionaries({
            "decision": st.sampled_from(["approved", "revise", "rejected"]), "date": iso_dates,
        }, optional={"scores": st.dictionaries(st.sampled_from(slugs("expert_criterion")), st.integers(0, 3))}),
    }
    for key, strategy in optional.items():
        if draw(st.booleans()):
            data[key] = draw(strategy)
    return data


practice_bodies = st.lists(st.one_of(st.sampled_from(VALID_HOSTILE), st.text(no_nul, max_size=40)),
                           max_size=12).map("".join)
practice_ids = st.from_regex(r"[a-z0-9]{1,10}(-[a-z0-9]{1,6}){0,2}", fullmatch=True).filter(
    lambda n: n not in BASE_RECORDS)


def write_practices(root: Path, practices) -> None:
    """Write generated (id, front matter, body) practices and the attachment they may reference."""
    (root / "practices/practices/files").mkdir(exist_ok=True)
    (root / "practices/practices/files/polozhenie.pdf").write_bytes(b"%PDF-1.4\n")
    for record_id, data, body in practices:
        text = "---\n" + dump(data) + "---\n" + body
        assume(PLACEHOLDER not in text)
        (root / f"practices/practices/{record_id}.md").write_text(text, "utf-8")


@RENDER
@given(practices=st.lists(st.tuples(practice_ids, valid_practices(), practice_bodies), min_size=1, max_size=3,
                          unique_by=lambda t: t[0]))
def test_valid_practices_pass_and_render_safely(practices):
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "repo"
        shutil.copytree(BASE, root)
        write_practices(root, practices)
        bank = load_bank(root, BUILD_DATE)
        assert [p for p in bank.problems if p.severity == ERROR] == []
        for record_id, data, _ in practices:
            assert bank.records[record_id].data["title"] == data["title"]

        pages = Renderer(bank).all_pages()
        published = {i for i, r in bank.records.items() if r.published}
        assert {p.record_id for p in pages if p.record_id} == published
        for page in pages:
            scan = scan_html(page.html)
            assert scan.bad == [], (page.url, scan.bad)
            assert scan.scripts == 0, page.url
            for src in page.attachments.values():
                assert src.is_file(), (page.url, src)
        for record_id, data, _ in practices:
            if record_id in published:
                page = next(p for p in pages if p.record_id == record_id)
                assert scan_html(page.html).bodies == 1
                assert page.title == data["title"]


# A full build takes seconds: few builds, each of many generated practices (fixed examples).
@settings(max_examples=3, deadline=None, database=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(practices=st.lists(st.tuples(practice_ids, valid_practices(), practice_bodies), min_size=12, max_size=30,
                          unique_by=lambda t: t[0]))
def test_any_accepted_bank_builds(practices):
    """A full MkDocs build (hooks, Material, Pagefind) succeeds for records the checker accepts."""
    from conftest import build_site, copy_repo

    with tempfile.TemporaryDirectory() as tmp:
        root = copy_repo(Path(tmp) / "repo")
        shutil.rmtree(root / "practices")
        shutil.rmtree(root / "content/organizations")
        shutil.copytree(BASE / "practices", root / "practices")
        shutil.copytree(BASE / "content/organizations", root / "content/organizations")
        write_practices(root, practices)
        bank = load_bank(root, BUILD_DATE)
        assume(not [p for p in bank.problems if p.severity == ERROR])
        done = build_site(root, root / "site", BUILD_DATE.isoformat())
        assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
        for record in bank.records.values():
            if record.published:
                assert (root / "site" / record.url / "index.html").is_file(), record.id
