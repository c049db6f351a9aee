"""A dictionary kept in one file between runs (``.cache/mentorbank``): string keys, marshal-able values.

The one disk cache of the build: rendered Markdown (``markup.MarkdownCache``), record pages
(``pagecache``) and parsed files (``bank``). The file name carries ``code_version()``, a digest of
every file of the package and of the libraries whose output is stored, so any code change starts
from empty: no hand-kept list of source files can fall out of date. A missing,
foreign or damaged file counts as empty; failures to write are ignored (the cache only saves time).
``save`` writes only the entries used in this run, so the file never outgrows the bank.
"""

from __future__ import annotations

import hashlib
import marshal
import os
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


class DiskCache:
    """``directory/<stem>-<version>.marshal``: ``load``, then ``get``/``put``, then ``save``."""

    def __init__(self, directory: Path, stem: str, version: str):
        self.directory, self.stem = directory, stem
        self.file = directory / f"{stem}-{version}.marshal"
        self.stored: dict = {}
        self.used: dict = {}
        self.changed = False

    def load(self) -> int:
        """Read the file; returns the number of entries (0 when missing or unreadable)."""
        try:
            data = marshal.loads(self.file.read_bytes())
        except (OSError, EOFError, ValueError, TypeError):
            data = None
        self.stored = data if isinstance(data, dict) else {}
        return len(self.stored)

    def get(self, key: str):
        """The stored value of ``key`` (None when absent); a hit is kept for ``save``."""
        value = self.stored.get(key)
        if value is not None:
            self.used[key] = value
        return value

    def put(self, key: str, value) -> None:
        """Keep ``value`` for ``key`` in the next saved file."""
        self.used[key] = value
        self.changed = True

    def save(self) -> None:
        """Write the entries used since ``load`` (atomically), remove other versions, free the memory.
        Nothing is written when every stored entry was read back and none was put."""
        try:
            if not self.changed and len(self.used) == len(self.stored) and self.file.is_file():
                return
            self.directory.mkdir(parents=True, exist_ok=True)
            for old in self.directory.glob(f"{self.stem}-*.marshal"):
                if old != self.file:
                    old.unlink()
            tmp = self.file.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_bytes(marshal.dumps(self.used))
            os.replace(tmp, self.file)
        except (OSError, ValueError):
            pass
        finally:
            self.stored, self.used, self.changed = {}, {}, False
