"""Pages out of the nav written into a «shell»: the site generator's output for one placeholder page
of the same depth and kind, cut at the title, the URL, the content, the description meta and the end
of ``<head>`` (each page's own additions: feed links, JSON-LD, Open Graph) (README, «Производительность»:
MkDocs + Material spend ~4 ms a page on the theme; 10,000 records cost one theme render per depth).
The live-reload server moves unchanged files back from its previous output instead of writing them.
"""

from __future__ import annotations

import contextlib
import ctypes
import filecmp
import gc
import glob
import hashlib
import html
import os
import re
import shutil
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from ..render import Page, StoredPage

#: Placeholders of a shell page: its title and its content, as the site generator renders them.
SHELL_TITLE = "mentorbank-shell-title"
SHELL_CONTENT = "<!--mentorbank-shell-content-->"
#: The same for pages with their own h1 (Material adds the title as h1 to content without «<h1»).
SHELL_CONTENT_H1 = "<!--mentorbank-shell-content<h1>-->"
#: Where a page's own additions to ``<head>`` go (just before ``</head>``).
SHELL_HEAD = "<!--mentorbank-shell-head-->"
#: The value of the shell's ``<meta name="description">``: the page's own description, else the site's.
SHELL_DESCRIPTION = "mentorbank-shell-description"
_DESCRIPTION_META = re.compile(r'<meta name="description" content="([^"]*)">')


def shell_content(variant: tuple[int, bool, bool]) -> str:
    """The content placeholder of a shell of ``variant``."""
    return SHELL_CONTENT_H1 if variant[2] else SHELL_CONTENT


def shell_variant(page: Page) -> tuple[int, bool, bool]:
    """Pages sharing a variant share their shell: (depth of the URL, record page, has its own h1)."""
    return page.url.count("/"), page.record_id is not None, page.has_h1


def shell_url(variant: tuple[int, bool, bool], number: int) -> str:
    """A URL of the variant's depth for its placeholder page (``mentorbank-shell/…/mentorbank-shell-3/``)."""
    return "mentorbank-shell/" * (variant[0] - 1) + f"mentorbank-shell-{number}/"


