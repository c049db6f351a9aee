"""A dictionary kept in one SQLite file between runs (``.cache/mentorbank``): string keys, marshal-able
values, read and written by key (a build never loads the whole file).

The one disk cache of the build: rendered Markdown (``markup.MarkdownCache``), record pages
(``pagecache``) and parsed files (``bank``). The file name carries ``code_version()``, a digest of
every file of the package and of the libraries whose output is stored, so any code change starts
from empty: no hand-kept list of source files can fall out of date. A missing,
foreign or damaged file counts as empty; failures to write are ignored (the cache only saves time).
``save`` keeps only the entries used in this run, so the file never outgrows the bank.
"""

from __future__ import annotations

import contextlib
import glob
import hashlib
import marshal
import sqlite3
from importlib import metadata
from pathlib import Path

#: The package whose files ``code_version`` digests.
PACKAGE = Path(__file__).resolve().parent
#: Distributions whose version changes what the caches hold (Markdown and its extensions, the
#: sanitiser, YAML reading, templates, inlined styles, slugs of URLs).
LIBRARIES = ("Markdown", "pymdown-extensions", "nh3", "PyYAML", "Jinja2", "MarkupSafe", "css-inline",
             "python-slugify", "jsonschema")


def library_versions(names=LIBRARIES) -> str:
    """Versions of the distributions ``names`` (``name=version`` joined by spaces; ``-`` for a missing
    one), and whether PyYAML uses libyaml."""
    versions = []
    for name in names:
        try:
            versions.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{name}=-")
    try:
        import yaml

        versions.append(f"libyaml={yaml.__with_libyaml__}")
    except ImportError:  # pragma: no cover - PyYAML is a dependency
        pass
    return " ".join(versions)


def code_version(package: Path = PACKAGE) -> str:
    """A short hex digest (16 characters) of every file of ``package`` (Python modules, templates,
    static files, data; relative path and bytes; ``__pycache__`` skipped) and of the versions of
    ``LIBRARIES`` (and whether PyYAML uses libyaml). Any edit of the package gives another digest;
    costs about a millisecond (≈ 50 files, 0.4 MB)."""
    h = hashlib.blake2b(library_versions().encode(), digest_size=8)
    files = sorted(p for p in package.rglob("*") if p.is_file() and "__pycache__" not in p.parts
                   and not p.name.endswith((".pyc", ".pyo")))
    for path in files:
        h.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


class _Stored:
    """What the file holds, read by key (``DiskCache.stored``): ``key in stored``, ``stored.get(key)``,
    ``len(stored)``; ``stored.update(pairs)`` puts many entries at once (``DiskCache.put``)."""

    def __init__(self, cache: DiskCache):
        self.cache = cache

    def __contains__(self, key) -> bool:
        return self.cache.contains(key)

    def __len__(self) -> int:
        return self.cache.count

    def get(self, key, default=None):
        """The stored value of ``key`` without marking it used (``default`` when absent)."""
        value = self.cache.read(key)
        return default if value is None else value

    def update(self, pairs) -> None:
        """``DiskCache.put`` of each (key, value) of ``pairs`` (a mapping or an iterable of pairs)."""
        for key, value in (pairs.items() if hasattr(pairs, "items") else pairs):
            self.cache.put(key, value)


