"""Which index chunk a query word loads: the ranges in Pagefind's metadata, repaired (README, «Поиск»).

A Pagefind index is cut into chunks of words in sorted order; the bundle's metadata (``*.pf_meta``:
gzip of ``pagefind_dcd`` and CBOR) gives each chunk a range, ``from`` and ``to``, and the browser loads
the one chunk whose range holds the query word. Pagefind 1.4.0 shortens both ends to the shortest
prefix that tells a chunk from its neighbour, so a chunk whose words all begin with «настав» may get
``to = "настав"``: every word of it after that prefix («наставник») is outside its own range. For such
a word the browser falls back to comparing shortened prefixes and takes the *first* chunk that matches
— often an earlier one whose ``to`` is a single letter («н»). That chunk lacks the word, and Pagefind
answers with the pages of the longest word of that chunk that begins the query («на»): at 10,000
practices «наставник» missed its pages in 4 of 7 parts of the index (README: 5,443 records found
instead of 12,454). The index chunks themselves are right; only the ranges are wrong.

A second limit of the same lookup: the browser loads one chunk per query word, chosen by the word as
typed, while the words that answer it are those beginning with its stem. Pagefind cuts chunks wherever
their size says, also inside a family of words with one stem: at 10,000 practices «наставничества» (stem
«наставничеств») loaded, in 3 parts of 7, the chunk after the one holding «наставничеств» and found 6,925
records instead of 12,291.

``repair_bundle`` fixes both. It moves each boundary between chunks a little (``boundaries``) to where the
two words on either side of it do not both begin with one indexed word of ``FAMILY`` letters or more (a
stem: the word as the index holds it), so a family of words whose stem is in the index is not cut (the words
move between chunk files, which are written anew and named by their content); where every cut nearby splits
some family, the family of the shortest stem. And it rewrites the ranges so that they tile the words: chunk
``i`` holds every word from its ``from`` (Pagefind's rule: the first word cut to one letter more than it
shares with the word before) up to, not including, the next chunk's ``from``; the first chunk from the empty
word, the last to the end. Every query word then lies in exactly one range, the strict comparison always
finds it, the faulty fallback is never reached, and a word of a family lies in the range of the chunk that
holds its family. Pages, filters, fragments and the rest of the metadata do not change; a repaired bundle
(its first range starts with the empty word, which Pagefind never writes) is left as it is.
"""

from __future__ import annotations

import gzip
import hashlib
from pathlib import Path

import cbor2

#: What Pagefind puts before the CBOR of its files.
SIGNATURE = b"pagefind_dcd"
#: Greater than any word Pagefind indexes (the highest code point, repeated).
TOP = "\U0010ffff" * 4
#: Shortest stem whose family of words is never cut into two chunks (Russian stems of common words:
#: «школ», «педагог», «наставник»).
FAMILY = 4
#: Position of the chunk list in the metadata array (version, pages, chunks, filters, sorts).
CHUNKS = 2
#: Digest of this module's source: part of the cache key of every indexed part, so parts indexed
#: before a change to the repair are indexed again.
REVISION = hashlib.blake2b(Path(__file__).read_bytes(), digest_size=8).hexdigest()


def read_meta(path: Path) -> list:
    """The decoded metadata of a bundle (``*.pf_meta``): a list, as Pagefind wrote it. Raises ValueError
    for a file that is not Pagefind's (no signature after gzip)."""
    return _read(path)


def below(word: str) -> str:
    """A word greater than every word less than ``word`` that Pagefind may index, and less than ``word``
    itself: its last character lowered by one, then ``TOP``. ``word`` must not be empty."""
    code = ord(word[-1]) - 1
    if 0xD800 <= code <= 0xDFFF:  # surrogates cannot be written in UTF-8
        code = 0xD7FF
    return word[:-1] + chr(code) + TOP


