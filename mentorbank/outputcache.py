"""Results of the outputs kept between builds (``mkdocs build`` with the cache), keyed by what they read.

An output (``outputs.registry``) reads the catalogue, the render environment and, for a few, files of
the repository (the tabs' attached documents, the vendored editor). Its result is taken from here
when none of that changed since the build that made it; else it is made again — by ``regenerate``
for the changed records only when nothing but bodies of practices, winners or events changed (as the
live-reload server does), else by ``generate``.

The key of an output (``OutputCache.key``) is a digest of

- the code: ``diskcache.code_version`` (every file of the package) and the name and version of every
  installed distribution;
- the build's settings (``settings.Settings``, the build date among them) and the site address;
- every record of the bank (published or not): its type, id, file and front matter, and its body when
  its type is in the output's ``READS_BODIES`` (README, «Как добавить вывод»).

Besides the key, each stored result carries the fingerprints (size, modification time, inode; the
names of a folder) of every file and folder opened or listed while this build's outputs ran, outside
the package and the build cache (``Reads``, from Python's audit events): a stored result whose files
changed is not used. The files a result hands over (``Result.files`` as paths under the build cache:
the open data) and the HTML of its pages (in ``pagecache.PageCache``) must be found unchanged too.
"""

from __future__ import annotations

import contextvars
import dataclasses
import hashlib
import importlib
import json
import os
import sys
from importlib import metadata
from pathlib import Path

from .diskcache import PACKAGE, DiskCache, code_version
from .model import Bank, Record
from .render import Page, StoredPage

#: The reads being recorded in this context (``Reads``), or None.
_RECORDING: contextvars.ContextVar = contextvars.ContextVar("mentorbank_output_reads", default=None)
#: Audit events that read a file (``open``, with the flags it is opened with) or a folder's names.
_LIST_EVENTS = ("os.listdir", "os.scandir")
_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC


def _audit(event: str, args: tuple) -> None:
    if event != "open" and event not in _LIST_EVENTS:
        return
    reads = _RECORDING.get()
    if reads is None or not args:
        return
    path = args[0]
    if isinstance(path, int) or path is None:
        return
    if event == "open" and len(args) > 2 and isinstance(args[2], int) and args[2] & _WRITE_FLAGS:
        return
    reads.add(os.fsdecode(os.fspath(path)))


sys.addaudithook(_audit)


class Reads:
    """Files and folders read while recording (``with reads:``), outside ``ignored`` folders."""

    def __init__(self, ignored: tuple[Path, ...]):
        self.paths: set[str] = set()
        self.ignored = tuple(str(p.resolve()) + os.sep for p in ignored if p is not None)
        self._token = None

    def add(self, path: str) -> None:
        """Record ``path`` (relative paths from the current folder)."""
        self.paths.add(os.path.abspath(path))

    def __enter__(self) -> Reads:
        self._token = _RECORDING.set(self)
        return self

    def __exit__(self, *exc) -> None:
        _RECORDING.reset(self._token)

    def fingerprints(self) -> dict[str, tuple | None]:
        """Path → ``fingerprint`` of every recorded path outside the ignored folders."""
        return {p: fingerprint(p) for p in sorted(self.paths)
                if not (os.path.realpath(p) + os.sep).startswith(self.ignored)}


def fingerprint(path: str) -> tuple | None:
    """(size, modification time in ns, inode, digest of the sorted names for a folder) of ``path``;
    None when it does not exist or cannot be read."""
    try:
        st = os.stat(path)
        names = ""
        if os.path.isdir(path):
            names = hashlib.blake2b("\0".join(sorted(os.listdir(path))).encode("utf-8", "surrogateescape"),
                                    digest_size=16).hexdigest()
        return st.st_size, st.st_mtime_ns, st.st_ino, names
    except OSError:
        return None


def distributions() -> str:
    """Name and version of every installed distribution (sorted, one line)."""
    return " ".join(sorted(f"{d.metadata['Name']}={d.version}" for d in metadata.distributions()))


class _Stale(Exception):
    """A stored result refers to a file or a page that is gone or changed."""