class DiskCache:
    """``directory/<stem>-<version>.sqlite``, one row per key (a marshal-ed value), read and written by
    key, so that a build never holds the whole cache in memory: ``load``, then ``get``/``put``
    (``stored`` for ``in``), then ``save``, which drops the rows this run did not use. After ``save``
    the rows stay readable with ``read`` (lazy pages, ``pagecache``) until ``close``."""

    #: Rows written between two commits (keeps SQLite's own memory small).
    COMMIT_EVERY = 500

    def __init__(self, directory: Path | None, stem: str, version: str):
        self.directory, self.stem = directory, stem
        #: None (``directory`` None): the entries live in memory for this object only.
        self.file = directory / f"{stem}-{version}.sqlite" if directory is not None else None
        self.used: set = set()
        self.changed = False
        self.count = 0
        self._db: sqlite3.Connection | None = None
        self._pending = 0

    @property
    def stored(self) -> _Stored:
        """The entries of the file (``_Stored``: ``in``, ``get``, ``len``, ``update``)."""
        return _Stored(self)

    def _connect(self, create: bool) -> sqlite3.Connection | None:
        if self._db is None:
            if not create and (self.file is None or not self.file.is_file()):
                return None
            try:
                if create and self.file is not None:
                    self.directory.mkdir(parents=True, exist_ok=True)
                # Builds of one process run in one thread at a time (a live-reload server's rebuilds in another).
                new = self.file is None or not self.file.exists()
                db = sqlite3.connect(self.file or ":memory:", timeout=30, check_same_thread=False,
                                     isolation_level=None)
                if new:  # rows dropped by ``save`` give their space back (set on an existing file, it writes)
                    db.execute("PRAGMA auto_vacuum = INCREMENTAL")
                db.execute("CREATE TABLE IF NOT EXISTS entries (key TEXT PRIMARY KEY, value BLOB) WITHOUT ROWID")
            except (OSError, sqlite3.Error):
                return None
            self._db = db
        return self._db

    def load(self) -> int:
        """Open the file; returns the number of entries (0 when missing or unreadable)."""
        self.used, self.changed = set(), False
        db = self._connect(create=False)
        try:
            self.count = db.execute("SELECT count(*) FROM entries").fetchone()[0] if db else 0
        except sqlite3.Error:
            self.close()
            with contextlib.suppress(OSError, AttributeError):  # a damaged or foreign file: start anew
                self.file.unlink()
            self.count = 0
        return self.count

    def read(self, key: str):
        """The stored value of ``key`` (None when absent), not marked used."""
        db = self._connect(create=False)
        if db is None:
            return None
        try:
            row = db.execute("SELECT value FROM entries WHERE key = ?", (key,)).fetchone()
            return marshal.loads(row[0]) if row else None
        except (sqlite3.Error, EOFError, ValueError, TypeError):
            return None

    def keep(self, key: str) -> bool:
        """True when the file holds ``key``, which ``save`` then keeps (as after ``get``), without reading it."""
        if self.contains(key):
            self.used.add(key)
            return True
        return False

    def contains(self, key: str) -> bool:
        """True when the file holds ``key``."""
        db = self._connect(create=False)
        try:
            return db is not None and db.execute("SELECT 1 FROM entries WHERE key = ?", (key,)).fetchone() is not None
        except sqlite3.Error:
            return False

    def get(self, key: str):
        """The stored value of ``key`` (None when absent); a hit is kept by ``save``."""
        value = self.read(key)
        if value is not None:
            self.used.add(key)
        return value

    def put(self, key: str, value) -> None:
        """Store ``value`` for ``key`` (written now; kept by ``save``)."""
        self.used.add(key)
        self.changed = True
        db = self._connect(create=True)
        if db is None:
            return
        try:
            if not self._pending:
                db.execute("BEGIN")
            db.execute("INSERT OR REPLACE INTO entries VALUES (?, ?)", (key, marshal.dumps(value)))
            self._pending += 1
            if self._pending >= self.COMMIT_EVERY:
                db.execute("COMMIT")
                self._pending = 0
        except (sqlite3.Error, ValueError):
            self._pending = 0
            with contextlib.suppress(sqlite3.Error):
                db.execute("ROLLBACK")

    def save(self) -> None:
        """Commit, drop the entries not used since ``load``, remove other versions' files. Nothing is
        written when every stored entry was read back and none was put. Rows stay readable (``read``)."""
        db = self._db
        try:
            if db is not None and self._pending:
                db.execute("COMMIT")
            self._pending = 0
            if db is not None and (self.changed or len(self.used) != self.count):
                db.execute("BEGIN")
                db.execute("CREATE TEMP TABLE IF NOT EXISTS used (key TEXT PRIMARY KEY) WITHOUT ROWID")
                db.execute("DELETE FROM used")
                db.executemany("INSERT OR IGNORE INTO used VALUES (?)", ((k,) for k in self.used))
                db.execute("DELETE FROM entries WHERE key NOT IN (SELECT key FROM used)")
                db.execute("DELETE FROM used")
                db.execute("COMMIT")
                db.execute("PRAGMA incremental_vacuum")
            if self.file is not None and (self.changed or db is not None):
                for old in self.directory.glob(f"{glob.escape(self.stem)}-*.sqlite"):
                    if old != self.file:
                        old.unlink()
        except (OSError, sqlite3.Error):
            with contextlib.suppress(sqlite3.Error, AttributeError):
                db.execute("ROLLBACK")
        finally:
            self.count = len(self.used)
            self.used, self.changed = set(), False

    def close(self) -> None:
        """Close the file (``read`` opens it again when needed)."""
        if self._db is not None:
            with contextlib.suppress(sqlite3.Error):
                if self._pending:
                    self._db.execute("COMMIT")
                self._db.close()
            self._db, self._pending = None, 0
