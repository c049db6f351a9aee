"""A query word loads the index chunk that holds it (mentorbank/adapter/pagefind_chunks.py).

Pagefind 1.4.0 gives its index chunks shortened ranges; a word past the shortened end of its chunk
made the browser load an earlier chunk and answer with the pages of an unrelated short word («на»):
at 10,000 practices «наставник» lost its pages in 4 of 7 parts. And a chunk boundary inside a family
of words with one stem made a word find only part of its family («наставничества»). The test indexes a made-up text with
frequent short words, as Russian has («на», «н»), so that chunks end on them, and searches the words
that the unrepaired index sends to the wrong chunk, each in a fresh browser page (a chunk once loaded
stays loaded)."""

from __future__ import annotations

import bisect
import gzip
import itertools
import random
import shutil
import subprocess

import cbor2
import pytest
import snowballstemmer
from conftest import serve

from mentorbank import search
from mentorbank.adapter import pagefind_chunks

SYLLABLES = ["на", "ста", "вни", "ко", "ре", "ве", "рси", "ми", "ло", "пе", "да", "го", "ту", "шка", "зо", "бы",
             "чу", "ле", "фи", "жа"]
#: Frequent short words (as «на», «и», «н.» in Russian): chunks often end on one of them.
SHORT = SYLLABLES + sorted({s[0] for s in SYLLABLES})
PAGES, WORDS_A_PAGE, VOCABULARY = 200, 2000, 4000


def _text() -> list[list[str]]:
    rng = random.Random(7)
    vocabulary: set[str] = set()
    while len(vocabulary) < VOCABULARY:
        vocabulary.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))))
    words = sorted(vocabulary)
    return [[rng.choice(SHORT) if rng.random() < 0.3 else rng.choice(words) for _ in range(WORDS_A_PAGE)]
            for _ in range(PAGES)]


def _chunk_keys(bundle) -> dict[str, str]:
    """Indexed word → hash of the chunk that holds it."""
    meta = pagefind_chunks.read_meta(next(bundle.glob("*.pf_meta")))
    out = {}
    for _start, _end, digest in meta[pagefind_chunks.CHUNKS]:
        raw = gzip.decompress((bundle / "index" / f"{digest}.pf_index").read_bytes())
        for entry in cbor2.loads(raw[len(pagefind_chunks.SIGNATURE):])[0]:
            out[entry[0]] = digest
    return out


def _chunk_pagefind_140_loads(chunks, term: str) -> str | None:
    """The chunk Pagefind 1.4.0's browser side loads for ``term`` (``request_indexes`` in its wasm: the
    first chunk whose range holds the word, else the first whose range holds it with both compared
    only as far as the shorter of the two, in UTF-8 bytes)."""
    t = term.encode()
    for start, end, digest in chunks:
        if start.encode() <= t <= end.encode():
            return digest
    def cut(b: bytes, n: int) -> bytes | None:  # Rust's str.get(0..n): None inside a character
        try:
            b[:n].decode()
        except UnicodeDecodeError:
            return None
        return b[:n]

    for start, end, digest in chunks:
        s, e = start.encode(), end.encode()
        low, high = min(len(t), len(s)), min(len(t), len(e))
        parts = cut(t, low), cut(s, low), cut(t, high), cut(e, high)
        if None not in parts and parts[0] >= parts[1] and parts[2] <= parts[3]:
            return digest
    return None


@pytest.fixture(scope="module")
def bundles(tmp_path_factory):
    """A site of made-up text indexed by Pagefind: ``raw`` as Pagefind wrote it, ``fixed`` repaired."""
    root = tmp_path_factory.mktemp("chunks")
    pages = _text()
    for n, words in enumerate(pages):
        (root / "site" / f"p{n}").mkdir(parents=True)
        (root / "site" / f"p{n}" / "index.html").write_text(
            f'<!doctype html><html lang="ru"><body data-pagefind-body><h1>Страница {n}</h1>'
            f'<p>{" ".join(words)}</p></body></html>', "utf-8")
    subprocess.run(search.pagefind_command(root / "site", root / "raw"), check=True, timeout=300)
    shutil.copytree(root / "raw", root / "fixed")
    assert pagefind_chunks.repair_bundle(root / "fixed") > 0
    return root, pages


