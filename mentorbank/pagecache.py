"""Record pages kept on disk between builds, keyed by the content of everything they show.

A practice, winner or event page shows its own record and the records in its template context
(organization, winners, events, practice, competition) with their organizations; nothing else of
the bank. The key of a page is a digest of those records (type, id, front matter, body), of the
build date and of the code (``diskcache.code_version``: every file of the package and the libraries).
Organization pages are always rendered (they show much of the bank). A page whose key is unknown is
rendered and stored; entries not used by a build are dropped when it saves.

Every other generated page of a build is put here too once its output made it (``PageCache.store``,
keyed by a digest of its HTML), so that the build holds at most one output's HTML at a time; pages
are read back when they are written (``render.StoredPage``).
"""

from __future__ import annotations

import hashlib
import json
from functools import partial
from pathlib import Path

from .diskcache import DiskCache, code_version
from .model import Record
from .render import Page, StoredPage


class PageCache(DiskCache):
    """HTML of record pages by key (see the module doc): ``load``, ``key``/``get``/``put``, ``save``."""

    def __init__(self, directory: Path, build_date: str):
        version = code_version()
        super().__init__(directory, "pages", version)
        self.salt = f"{version} {build_date}"
        self._digests: dict[int, bytes] = {}

    def save(self) -> None:
        """Write the pages used by this build; free the memory."""
        super().save()
        self._digests = {}

    def _digest(self, r: Record) -> bytes:
        d = self._digests.get(id(r))
        if d is None:
            text = json.dumps([r.type, r.id, r.data, r.body], ensure_ascii=False, sort_keys=True, default=str)
            d = self._digests[id(r)] = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()
        return d

    def store(self, page: Page) -> Page:
        """``page`` as a ``render.StoredPage`` whose HTML is kept here under a digest of the HTML (a
        ``StoredPage`` is returned as it is)."""
        if isinstance(page, StoredPage):
            return page
        html = page.html
        key = "html " + hashlib.blake2b(html.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()
        if not self.keep(key):
            self.put(key, html)
        return StoredPage(page.url, page.title, page.record_id, page.attachments, self, key,
                          partial(_lost, page.url), page.has_h1)

    def key(self, r: Record, ctx: dict, org_of) -> str | None:
        """The key of the page of ``r`` rendered with template context ``ctx`` (None: do not cache)."""
        if r.type == "organization":
            return None
        shown: list[Record] = []
        for value in ctx.values():
            items = value if isinstance(value, list) else [value]
            for item in items:
                if isinstance(item, Record):
                    shown.append(item)
                elif item is not None and not isinstance(item, (str, bool, int)):
                    return None  # a context value this cache does not know: render every time
        h = hashlib.blake2b(self.salt.encode(), digest_size=16)
        for item in shown + [o for o in map(org_of, shown) if o is not None]:
            h.update(self._digest(item))
        return h.hexdigest()


def _lost(url: str) -> str:
    raise RuntimeError(f"страница {url}: её HTML пропал из кеша сборки во время сборки (кеш удалён или "
                       "его почистила другая сборка); запустите сборку ещё раз")
