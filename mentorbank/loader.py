"""Reading contributors' files: bytes → front matter (with line numbers) + Markdown body.

Every file is untrusted. Reading never raises for a contributor's mistake:
problems are collected and returned with the file, the line and the field.
"""

from __future__ import annotations

import bisect
import codecs
import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import frontmatter
import yaml
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .problems import ERROR, WARNING, Problem
from .yaml_messages import ColonInValue, colon_in_value, explain, quote

#: Largest file the bank reads, in bytes. Larger files are rejected, not truncated.
MAX_FILE_BYTES = 1_000_000

_FRONT = frontmatter.YAMLHandler()


@dataclass
class Source:
    """One parsed file.

    ``path`` is relative to the repository root; ``data`` is the front matter
    as plain Python (dict/list/str/int/float/bool/None; dates stay strings
    ``YYYY-MM-DD``), or None when it could not be read; ``body`` is the
    Markdown text after the front matter; ``lines`` maps a field path tuple
    such as ``("forms", 1)`` to its 1-based line in the file; ``body_line`` is
    the line where the body starts.
    """

    path: str
    data: dict[str, Any] | None
    body: str = ""
    body_line: int = 1
    lines: dict[tuple, int] = field(default_factory=dict)

    def line_of(self, path: tuple) -> int:
        """Return the line of ``path`` or of its nearest ancestor that has one (1 if none)."""
        for cut in range(len(path), -1, -1):
            if path[:cut] in self.lines:
                return self.lines[path[:cut]]
        return 1


class _ReadError(Exception):
    def __init__(self, index: int, message: str, hint: str = ""):
        super().__init__(message)
        self.index, self.message, self.hint = index, message, hint


class _Loader(yaml.SafeLoader):
    """SafeLoader without anchors/aliases and without implicit timestamps.

    Dates stay strings so that an impossible date («2023-02-30») is a
    validation message instead of a crash, and aliases are refused so that an
    alias bomb cannot expand.
    """

    def compose_node(self, parent, index):  # noqa: D102 - PyYAML hook
        if self.check_event(AliasEvent):
            event = self.peek_event()
            raise _ReadError(
                event.start_mark.index,
                "ссылки YAML (*имя) не поддерживаются.",
                "повторите значение целиком вместо ссылки.",
            )
        event = self.peek_event()
        if getattr(event, "anchor", None):
            raise _ReadError(
                event.start_mark.index,
                f"якоря YAML (&{event.anchor}) не поддерживаются.",
                "уберите «&имя» и повторите значение целиком там, где оно нужно.",
            )
        return super().compose_node(parent, index)


def _construct_mapping(loader, node, deep=False):
    """Mappings whose scalar keys stay as written («yes», «~», «2»), so that messages and line
    numbers name the key the contributor typed."""
    if not isinstance(node, MappingNode):
        return yaml.SafeLoader.construct_mapping(loader, node, deep)
    out = {}
    for key_node, value_node in node.value:
        if isinstance(key_node, ScalarNode):
            key = key_node.value
        else:
            raise yaml.constructor.ConstructorError(
                "while constructing a mapping", node.start_mark, "found unhashable key", key_node.start_mark)
        out[key] = loader.construct_object(value_node, deep=deep)
    return out


def _construct_map_node(loader, node):
    data: dict = {}
    yield data
    data.update(_construct_mapping(loader, node, deep=True))


_Loader.add_constructor("tag:yaml.org,2002:map", _construct_map_node)

_Loader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class _Lines:
    """Line numbers from character positions: PyYAML also counts U+0085, U+2028 and U+2029 as line
    breaks, editors and git do not."""

    def __init__(self, text: str, offset: int):
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.offset = offset

    def __call__(self, index: int) -> int:
        return bisect.bisect_right(self.starts, index) + self.offset


def _walk(node: Node, path: tuple, line_at: _Lines, lines: dict, duplicates: list) -> None:
    lines.setdefault(path, line_at(node.start_mark.index))
    if isinstance(node, MappingNode):
        seen: dict[Any, int] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, ScalarNode) else str(key_node.value)
            line = line_at(key_node.start_mark.index)
            if key in seen:
                duplicates.append((path + (key,), line, seen[key]))
            seen[key] = line
            lines[path + (key,)] = line
            _walk(value_node, path + (key,), line_at, lines, duplicates)
    elif isinstance(node, SequenceNode):
        for i, item in enumerate(node.value):
            _walk(item, path + (i,), line_at, lines, duplicates)


def _plain(value: Any) -> Any:
    """Make constructed YAML JSON-like: keys become strings, dates ISO strings."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return value


#: Unicode category Cc: C0 controls, DEL and C1 controls.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")


def display_path(text: str) -> str:
    """A file name as it can be printed on one line: bytes that are not UTF-8 and control characters
    (a newline in a name could forge a CI workflow command) become «�»."""
    if not text.isascii():
        text = text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return _CONTROL.sub("�", text)


def field_path(path: tuple) -> str:
    """Format a path tuple as contributors see it: ``("forms", 1)`` → ``forms[1]``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def _report_duplicates(problems: list[Problem], rel: str, duplicates: list) -> None:
    for path, line, first in duplicates:
        problems.append(Problem(rel, line, field_path(path),
                                f"поле указано дважды (впервые в строке {first}).",
                                "оставьте одно значение и удалите повтор.", ERROR, "oshibki-chteniya"))


class _CLoader(yaml.CSafeLoader if yaml.__with_libyaml__ else yaml.SafeLoader):
    """libyaml's parser with the same constructors and resolvers as ``_Loader`` (no timestamps, keys as
    written). Used only for front matter without anchors, aliases, tags, directives or unusual characters."""


_CLoader.add_constructor("tag:yaml.org,2002:map", _construct_map_node)
_CLoader.yaml_implicit_resolvers = _Loader.yaml_implicit_resolvers

#: Front matter containing any of these takes the exact (pure Python) path: anchors, aliases, tags,
#: directives, characters PyYAML refuses, and line breaks that PyYAML and libyaml may count differently.
_NOT_FAST = re.compile("[&*!%\x85\u2028\u2029\ufeff]|"
                       + yaml.reader.Reader.NON_PRINTABLE.pattern)


def _parse_fast(front: str, line_at: _Lines) -> tuple[dict, dict, list] | None:
    """Parse ordinary front matter with libyaml, ~20× faster than the pure Python parser.

    Returns (data, lines, duplicates) as the exact path would, or None when the text is unusual or
    anything goes wrong: the exact path then reads it again and words the message.
    """
    if not yaml.__with_libyaml__ or _NOT_FAST.search(front):
        return None
    loader = _CLoader(front)
    try:
        node = loader.get_single_node()
        if not isinstance(node, MappingNode):
            return None
        lines: dict[tuple, int] = {}
        duplicates: list = []
        _walk(node, (), line_at, lines, duplicates)
        # Keys are the scalars as written and no timestamp or binary tag can occur: already plain.
        return loader.construct_document(node), lines, duplicates
    except Exception:  # noqa: BLE001 - any surprise: the exact path decides
        return None
    finally:
        loader.dispose()


class _SyntaxError(Exception):
    """PyYAML's syntax error of the front matter, kept to be worded by ``explain`` (or read on past a colon)."""

    def __init__(self, error: yaml.MarkedYAMLError):
        super().__init__(error)
        self.error = error


#: At most this many colons in values are read past in one file; then the file's message is the colon's.
_MAX_COLON_FIXES = 50


def _parse_exact(front: str, line_at: _Lines) -> tuple[dict, dict, list]:
    """Parse front matter with the pure Python parser: (data, lines, duplicates).

    Raises ``_SyntaxError`` for a YAML syntax error and ``_ReadError`` (``index`` a line number then)
    for anything else that makes the front matter unusable, with the Russian message.
    """
    try:
        loader = _Loader(front)
    except yaml.reader.ReaderError as exc:
        raise _ReadError(line_at(exc.position), f"в блоке описания есть управляющий символ U+{exc.character:04X}.",
                         "удалите его (такие символы часто попадают при копировании из Word или PDF).") from None
    try:
        node = loader.get_single_node()
    except yaml.reader.ReaderError as exc:
        raise _ReadError(line_at(exc.position), f"в блоке описания есть управляющий символ U+{exc.character:04X}.",
                         "удалите его (такие символы часто попадают при копировании из Word или PDF).") from None
    except _ReadError as exc:
        raise _ReadError(line_at(exc.index), exc.message, exc.hint) from None
    except RecursionError:
        raise _ReadError(1, "слишком глубокая вложенность значений.", "упростите структуру блока описания.") from None
    except yaml.MarkedYAMLError as exc:
        raise _SyntaxError(exc) from None
    except yaml.YAMLError:
        raise _ReadError(1, "блок описания не удаётся прочитать.", _GENERAL_HINT) from None
    finally:
        loader.dispose()
    if node is None:
        raise _ReadError(1, "блок описания пустой.", "заполните поля по шаблону: команда «mentorbank new».")
    if not isinstance(node, MappingNode):
        raise _ReadError(line_at(node.start_mark.index), "блок описания должен состоять из полей «имя: значение».",
                         "проверьте, что каждое поле записано как «имя: значение».")
    lines: dict[tuple, int] = {}
    duplicates: list = []
    try:
        _walk(node, (), line_at, lines, duplicates)
    except RecursionError:
        raise _ReadError(1, "слишком глубокая вложенность значений.", "упростите структуру блока описания.") from None
    try:
        data = _plain(loader.construct_document(node))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = line_at(mark.index) if mark else 1
        if "unhashable" in (exc.problem or ""):
            raise _ReadError(line, "ключ поля записан как список или набор полей.",
                             "имя поля — это простое слово перед двоеточием, например «tags:».") from None
        if "constructor" in (exc.problem or ""):
            raise _ReadError(line, "теги YAML («!!…», «!…») не поддерживаются.",
                             "удалите тег и оставьте само значение.") from None
        raise _ReadError(line, "значение не удаётся прочитать.", "проверьте синтаксис этой строки.") from None
    except (yaml.YAMLError, ValueError, TypeError, RecursionError):
        raise _ReadError(1, "значения блока описания не удаётся прочитать.", _GENERAL_HINT) from None
    return data, lines, duplicates


_GENERAL_HINT = "проверьте синтаксис блока описания: отступы, двоеточия после имён полей, кавычки и скобки."


def _colon_problem(rel: str, colon: ColonInValue, offset: int, lines: dict) -> Problem:
    """The message of a colon inside an unquoted value; the field path comes from ``lines`` of the file read
    with that value quoted (the key as written on the line when the file could not be read even so)."""
    line = colon.line + 1 + offset
    paths = [path for path, at in lines.items() if at == line and path and path[-1] == colon.key]
    where = field_path(max(paths, key=len)) if paths else colon.key
    hint_value = colon.quoted if len(colon.quoted) <= 90 else quote(colon.value[:80].rstrip() + "…")
    return Problem(rel, line, where,
                   f"в значении поля {colon.key} есть двоеточие («{colon.snippet}»), и без кавычек YAML читает "
                   "текст перед ним как имя ещё одного поля.",
                   f"возьмите значение в кавычки: {colon.key}: {hint_value}", ERROR, "oshibki-chteniya")



def parse_text(raw: bytes, rel: str, size: int | None = None) -> tuple[Source, list[Problem]]:
    """Parse one file's bytes.

    Returns the ``Source`` (``data`` None when the front matter is unusable)
    and the problems found while reading: encoding, size, front matter
    delimiters, YAML syntax, duplicate keys, anchors. Never raises.
    """
    problems: list[Problem] = []

    def fail(line: int, message: str, hint: str) -> tuple[Source, list[Problem]]:
        problems.append(Problem(rel, line, "", message, hint, ERROR, "oshibki-chteniya"))
        return Source(rel, None), problems

    if len(raw) > MAX_FILE_BYTES:
        return fail(0, f"файл слишком большой ({(size or len(raw)) // 1000} КБ, допускается до "
                    f"{MAX_FILE_BYTES // 1000} КБ).",
                    "сократите текст; крупные материалы приложите отдельным файлом в поле documents.")
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8):]
        problems.append(Problem(rel, 1, "", "файл начинается с невидимой метки BOM.",
                                "сохраните файл в кодировке «UTF-8 без BOM».", WARNING, "oshibki-chteniya"))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return fail(line, "файл не в кодировке UTF-8 (возможно, Windows-1251).",
                    "пересохраните файл в кодировке UTF-8.")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\x00" in text:
        return fail(text[: text.index("\x00")].count("\n") + 1, "в файле есть нулевой байт: это не текст.",
                    "загрузите текстовый файл .md.")
    if not text.strip():
        return fail(0, "файл пустой.", "заполните файл по шаблону: команда «mentorbank new».")
    if not _FRONT.detect(text):
        return fail(1, "файл не начинается с блока описания (первая строка должна быть «---»).",
                    "начните файл строкой «---», затем поля, затем снова «---».")
    try:
        front, body = _FRONT.split(text)
    except ValueError:
        return fail(1, "блок описания не закрыт: нет второй строки «---».",
                    "добавьте строку «---» после последнего поля, перед текстом.")
    # Lines swallowed by the opening delimiter (its pattern eats blank lines after «---»).
    offset = text[: _FRONT.FM_BOUNDARY.match(text).end()].count("\n")
    body_line = text[: len(text) - len(body)].count("\n") + 1
    if body.startswith("\n"):
        body = body[1:]
        body_line += 1
    if "\t" in front:
        line = front[: front.index("\t")].count("\n") + 1 + offset
        return fail(line, "в блоке описания есть символ табуляции: YAML его не допускает.",
                    "замените табуляцию пробелами (по два на уровень вложенности).")
    line_at = _Lines(front, offset)
    parsed = _parse_fast(front, line_at)
    colons: list[ColonInValue] = []
    while parsed is None:
        try:
            parsed = _parse_exact(front, line_at)
        except _SyntaxError as exc:
            colon = colon_in_value(front, exc.error) if len(colons) < _MAX_COLON_FIXES else None
            if colon is None:
                problems.extend(_colon_problem(rel, c, offset, {}) for c in colons)
                mark, message, hint = explain(exc.error)
                return fail(line_at(mark.index) if mark else 1, message, hint)
            # Read on as if the value were quoted (what the contributor meant), to report the file's other problems.
            colons.append(colon)
            front = colon.text
            line_at = _Lines(front, offset)
        except _ReadError as exc:
            problems.extend(_colon_problem(rel, c, offset, {}) for c in colons)
            return fail(exc.index, exc.message, exc.hint)
    data, lines, duplicates = parsed
    problems.extend(_colon_problem(rel, c, offset, lines) for c in colons)
    _report_duplicates(problems, rel, duplicates)
    return Source(rel, data, body, body_line, lines), problems


def read_raw(path: Path, rel: str) -> tuple[bytes | None, int, list[Problem]]:
    """Read at most MAX_FILE_BYTES + 1 bytes of ``path``: (bytes or None, real size, problems). Never raises."""
    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            return fh.read(MAX_FILE_BYTES + 1), size, []
    except OSError as exc:
        return None, 0, [Problem(rel, 0, "", f"файл не удалось прочитать ({exc.strerror}).",
                                 "проверьте, что это обычный файл.", ERROR, "oshibki-chteniya")]


def body_of(raw: bytes, body_chars: int) -> str:
    """The last ``body_chars`` characters of the text of ``raw`` as ``parse_text`` reads it (BOM
    dropped, line ends normalised): the body of a file parsed before."""
    if not body_chars:
        return ""
    text = raw[len(codecs.BOM_UTF8):] if raw.startswith(codecs.BOM_UTF8) else raw
    text = text.decode("utf-8")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text[len(text) - body_chars:]