def _expected(pages, term: str) -> set[str]:
    """Pages with a word whose stem begins with the stem of ``term``: what one Pagefind index answers."""
    stem = snowballstemmer.stemmer("russian").stemWord
    want = stem(term)
    family = {w for w in {w for words in pages for w in words} if stem(w).startswith(want)}
    return {f"/p{n}/" for n, words in enumerate(pages) if family.intersection(words)}


def _search(browser, url: str, bundle: str, term: str) -> set[str]:
    page = browser.new_page()
    try:
        page.goto(url + "site/p0/")
        return set(page.evaluate(
            """async ([bundle, term]) => {
                const pf = await import(bundle + "pagefind.js");
                const s = await pf.search(term);
                return (await Promise.all(s.results.map(r => r.data()))).map(d => d.url);
            }""", [url + bundle + "/", term]))
    finally:
        page.close()


def test_every_word_is_looked_up_in_the_chunk_that_holds_it(bundles, browser):
    root, pages = bundles
    raw_chunks = pagefind_chunks.read_meta(next((root / "raw").glob("*.pf_meta")))[pagefind_chunks.CHUNKS]
    holder = _chunk_keys(root / "raw")
    stem = snowballstemmer.stemmer("russian").stemWord
    vocabulary = sorted({w for words in pages for w in words})
    misled = [w for w in vocabulary
              if holder.get(stem(w)) and _chunk_pagefind_140_loads(raw_chunks, w) != holder[stem(w)]]
    assert len(misled) >= 3, "the made-up text no longer has words that Pagefind 1.4.0 looks up in the wrong chunk"
    fixed_chunks = pagefind_chunks.read_meta(next((root / "fixed").glob("*.pf_meta")))[pagefind_chunks.CHUNKS]
    fixed_holder = _chunk_keys(root / "fixed")
    assert sorted(fixed_holder) == sorted(holder)  # the same words, only cut into chunks elsewhere
    # Every word whose stem has FAMILY letters or more is looked up in the chunk that holds its stem and
    # every word beginning with it.
    keys = sorted(fixed_holder)
    for word in vocabulary:
        if len(stem(word)) >= pagefind_chunks.FAMILY and holder.get(stem(word)):
            root_word = stem(word)
            after = keys[bisect.bisect_left(keys, root_word):]
            family = {fixed_holder[k] for k in itertools.takewhile(lambda k, r=root_word: k.startswith(r), after)}
            assert family == {_chunk_pagefind_140_loads(fixed_chunks, word)}, word
    url, server = serve(root)
    try:
        # The rarest of them: the pages of a wrong chunk's short word are not theirs by chance.
        for word in sorted(misled, key=lambda w: (len(_expected(pages, w)), w))[:4]:
            expected = _expected(pages, word)
            assert _search(browser, url, "raw", word) != expected  # the unrepaired index answers with other pages
            assert _search(browser, url, "fixed", word) == expected, word
        control = vocabulary[len(vocabulary) // 2]  # a word the unrepaired index finds too
        assert _search(browser, url, "fixed", control) == _expected(pages, control)
    finally:
        server.shutdown()


def test_repair_keeps_everything_but_the_ranges_and_can_be_run_again(bundles):
    root, _pages = bundles
    before = pagefind_chunks.read_meta(next((root / "raw").glob("*.pf_meta")))
    path = next((root / "fixed").glob("*.pf_meta"))
    after = pagefind_chunks.read_meta(path)
    assert path.name == next((root / "raw").glob("*.pf_meta")).name  # the entry file still names it
    assert [x for i, x in enumerate(after) if i != pagefind_chunks.CHUNKS] == \
        [x for i, x in enumerate(before) if i != pagefind_chunks.CHUNKS]
    assert 0 < len(after[pagefind_chunks.CHUNKS]) <= len(before[pagefind_chunks.CHUNKS])
    assert all((root / "fixed" / "index" / f"{c[2]}.pf_index").is_file() for c in after[pagefind_chunks.CHUNKS])
    assert len(list((root / "fixed" / "index").iterdir())) == len(after[pagefind_chunks.CHUNKS])
    ranges = after[pagefind_chunks.CHUNKS]
    assert ranges[0][0] == "" and ranges[-1][1] == pagefind_chunks.TOP
    assert all(a[1] < b[0] for a, b in zip(ranges, ranges[1:], strict=False))  # no gap a word could fall into
    assert all(a[1].startswith(b[0][:-1]) for a, b in zip(ranges, ranges[1:], strict=False))
    data = path.read_bytes()
    assert pagefind_chunks.repair_bundle(root / "fixed") == 0
    assert path.read_bytes() == data
