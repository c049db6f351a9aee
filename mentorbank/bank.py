"""Loading a whole repository into a validated Bank."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from dataclasses import astuple
from functools import partial
from pathlib import Path

from .diskcache import DiskCache, code_version
from .loader import Source, body_of, display_path, parse_text, read_raw
from .model import Bank, Record
from .problems import ERROR, Problem
from .rules import cross_problems, record_problems, tab_problems
from .schema import RECORD_TYPES
from .schema_messages import schema_problems, suggest

#: Folders (relative to the repository root) whose ``*.md`` files are records.
SOURCE_DIRS = ("practices", "content/organizations")
#: File names that are documentation, not records.
SKIP_NAMES = {"README.md", "readme.md"}



def record_files(root: Path) -> list[Path]:
    """Return every record file under the source folders of ``root``, sorted; symlinks are included
    so that the loader can refuse them with a message."""
    return [Path(name) for name, _ in walk_records(root)]


def walk_records(root: Path) -> list[tuple[str, bool]]:
    """``(absolute path, is a symbolic link)`` of every record file (and linked folder) under the
    source folders of ``root``, sorted by path components; links are never followed."""
    found: list[tuple[str, bool]] = []
    for folder in SOURCE_DIRS:
        base = os.path.join(root, folder)
        if os.path.islink(base):
            found.append((base, True))  # reported by load_bank, never read through the link
            continue
        stack = [base] if os.path.isdir(base) else []
        while stack:
            try:
                with os.scandir(stack.pop()) as entries:
                    for entry in entries:
                        name = entry.name
                        if name.startswith("."):
                            continue
                        if entry.is_symlink():  # a linked folder or file is reported, not lost
                            if entry.is_dir() or (name.endswith(".md") and name not in SKIP_NAMES):
                                found.append((entry.path, True))
                        elif entry.is_dir(follow_symlinks=False):
                            stack.append(entry.path)
                        elif name.endswith(".md") and name not in SKIP_NAMES:
                            found.append((entry.path, False))
            except OSError:
                continue
    found.sort(key=lambda item: item[0].split("/"))  # Path order, without Path.__lt__'s cost
    return found



def _parse(raw: bytes, size: int, rel: str) -> tuple[Source, str | None, list[Problem]]:
    """Parse one file's bytes and check its schema: (source, known record type or None, problems)."""
    source, problems = parse_text(raw, rel, size)
    if source.data is None:
        return source, None, problems
    record_type = source.data.get("type")
    if record_type not in RECORD_TYPES:
        close = suggest(str(record_type), list(RECORD_TYPES)) if isinstance(record_type, str) else None
        hint = f"возможно, вы имели в виду «{close}»." if close else \
            "укажите «type: practice», «type: winner», «type: event» или «type: organization»."
        what = "нет обязательного поля «type»." if record_type is None else \
            f"неизвестный тип записи «{record_type}»."
        problems.append(Problem(rel, source.line_of(("type",)), "type", what, hint, ERROR, "polya"))
        return source, None, problems
    problems.extend(schema_problems(source, record_type))
    return source, record_type, problems


def _load_file(path: Path, root: Path, rel: str, build_date: dt.date,
               cache: DiskCache | None = None,
               replacement: bytes | None = None) -> tuple[Record | None, list[Problem], list[Problem]]:
    """Read one record file: (record or None, reading and schema problems, domain-rule problems).

    With ``cache``, reading and schema results (and domain-rule results of the same build date, for
    records without attachments) are looked up by a digest of the file's name and bytes. With
    ``replacement``, those bytes are read instead of the file's.
    """
    raw, size, problems = read_raw(path, rel) if replacement is None else (replacement, len(replacement), [])
    if raw is None:
        return None, problems, []
    key = hashlib.blake2b(rel.encode("utf-8", "surrogatepass") + b"\0" + raw, digest_size=16).hexdigest() \
        if cache is not None else ""
    hit = cache.get(key) if cache is not None else None
    rules = None
    if hit is not None:
        data, record_type, body_line, body_chars, lines, found, rules = hit
        # The body is decoded only when something reads it (the build does, ``check`` need not).
        source = Source(rel, data, "", body_line, lines)
        body = partial(body_of, raw, body_chars) if data is not None else ""
        problems = [Problem(*p) for p in found]
    else:
        source, record_type, problems = _parse(raw, size, rel)
        body, body_chars = source.body, len(source.body)
    if record_type is None:
        if cache is not None and hit is None:
            cache.put(key, (source.data, None, source.body_line, body_chars, source.lines,
                            [astuple(p) for p in problems], None))
        return None, problems, []
    record = Record(display_path(path.stem), record_type, source.data, body, source, path)
    today = build_date.isoformat()
    if rules is not None and rules[0] == today:
        rule_problems = [Problem(*p) for p in rules[1]]
    else:
        rule_problems = record_problems(record, root, build_date)
        # Domain rules depend on the file and the date only, unless the record names attachments.
        fresh = (today, [astuple(p) for p in rule_problems]) if b"documents" not in raw else None
        if cache is not None and (hit is None or fresh != rules):
            rules = fresh
            cache.put(key, (source.data, record_type, source.body_line, body_chars, source.lines,
                            [astuple(p) for p in problems], rules))
    return record, problems, rule_problems


