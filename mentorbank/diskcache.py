"""A dictionary kept in one file between runs (``.cache/mentorbank``): string keys, marshal-able values.

Used for record pages (``pagecache``) and for parsed files (``bank``). The file name carries a
version digest of the code whose results are stored, so a code change starts from empty. A missing,
foreign or damaged file counts as empty; failures to write are ignored (the cache only saves time).
``save`` writes only the entries used in this run, so the file never outgrows the bank.
"""

from __future__ import annotations

import hashlib
import marshal
import os
from pathlib import Path


def version_of(*paths: Path, extra: str = "") -> str:
    """A short digest of the files ``paths`` (names and bytes) and of ``extra``."""
    h = hashlib.blake2b(extra.encode(), digest_size=8)
    for path in sorted(paths):
        h.update(path.name.encode() + b"\0" + path.read_bytes())
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
