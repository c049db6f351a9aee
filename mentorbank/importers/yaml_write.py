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


def set_key(data, key: str, value) -> None:
    """Set ``key`` of a round-trip mapping; a new key is placed after the keys that come before it in
    ``PROFILE_KEYS`` (at the end if none does), an existing one keeps its place."""
    if key in data:
        data[key] = value
        return
    order = PROFILE_KEYS.index(key) if key in PROFILE_KEYS else len(PROFILE_KEYS)
    position = len(data)
    for i, existing in enumerate(data):
        if existing in PROFILE_KEYS and PROFILE_KEYS.index(existing) > order:
            position = i
            break
    data.insert(position, key, value)


def merge_roadmap(data, roadmap: dict) -> str:
    """Put an imported roadmap into a profile's round-trip mapping: it replaces the roadmap with the same
    ``title``, or is added after the others (``roadmaps`` is created where the data model puts it).
    Returns the Russian sentence for the report."""
    roadmaps = data.get("roadmaps")
    if not isinstance(roadmaps, list):
        set_key(data, "roadmaps", [roadmap])
        return f"дорожная карта «{roadmap.get('title', '')}» добавлена в профиль"
    for i, existing in enumerate(roadmaps):
        if isinstance(existing, dict) and existing.get("title") == roadmap.get("title"):
            roadmaps[i] = roadmap
            return f"дорожная карта «{roadmap.get('title', '')}» заменена новой"
    roadmaps.append(roadmap)
    return f"дорожная карта «{roadmap.get('title', '')}» добавлена к {len(roadmaps) - 1} другим"


def merge_stats(data, rows: list[dict]) -> str:
    """Put imported indicators into a profile's round-trip mapping: the values of a year already in
    ``stats`` are set in its entry (its other values and comments stay), new years are added at the end.
    Returns the Russian sentence for the report."""
    stats = data.get("stats")
    if not isinstance(stats, list):
        set_key(data, "stats", rows)
        return "показатели добавлены за " + ", ".join(str(r["year"]) for r in rows) + " г."
    updated, added = [], []
    for row in rows:
        entry = next((e for e in stats if isinstance(e, dict) and e.get("year") == row["year"]), None)
        if entry is None:
            stats.append(row)
            added.append(str(row["year"]))
        else:
            for key, value in row.items():
                entry[key] = value
            updated.append(str(row["year"]))
    parts = ([f"добавлены за {', '.join(added)} г."] if added else []) + \
        ([f"обновлены за {', '.join(updated)} г."] if updated else [])
    return "показатели " + "; ".join(parts)