def _common(a: str, b: str) -> int:
    """Number of leading characters ``a`` and ``b`` share."""
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def boundaries(words: list[str], starts: list[int], family: int = 4) -> list[int]:
    """Where chunks start in the sorted ``words`` of a bundle (module doc).

    ``starts``: Pagefind's chunk starts (positions, increasing; the first is 0). Each start is moved
    within a quarter of the smaller of its two chunks to the position whose cut splits the least: the
    cost of a cut is the length of the longest of ``words`` (``family`` characters or more: a stem)
    that begins the words on both sides of it, 0 if there is none; among the cheapest, the nearest to
    Pagefind's start. So a family of words with one stem stays in one chunk unless it is longer than
    that quarter, and then the cut splits the family of the shortest stem (it finds fewer words than
    it could; the longer stems inside keep theirs). Returns increasing positions, beginning with 0."""
    known = set(words)

    def cost(at: int) -> int:
        a, b = words[at - 1], words[at]
        return max((n for n in range(family, _common(a, b) + 1) if a[:n] in known), default=0)

    out = [0]
    ends = starts[1:] + [len(words)]
    for i, start in enumerate(starts[1:], 1):
        reach = max(1, min(start - starts[i - 1], ends[i] - start) // 4)
        low, high = max(out[-1] + 1, start - reach), min(ends[i] - 1, start + reach)
        if low > high:
            continue
        best = min(range(low, high + 1), key=lambda at: (cost(at), abs(at - start), at))
        out.append(best)
    return out


def tiled(chunks: list[list[str]]) -> list[list[str]]:
    """``chunks`` (``[from, to, hash]`` each, in Pagefind's order) with ranges that tile every word: the
    first ``from`` empty, each ``to`` just below the next ``from``, the last ``to`` at ``TOP``."""
    out = []
    for i, (start, _end, digest) in enumerate(chunks):
        start = "" if i == 0 else start
        end = below(chunks[i + 1][0]) if i + 1 < len(chunks) else TOP
        out.append([start, end, digest])
    return out


def _read(path: Path) -> list:
    raw = gzip.decompress(path.read_bytes())
    if not raw.startswith(SIGNATURE):
        raise ValueError(f"{path.name}: not a Pagefind file")
    return cbor2.loads(raw[len(SIGNATURE):])


def _write(path: Path, value: list) -> None:
    data = gzip.compress(SIGNATURE + cbor2.dumps(value), mtime=0)
    if path.exists():
        path.unlink()  # the file may be a hard link into a cache: never written in place
    path.write_bytes(data)


def _rechunk(bundle: Path, chunks: list[list[str]]) -> list[list[str]]:
    """The bundle's index chunks cut again at ``boundaries`` (``chunks``: Pagefind's ``[from, to, hash]``).
    Chunk files whose words are unchanged keep their names; new ones are named by a digest of their
    words (with the language part of Pagefind's names) and the old ones removed. Returns the chunk list
    with ``from`` by Pagefind's rule and ``to`` still to be tiled."""
    index = bundle / "index"
    entries, starts = [], []
    for _start, _end, digest in chunks:
        starts.append(len(entries))
        value = _read(index / f"{digest}.pf_index")
        if len(value) != 1:
            raise ValueError(f"{digest}.pf_index: not a Pagefind index chunk")
        entries.extend(value[0])
    words = [entry[0] for entry in entries]
    cuts = boundaries(words, starts, FAMILY)
    if cuts == starts:
        out = [[c[0], c[1], c[2]] for c in chunks]
    else:
        language = chunks[0][2].split("_", 1)[0] if "_" in chunks[0][2] else ""
        old = {digest for _s, _e, digest in chunks}
        out = []
        spans = {(start, end): c[2] for start, end, c in zip(starts, starts[1:] + [len(entries)], chunks, strict=True)}
        for i, cut in enumerate(cuts):
            end = cuts[i + 1] if i + 1 < len(cuts) else len(entries)
            digest = spans.get((cut, end))
            if digest is None:
                part = entries[cut:end]
                digest = hashlib.blake2b(cbor2.dumps(part), digest_size=6).hexdigest()
                digest = f"{language}_{digest}" if language else digest
                _write(index / f"{digest}.pf_index", [part])
            out.append(["", "", digest])
        for digest in old - {c[2] for c in out}:
            (index / f"{digest}.pf_index").unlink()
    for i, cut in enumerate(cuts):
        first = words[cut]
        out[i][0] = first if i == 0 else first[:_common(words[cut - 1], first) + 1]
    return out


def repair_bundle(bundle: Path) -> int:
    """Repair the index chunks of every ``*.pf_meta`` at the top of ``bundle`` (a Pagefind output folder;
    module doc): chunks cut again outside families of words, ranges tiled. The metadata file keeps its
    name (Pagefind's entry file refers to it). Returns the number of chunk entries that changed (0 for
    a bundle already repaired); raises ValueError for a file that is not Pagefind's."""
    changed = 0
    for path in sorted(bundle.glob("*.pf_meta")):
        meta = read_meta(path)
        before = meta[CHUNKS]
        if not before or before[0][0] == "":  # Pagefind never starts a range with the empty word: repaired
            continue
        chunks = tiled(_rechunk(bundle, before))
        changed += sum(1 for old, new in zip(before, chunks, strict=False) if old != new)
        changed += abs(len(before) - len(chunks))
        if chunks != before:
            meta[CHUNKS] = chunks
            _write(path, meta)
    return changed