def load_bank(root: Path, build_date: dt.date | None = None, memo: dict | None = None,
              cache: Path | None = None, replace: dict[str, bytes] | None = None) -> Bank:
    """Read and validate every record of the repository at ``root``.

    Returns a Bank whose ``problems`` lists every error and warning of the
    run (all at once, sorted by file and line). Records whose front matter
    could be read and whose type is known are kept even when they have other
    errors, so that references to them resolve. Never raises for contributor
    mistakes.

    With ``memo`` (a dict owned by the live-reload server's ``session.Session.files``: absolute path →
    ((mtime_ns, size, inode, build date), record, file problems, rule problems)), a file whose
    modification time, size and inode are those of the previous load with the same memo is not read
    again: its Record object and problems are the previous ones (an attachment changed without its
    record is seen at the next full build). Cross-file rules always run.

    With ``cache`` (a folder, see ``settings.cache_dir``), reading and schema results of files whose name and
    bytes are unchanged come from the previous run (domain rules too for the same build date, unless
    the record has attachments, whose files are checked again). Results are the same with or without it.

    With ``replace`` ({repository-relative path: bytes}), those existing files are checked as if they held
    these bytes (``mentorbank import`` checks a profile before it writes it); not with ``memo``.
    """
    root = root.resolve()
    bank = Bank(root=root, build_date=build_date or dt.date.today())
    problems: list[Problem] = []
    # A rebuild of the live-reload server finds unchanged files in memory (memo): no disk cache then.
    parsed = DiskCache(cache, "parsed", code_version()) if cache is not None and not memo else None
    if parsed is not None:
        parsed.load()
    prefix = str(root).rstrip("/") + "/"
    for name, is_link in walk_records(root):
        rel = display_path(name[len(prefix):])  # path.relative_to(root), cheaper
        if is_link:
            what, instead = ("папка с записями", "папкой") if os.path.isdir(name) else ("файл записи", "файлом")
            problems.append(Problem(rel, 0, "", f"{what} является символической ссылкой.",
                                    f"замените ссылку обычным {instead}." if instead == "файлом" else
                                    f"замените ссылку обычной {instead}.", ERROR, "oshibki-chteniya"))
            continue
        cached = None
        if memo is not None:
            try:
                st = os.stat(name)
                key = (st.st_mtime_ns, st.st_size, st.st_ino, bank.build_date)
            except OSError:
                key = None
            cached = memo.get(name)
            if cached is None or key is None or cached[0] != key:
                cached = (key, *_load_file(Path(name), root, rel, bank.build_date, parsed))
                if key is not None:
                    memo[name] = cached
            _, record, file_problems, rule_problems = cached
        else:
            record, file_problems, rule_problems = _load_file(Path(name), root, rel, bank.build_date, parsed,
                                                              (replace or {}).get(rel))
        problems.extend(file_problems)
        if record is None:
            continue
        if record.id in bank.records:
            first = bank.records[record.id].source.path
            problems.append(Problem(rel, 0, "", f"идентификатор «{record.id}» уже занят файлом {first}.",
                                    "переименуйте файл: идентификаторы уникальны во всём банке.", ERROR,
                                    "identifikator"))
            continue
        bank.records[record.id] = record
        problems.extend(rule_problems)
    if parsed is not None:
        parsed.save()
    problems.extend(cross_problems(bank))
    # Completeness of the «Наставничество» tab only for files without errors: no noise on a broken file.
    broken = {p.file for p in problems if p.severity == ERROR}
    for record in bank.records.values():
        if record.source.path not in broken:
            problems.extend(tab_problems(record))
    bank.problems = sorted(set(problems), key=lambda p: (p.file, p.line, p.field, p.message))
    return bank