@dataclass
class Shell:
    """The generator's output for a placeholder page, cut at the title, the URL and the content."""

    parts: list[str]
    url: str
    key: str = ""
    #: The site's description as the generator wrote it (escaped): pages without their own keep it.
    description: str = ""

    @classmethod
    def cut(cls, output: str, url: str, content: str = SHELL_CONTENT) -> Shell:
        """Cut ``output`` (the full HTML of the placeholder page at ``url`` whose content was the
        placeholder ``content``). Raises ValueError if ``content`` is not there exactly once."""
        if output.count(content) != 1:
            raise ValueError("в оболочке страницы нет места для содержимого")
        output = output.replace(content, SHELL_CONTENT).replace("</head>", SHELL_HEAD + "</head>", 1)
        description = ""
        meta = _DESCRIPTION_META.search(output)
        if meta:
            description = meta.group(1)
            output = output[:meta.start(1)] + SHELL_DESCRIPTION + output[meta.end(1):]
        names = (SHELL_TITLE, SHELL_CONTENT, SHELL_HEAD, SHELL_DESCRIPTION, url)
        parts = re.split("(" + "|".join(re.escape(n) for n in names) + ")", output)
        key = hashlib.blake2b(output.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()
        return cls(parts, url, key, description)

    def fill(self, page: Page, head: str = "", description: str | None = None) -> bytes:
        """The full HTML of ``page`` (UTF-8, as the generator writes it), with ``head`` (HTML) added at the
        end of ``<head>`` and ``description`` (plain text; None: the site's) as its description meta."""
        title = html.escape(page.title, quote=False)  # Material prints titles unescaped
        values = {SHELL_TITLE: title, SHELL_CONTENT: page.html, self.url: page.url, SHELL_HEAD: head,
                  SHELL_DESCRIPTION: self.description if description is None else html.escape(description)}
        return "".join(values.get(part, part) if i % 2 else part for i, part in enumerate(self.parts)).encode(
            "utf-8", "xmlcharrefreplace")


def write_pages(site_dir: Path, pages: list[Page], shells: dict[tuple, Shell], kept: Path | None = None,
                done: dict | None = None, heads: dict[str, str] | None = None,
                descriptions: dict[str, str] | None = None, static: frozenset[str] | None = None) -> int:
    """Write each page of ``pages`` to ``site_dir/<url>/index.html`` in the shell of its variant, with
    its additions to ``<head>`` from ``heads`` and its description from ``descriptions`` (both by page
    URL, ``pages.Renderer.heads`` and ``descriptions``).

    In one process (the live-reload server) a page object already written into the same shell is not
    written again: it is moved back from ``kept`` (the previous output, see ``keep_output``) — a whole
    top folder at once (``praktiki/``) when the site generator did not write into it — or, if there
    is no ``kept``, left where it is. Pages written before and gone now are removed. Returns the
    number of files written. ``done`` (``session.Session.written[site_dir]``) records what was written,
    so that a rebuild in the same process skips it; updated in place.

    ``mkdocs build`` over its previous output (``kept``, see ``keep_previous_build``) gives ``static``,
    the site paths of every static output of this build: a page whose file there has the same bytes is
    moved back, not written (a top folder the site generator did not write into is moved back whole,
    then every file in it that is neither a page of ``pages`` nor in ``static`` is removed), so that the
    build neither writes nor removes the files of unchanged pages (README, «Национальный масштаб»).
    """
    if static is not None and kept is not None:
        return _write_over_previous(site_dir, pages, shells, kept, done, heads or {}, descriptions or {}, static)
    done = {} if done is None else done
    site = str(site_dir)
    restored: set[str] = set()
    if kept is not None:
        for top in {page.url.split("/", 1)[0] for page in pages}:
            if (kept / top).is_dir() and not (site_dir / top).exists():
                os.replace(kept / top, site_dir / top)
                restored.add(top)
    current = {page.url for page in pages}
    for url in [u for u in done if u not in current]:
        with contextlib.suppress(OSError):
            os.remove(os.path.join(site, url, "index.html"))
        del done[url]
    count = 0
    for page in pages:
        shell = shells[shell_variant(page)]
        target = os.path.join(site, page.url, "index.html")
        previous = done.get(page.url)
        if previous is not None and previous[0] is page and previous[1] == shell.key:
            if page.url.split("/", 1)[0] in restored or (kept is None and os.path.isfile(target)):
                continue
            if kept is not None:
                try:
                    os.makedirs(os.path.dirname(target), exist_ok=True)
                    os.replace(os.path.join(kept, page.url, "index.html"), target)
                    continue
                except OSError:
                    pass
        os.makedirs(os.path.dirname(target), exist_ok=True)
        data = shell.fill(page, (heads or {}).get(page.url, ""), (descriptions or {}).get(page.url))
        with open(target, "wb") as fh:
            fh.write(data)
        done[page.url] = (page, shell.key, len(data), b"data-pagefind-body" in data)
        count += 1
    return count


def _write_over_previous(site_dir: Path, pages: list[Page], shells: dict[tuple, Shell], kept: Path,
                         done: dict | None, heads: dict[str, str], descriptions: dict[str, str],
                         static: frozenset[str]) -> int:
    """``write_pages`` of ``mkdocs build`` over its previous output ``kept`` (see there)."""
    done = {} if done is None else done
    restored: set[str] = set()
    for top in {page.url.split("/", 1)[0] for page in pages}:
        if (kept / top).is_dir() and not (site_dir / top).exists():
            os.replace(kept / top, site_dir / top)
            restored.add(top)
    count = 0
    for page in pages:
        shell = shells[shell_variant(page)]
        target = site_dir / page.url / "index.html"
        data = shell.fill(page, heads.get(page.url, ""), descriptions.get(page.url))
        done[page.url] = (page, shell.key, len(data), b"data-pagefind-body" in data)
        if page.url.split("/", 1)[0] in restored:
            if same_bytes(target, data):
                continue
        else:
            old = kept / page.url / "index.html"
            if same_bytes(old, data):
                target.parent.mkdir(parents=True, exist_ok=True)
                with contextlib.suppress(OSError):
                    os.replace(old, target)
                    continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        count += 1
    expected = {os.path.join(page.url, "index.html") for page in pages} | set(static)
    for top in restored:  # what the previous build had there and this one does not make
        for folder, _dirs, names in os.walk(site_dir / top, topdown=False):
            rel = os.path.relpath(folder, site_dir)
            for name in names:
                if os.path.join(rel, name) not in expected:
                    os.remove(os.path.join(folder, name))
            with contextlib.suppress(OSError):
                if not os.listdir(folder):
                    os.rmdir(folder)
    return count


def keep_output(site_dir: Path, written: dict | None) -> Path | None:
    """Before a clean rebuild of the live-reload server: move the previous output aside (returned
    path) so that unchanged pages and the search index can be moved back instead of written again.
    ``written``: what ``write_pages`` wrote there in this process (nothing: nothing to keep)."""
    if not written or not site_dir.is_dir():
        return None
    kept = site_dir.with_name(site_dir.name + ".mentorbank-kept")
    shutil.rmtree(kept, ignore_errors=True)
    for old in site_dir.parent.glob(f"{glob.escape(kept.name)}-old-*"):  # removals cut short earlier
        if not old.name.startswith(f"{kept.name}-old-{os.getpid()}-"):
            shutil.rmtree(old, ignore_errors=True)
    os.replace(site_dir, kept)
    site_dir.mkdir()
    return kept


def keep_previous_build(site_dir: Path) -> Path | None:
    """Before ``mkdocs build`` empties ``site_dir``: move the previous output aside (returned path, or
    None when there is none) so that files this build makes with the same bytes are moved back
    (``same_bytes``, ``restore_static``) instead of removed and written again (on a disk that discards
    freed blocks at once, removing a file costs milliseconds). Hidden entries (``.git`` of a published
    branch), which MkDocs never removes, stay in ``site_dir``."""
    if not site_dir.is_dir() or not any(not name.startswith(".") for name in os.listdir(site_dir)):
        return None
    kept = keep_output(site_dir, {"": ()})
    if kept is not None:
        for name in os.listdir(kept):
            if name.startswith("."):
                os.replace(kept / name, site_dir / name)
    return kept


def same_bytes(path: Path, content: bytes | Path) -> bool:
    """True if the file at ``path`` holds exactly ``content`` (bytes, or the bytes of the file at that
    path: an output's file written to the build cache)."""
    try:
        if isinstance(content, Path):
            return filecmp.cmp(path, content, shallow=False)
        if os.path.getsize(path) != len(content):
            return False
        with open(path, "rb") as fh:
            return fh.read() == content
    except OSError:
        return False


def discard_kept(kept: Path) -> None:
    """Remove the previous output ``kept`` (see ``keep_output``) in a background thread, after
    renaming it so that the next rebuild can keep its own; leftovers of an interrupted removal are
    removed by the next ``keep_output``."""
    trash = kept.with_name(f"{kept.name}-old-{os.getpid()}-{time.monotonic_ns()}")
    try:
        os.replace(kept, trash)
    except OSError:
        shutil.rmtree(kept, ignore_errors=True)
        return
    threading.Thread(target=shutil.rmtree, args=(trash,), kwargs={"ignore_errors": True}, daemon=True).start()


def restore_static(site_dir: Path, kept: Path, static: dict[str, bytes | Path]) -> int:
    """Live-reload rebuild with unchanged static outputs (``Prepared.static_reused``): move each file
    of ``static`` (site path → bytes, or → a file an output wrote) back from ``kept``, the previous
    output, or write it if it is not there. Returns the number of files written."""
    written = 0
    for site_path, content in static.items():
        target = site_dir / site_path
        if target.exists():
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.replace(kept / site_path, target)
        except OSError:
            if isinstance(content, bytes):
                target.write_bytes(content)
            else:
                shutil.copyfile(content, target)
            written += 1
    return written


def release(prepared, pages: list[Page]) -> None:
    """After a full build has written ``pages``: drop the HTML of those that hold it (a ``StoredPage``
    holds none) and the records' Markdown so that the search indexer, which runs next in a child
    process, has the memory (≈ 160 MB of text at 10,000 practices). Not for the live-reload server,
    which reuses them."""
    for page in pages:
        if not isinstance(page, StoredPage):  # those hold no HTML
            page.html = ""
    for record in prepared.bank.records.values():
        record.body = ""
        source = getattr(record, "source", None)
        if source is not None:  # the loader's copy of the same text (≈ 160 MB at 10,000 practices)
            source.body = ""
            source.lines = {}
    gc.collect()
    try:  # give the freed heap back to the system (glibc)
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass

