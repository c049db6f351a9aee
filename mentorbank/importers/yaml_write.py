"""YAML of imported data, and its round-trip insertion into an organisation profile (ruamel.yaml).

Only the front matter is parsed and written again, with ruamel.yaml's round-trip mode: comments,
quoting, key order and the other keys stay as they were; the Markdown body is kept byte for byte.
The indentation the file uses is found by trying the usual styles until one writes the unchanged
front matter back exactly; a file no style reproduces is not touched.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable

from .messages import ImportFailure

#: (mapping, sequence, offset) indentation styles tried, the bank's own first («  - » under a key).
INDENTS = ((2, 4, 2), (2, 2, 0), (4, 4, 2), (4, 6, 4), (4, 4, 0), (3, 3, 1))
#: Keys of an organisation profile in the order of data-model.md: a new key goes after those before it.
PROFILE_KEYS = ("type", "name", "short_name", "kind", "region", "municipality", "parent", "site_url", "curator",
                "forms", "documents", "mentors", "roadmaps", "stats", "links")
_FRONT = re.compile(r"\A(---[ \t]*\n)(.*?\n)?(---[ \t]*(?:\n|\Z))", re.S)
_WIDTH = 1_000_000


def _yaml(indent: tuple[int, int, int]):
    from ruamel.yaml import YAML

    yaml = YAML()  # round-trip
    yaml.preserve_quotes = True
    yaml.width = _WIDTH
    yaml.allow_unicode = True
    yaml.indent(mapping=indent[0], sequence=indent[1], offset=indent[2])
    return yaml


def dump(key: str, value) -> str:
    """YAML text of ``{key: value}`` in the style of the bank's files (two spaces a level, «  - » under a
    key, no line folding), for printing; dates as ``YYYY-MM-DD``."""
    out = io.StringIO()
    _yaml(INDENTS[0]).dump({key: value}, out)
    return out.getvalue()


def update_front_matter(text: str, change: Callable[[dict], str]) -> tuple[str, str]:
    """Apply ``change`` to the front matter of a profile's text and return (new text, what ``change`` said).

    ``change`` receives the round-trip mapping (a ruamel.yaml ``CommentedMap``) and edits it in place,
    returning a Russian sentence for the report. The body after the closing «---» and everything of the
    front matter that ``change`` does not touch are kept byte for byte; Windows line ends are kept.
    Raises ImportFailure when the file has no front matter, its YAML cannot be read, or its layout
    cannot be written back unchanged.
    """
    from ruamel.yaml.error import YAMLError

    crlf = "\r\n" in text
    if crlf:
        text = text.replace("\r\n", "\n")
    match = _FRONT.match(text)
    if match is None:
        raise ImportFailure("в файле профиля нет блока описания между строками «---»: исправьте файл "
                            "(mentorbank check) и запустите импорт снова.")
    front = match.group(2) or ""
    style = None
    for indent in INDENTS:
        yaml = _yaml(indent)
        try:
            data = yaml.load(front)
        except YAMLError as exc:
            raise ImportFailure(f"блок описания профиля не читается как YAML ({exc.__class__.__name__}): "
                                "исправьте файл (mentorbank check) и запустите импорт снова.") from None
        out = io.StringIO()
        yaml.dump(data, out)
        if out.getvalue() == front:
            style = indent
            break
    if style is None or not hasattr(data, "insert"):
        raise ImportFailure("оформление блока описания профиля нельзя сохранить при записи (необычные отступы "
                            "или переносы строк): файл не изменён. Запустите импорт без --write и вставьте "
                            "напечатанный YAML в файл вручную.")
    said = change(data)
    out = io.StringIO()
    _yaml(style).dump(data, out)
    new = match.group(1) + out.getvalue() + match.group(3) + text[match.end():]
    return (new.replace("\n", "\r\n") if crlf else new), said


def _detach_tail_comments(container, key) -> str:
    """Take off and return the whole-line comments that follow the value of ``container[key]`` ('' if none).

    ruamel.yaml keeps the comment lines above a key at the end of the previous key's value: in the token
    of the end-of-line comment of its last line (deepest last item of a block value), or in the ``end``
    comments of a block collection. The end-of-line comment itself stays where it is.
    """
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    value = container[key]
    if isinstance(value, (CommentedMap, CommentedSeq)) and len(value) and not value.fa.flow_style():
        last = next(reversed(value)) if isinstance(value, CommentedMap) else len(value) - 1
        text = _detach_tail_comments(value, last)
        if text:
            return text
        if value.ca.end:
            text = "".join(token.value for token in value.ca.end)
            value.ca.end = []
            return text
    slots = container.ca.items.get(key)
    index = 2 if isinstance(container, CommentedMap) else 0
    if slots is None or len(slots) <= index or slots[index] is None:
        return ""
    token = slots[index]
    end_of_line, _, rest = token.value.partition("\n")
    if not rest:
        return ""
    if end_of_line.strip():
        token.value = end_of_line + "\n"
    else:
        slots[index] = None
    return rest


def _attach_tail_comments(container, key, text: str) -> None:
    """Put whole-line comments ``text`` after the value of ``container[key]`` (on its deepest last item)."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq
    from ruamel.yaml.error import CommentMark
    from ruamel.yaml.tokens import CommentToken

    value = container[key]
    if isinstance(value, (CommentedMap, CommentedSeq)) and len(value) and not value.fa.flow_style():
        last = next(reversed(value)) if isinstance(value, CommentedMap) else len(value) - 1
        _attach_tail_comments(value, last, text)
        return
    index = 2 if isinstance(container, CommentedMap) else 0
    slots = container.ca.items.setdefault(key, [None, None, None, None])
    if slots[index] is not None:
        slots[index].value += text
    else:
        slots[index] = CommentToken("\n" + text, CommentMark(0), None)


def commented(value):
    """``value`` (dicts, lists, scalars) as ruamel.yaml round-trip containers, so that comments can be
    attached to what is imported."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if isinstance(value, dict):
        return CommentedMap((k, commented(v)) for k, v in value.items())
    if isinstance(value, list):
        return CommentedSeq(commented(v) for v in value)
    return value


def change_key(data, key: str, change: Callable[[], str]) -> str:
    """Run ``change`` (which edits ``data[key]`` in place or sets it) so that the whole-line comments below
    the key's block — those above the next key, or at the end of the front matter — stay outside the block.
    Returns what ``change`` returns."""
    text = _detach_tail_comments(data, key) if key in data else ""
    said = change()
    if text:
        keys = list(data)
        after = keys.index(key) + 1
        if after < len(keys):
            _put_comments_above(data, keys[after], text)
        else:
            _attach_tail_comments(data, key, text)
    return said


def _put_comments_above(data, key, text: str) -> None:
    """Whole-line comments ``text`` right above ``key`` of a round-trip mapping (before those it has)."""
    from ruamel.yaml.error import CommentMark
    from ruamel.yaml.tokens import CommentToken

    above = data.ca.items.setdefault(key, [None, None, None, None])
    above[1] = [CommentToken(text, CommentMark(0), None)] + list(above[1] or [])


def _keep_comments_above(data, before_key, after_key) -> None:
    """Move the whole-line comments that stand above ``after_key`` (kept by ruamel.yaml at the end of
    ``before_key``'s value) onto ``after_key`` itself, so that a key inserted between the two does not
    take them: «# показатели за год» stays above «stats:»."""
    text = _detach_tail_comments(data, before_key)
    if text:
        _put_comments_above(data, after_key, text)


def set_key(data, key: str, value) -> None:
    """Set ``key`` of a round-trip mapping; a new key is placed after the keys that come before it in
    ``PROFILE_KEYS`` (at the end if none does), an existing one keeps its place. Comments above the key
    the new one is put before stay above that key."""
    if key in data:
        data[key] = value
        return
    order = PROFILE_KEYS.index(key) if key in PROFILE_KEYS else len(PROFILE_KEYS)
    keys = list(data)
    position = next((i for i, existing in enumerate(keys)
                     if existing in PROFILE_KEYS and PROFILE_KEYS.index(existing) > order), len(keys))
    if 0 < position < len(keys):
        _keep_comments_above(data, keys[position - 1], keys[position])
    data.insert(position, key, value)


def merge_roadmap(data, roadmap: dict) -> str:
    """Put an imported roadmap into a profile's round-trip mapping: it replaces the roadmap with the same
    ``title``, or is added after the others (``roadmaps`` is created where the data model puts it).
    Returns the Russian sentence for the report."""
    roadmaps = data.get("roadmaps")
    title = roadmap.get("title", "")
    roadmap = commented(roadmap)
    if not isinstance(roadmaps, list):
        if "roadmaps" in data:
            return change_key(data, "roadmaps", lambda: _set(data, "roadmaps", commented([roadmap]),
                                                             f"дорожная карта «{title}» записана в профиль"))
        set_key(data, "roadmaps", commented([roadmap]))
        return f"дорожная карта «{title}» добавлена в профиль"
    for i, existing in enumerate(roadmaps):
        if isinstance(existing, dict) and existing.get("title") == title:
            return change_key(data, "roadmaps", lambda i=i: _set(roadmaps, i, roadmap,
                                                                 f"дорожная карта «{title}» заменена новой"))
    return change_key(data, "roadmaps", lambda: _append(roadmaps, roadmap, f"дорожная карта «{title}» "
                                                        f"добавлена к {len(roadmaps)} другим"))


def _set(container, key, value, said: str) -> str:
    container[key] = value
    return said


def _append(container, value, said: str) -> str:
    container.append(value)
    return said


def merge_stats(data, rows: list[dict]) -> str:
    """Put imported indicators into a profile's round-trip mapping: the values of a year already in
    ``stats`` are set in its entry (its other values and comments stay), new years are added at the end.
    Returns the Russian sentence for the report."""
    stats = data.get("stats")
    years = ", ".join(str(r["year"]) for r in rows)
    if not isinstance(stats, list):
        if "stats" in data:
            return change_key(data, "stats", lambda: _set(data, "stats", commented(rows),
                                                          f"показатели записаны за {years} г."))
        set_key(data, "stats", commented(rows))
        return f"показатели добавлены за {years} г."

    def merge() -> str:
        updated, added = [], []
        for row in rows:
            entry = next((e for e in stats if isinstance(e, dict) and e.get("year") == row["year"]), None)
            if entry is None:
                stats.append(commented(row))
                added.append(str(row["year"]))
            else:
                for key, value in row.items():
                    entry[key] = value
                updated.append(str(row["year"]))
        parts = ([f"добавлены за {', '.join(added)} г."] if added else []) + \
            ([f"обновлены за {', '.join(updated)} г."] if updated else [])
        return "показатели " + "; ".join(parts)

    return change_key(data, "stats", merge)