class OutputCache(DiskCache):
    """Stored results of outputs (see the module doc) for one build of ``bank``: ``fetch`` (the stored
    result when the key is the same), ``previous`` (the stored result and the records whose bodies only
    changed since), ``put`` each result of the build, then ``save``.

    ``directory``: the build cache (``Settings.cache_dir``); ``settings``: the build's; ``site_url``: the
    address of the site (``render.Env.site_url``); ``pages``: the build's ``pagecache.PageCache``, where
    the HTML of stored pages is kept."""

    def __init__(self, directory: Path, bank: Bank, settings, site_url: str, pages):
        version = code_version()
        super().__init__(directory, "outputs", version)
        self.pages = pages
        setting_text = json.dumps(dataclasses.asdict(settings), sort_keys=True, default=str, ensure_ascii=False)
        self.salt = hashlib.blake2b(f"{version}\n{distributions()}\n{setting_text}\n{site_url}".encode(),
                                    digest_size=16).hexdigest()
        self.records: dict[str, tuple[str, bytes, bytes]] = {}
        for rid in sorted(bank.records):
            r = bank.records[rid]
            self.records[rid] = (r.type, _front(r), hashlib.blake2b(
                r.body.encode("utf-8", "surrogatepass"), digest_size=16).digest())
        table = hashlib.blake2b(digest_size=16)
        for rid, (kind, front, body) in self.records.items():
            table.update(f"{rid}\0{kind}\0".encode() + front + body)
        #: Key of this build's table of record digests (stored once, shared by every output's entry).
        self.table = table.hexdigest()
        self._stored_table = False
        self._keys: dict[str, str] = {}
        #: Entries and record tables read in this build (``reusable`` and then ``fetch``/``previous`` ask for
        #: the same output: one read and one check of the files' fingerprints).
        self._entries: dict[str, dict | None] = {}
        self._tables: dict[str, object] = {}
        self.reused: list[str] = []
        self.regenerated: list[str] = []

    def key(self, output) -> str:
        """The key of ``output`` (a module of ``outputs.registry``) in this build (see the module doc)."""
        if output.NAME not in self._keys:
            h = hashlib.blake2b(f"{self.salt}\0{output.NAME}".encode(), digest_size=16)
            for rid, (kind, front, body) in self.records.items():
                h.update(f"{rid}\0{kind}\0".encode() + front + (body if kind in output.READS_BODIES else b""))
            self._keys[output.NAME] = h.hexdigest()
        return self._keys[output.NAME]

    def _entry(self, output) -> dict | None:
        if output.NAME not in self._entries:
            self._entries[output.NAME] = self._read_entry(output)
        return self._entries[output.NAME]

    def _table(self, name: str):
        if name not in self._tables:
            self._tables[name] = self.read("records " + name)
        return self._tables[name]

    def _read_entry(self, output) -> dict | None:
        entry = self.read("output " + output.NAME)
        if not isinstance(entry, dict) or entry.get("salt") != self.salt:
            return None
        if any(fingerprint(p) != f for p, f in entry["reads"].items()):
            return None
        return entry

    def _decode(self, entry: dict):
        try:
            return self._value(entry["result"])
        except (_Stale, KeyError, TypeError, ValueError, AttributeError, ImportError):
            return None

    def fetch(self, output):
        """The stored result of ``output`` when its key and the files it read are the same as in this
        build, else None."""
        entry = self._entry(output)
        if entry is None or entry.get("key") != self.key(output):
            return None
        result = self._decode(entry)
        if result is not None:  # kept by ``save``, with the table of records it refers to
            self.keep("output " + output.NAME)
            self.keep("records " + entry["table"])
            self.reused.append(output.NAME)
        return result

    def reusable(self, output) -> bool:
        """True when ``fetch`` or ``previous`` will probably give a stored result of ``output`` (the
        same key, or only bodies changed), judged without reading the result back."""
        entry = self._entry(output)
        if entry is None:
            return False
        if entry.get("key") == self.key(output):
            return True
        table = self._table(entry["table"])
        return isinstance(table, dict) and table.keys() == self.records.keys() and all(
            table[rid][1] == front and (kind != "organization" or table[rid][2] == body)
            for rid, (kind, front, body) in self.records.items())

    def previous(self, output) -> tuple[object, list[Record]] | None:
        """(stored result, changed records) when, since the build that made the stored result of
        ``output``, only bodies of records other than organisations changed (the same records, files
        and front matter); None otherwise. ``changed`` records are this build's (``bank``)."""
        entry = self._entry(output)
        if entry is None:
            return None
        table = self._table(entry["table"])
        if not isinstance(table, dict) or table.keys() != self.records.keys():
            return None
        changed = []
        for rid, (kind, front, body) in self.records.items():
            old = table[rid]
            if old[0] != kind or old[1] != front:
                return None
            if old[2] != body:
                if kind == "organization":
                    return None
                changed.append(rid)
        result = self._decode(entry)
        return None if result is None else (result, changed)

    def put(self, output, result, reads: dict[str, tuple | None]) -> None:
        """Store ``result`` of ``output`` with the fingerprints ``reads`` (``Reads.fingerprints``); a result
        that cannot be stored is left out (the next build makes it again)."""
        try:
            value = self._plain(result)
        except _Stale:
            return
        if not self._stored_table:
            super().put("records " + self.table, {rid: [kind, front, body]
                                                  for rid, (kind, front, body) in self.records.items()})
            self._stored_table = True
        self._entries.pop(output.NAME, None)
        super().put("output " + output.NAME, {"salt": self.salt, "key": self.key(output), "table": self.table,
                                              "reads": reads, "result": value})

    # --- results as marshal-able values ------------------------------------------------------------
    def _plain(self, value):
        """``value`` (a result: dataclasses, pages, paths, containers) as plain values for ``marshal``;
        pages by the key of their HTML in the page cache, paths with their fingerprint."""
        if value is None or isinstance(value, (bool, int, float, str, bytes)):
            return value
        if isinstance(value, Page):
            stored = self.pages.store(value)
            if not isinstance(stored, StoredPage) or stored.cache is not self.pages:
                raise _Stale
            return ("page", stored.url, stored.title, stored.record_id, self._plain(stored.attachments),
                    stored.key, stored.has_h1)
        if isinstance(value, Path):
            return ("path", str(value), fingerprint(str(value)))
        if isinstance(value, list):
            return [self._plain(v) for v in value]
        if isinstance(value, tuple):
            return ("tuple", [self._plain(v) for v in value])
        if isinstance(value, (set, frozenset)):
            return ("set", [self._plain(v) for v in sorted(value)], isinstance(value, frozenset))
        if isinstance(value, dict):
            return ("dict", [self._plain(k) for k in value], [self._plain(v) for v in value.values()])
        if dataclasses.is_dataclass(value) and type(value).__module__.startswith(PACKAGE.name + "."):
            cls = type(value)
            return ("class", cls.__module__, cls.__qualname__,
                    {f.name: self._plain(getattr(value, f.name)) for f in dataclasses.fields(value) if f.init})
        raise _Stale  # something this cache does not know how to keep: not stored

    def _value(self, plain):
        """The value of ``_plain``; raises ``_Stale`` when a page or a file is gone or changed."""
        if not isinstance(plain, tuple):
            return [self._value(v) for v in plain] if isinstance(plain, list) else plain
        kind = plain[0]
        if kind == "page":
            _, url, title, record_id, attachments, key, has_h1 = plain
            if not self.pages.keep(key):
                raise _Stale
            return StoredPage(url, title, record_id, self._value(attachments), self.pages, key,
                              _lost_page(url), has_h1)
        if kind == "path":
            if fingerprint(plain[1]) != plain[2]:
                raise _Stale
            return Path(plain[1])
        if kind == "tuple":
            return tuple(self._value(v) for v in plain[1])
        if kind == "set":
            items = [self._value(v) for v in plain[1]]
            return frozenset(items) if plain[2] else set(items)
        if kind == "dict":
            return {self._value(k): self._value(v) for k, v in zip(plain[1], plain[2], strict=True)}
        if kind == "class":
            _, module, qualname, fields = plain
            cls = importlib.import_module(module)
            for part in qualname.split("."):
                cls = getattr(cls, part)
            return cls(**{name: self._value(v) for name, v in fields.items()})
        raise _Stale


def _front(r: Record) -> bytes:
    """Digest of what a record is besides its body: type, id, file and front matter."""
    text = json.dumps([r.type, r.id, str(r.path), r.data], ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()


def _lost_page(url: str):
    def lost() -> str:
        raise RuntimeError(f"страница {url}: её HTML пропал из кеша сборки во время сборки (кеш удалён или "
                           "его почистила другая сборка); запустите сборку ещё раз")
    return lost

