"""The record model: one Record per contributor file, and the Bank that holds them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import urls
from .loader import Source
from .problems import Problem

TYPE_LABELS = {
    "practice": "Практика",
    "winner": "Победитель или призёр",
    "event": "Мероприятие",
    "organization": "Организация",
}


def shown_name(person: dict) -> str | None:
    """The name of ``person`` (the contract's ``person``: name, position, consent) that may be
    published: its ``name`` only with ``consent: true`` (the boolean, not «да» or 1), else None
    (152-ФЗ; model-dannyh.md, «Персональные данные»). The one rule of every output: record pages and
    the tab (``person`` of ``_macros.html``), the base of mentors (``tab.mentor_base``), open data
    (``opendata.public_data``), feeds, calendars and JSON-LD. Without it only the ``position`` is shown."""
    if not isinstance(person, dict):
        return None
    name = person.get("name")
    return name if person.get("consent") is True and name else None


def name_key(name: str) -> str:
    """Sort key of a person's or an organisation's name (a ``str``) in Russian alphabetical order:
    case-insensitive, with «ё» read as «е», as in dictionaries and lists of names (Елисеев, Ёлкина,
    Жуков). The one key of every order by name: organisations, people, titles of records. Equal keys
    keep their input order (Python's sort is stable)."""
    return name.casefold().replace("ё", "е")


def name_shown(person: dict) -> bool:
    """True when ``person``'s name may be published (``shown_name``)."""
    return shown_name(person) is not None


def person_text(person: dict) -> str:
    """How a person is shown: «Name, position» with consent (``shown_name``), else the position only."""
    name = shown_name(person)
    return f"{name}, {person.get('position', '')}" if name else str(person.get("position", ""))


@dataclass
class Record:
    """One record of the bank.

    ``id`` is the file name without ``.md``; ``type`` is one of practice,
    winner, event, organization; ``data`` is the validated front matter
    (plain JSON-like values, dates as ISO strings); ``body`` the Markdown
    text (given as a string or as a function returning it, called on first use: ``check`` with
    the parse cache never decodes bodies); ``path`` the absolute path of the file.
    """

    id: str
    type: str
    data: dict[str, Any]
    _body: str | Callable[[], str] = field(repr=False)
    source: Source
    path: Path

    @property
    def body(self) -> str:
        """The Markdown text after the front matter."""
        if not isinstance(self._body, str):
            self._body = self._body()
        return self._body

    @body.setter
    def body(self, text: str) -> None:
        self._body = text

    @property
    def title(self) -> str:
        """Human title: ``title`` for practices, winners, events; ``short_name`` for organizations."""
        if self.type == "organization":
            return self.data.get("short_name") or self.data.get("name") or self.id
        return self.data.get("title") or self.id

    @property
    def url(self) -> str:
        """Site-relative URL with trailing slash, e.g. ``praktiki/sosh-26-klub/``."""
        return urls.record(self.type, self.id)

    @property
    def published(self) -> bool:
        """False for drafts (``status: draft``): they are validated but never reach the site."""
        return self.data.get("status", "published") != "draft"

    @property
    def year(self) -> int | None:
        """The record's year: ``year`` for practices and winners, the start year for events."""
        if self.type == "event":
            start = self.data.get("start", "")
            return int(start[:4]) if start[:4].isdigit() else None
        return self.data.get("year")


@dataclass
class Bank:
    """All records of a repository, indexed, with the problems found while loading.

    ``records`` maps id → Record for every file whose front matter could be
    read and has a known type (including files with errors in other fields,
    so that references to them still resolve); ``problems`` holds every
    error and warning of the run; ``build_date`` is the date listings are
    computed for (upcoming/past events, overdue roadmap items).
    """

    root: Path
    records: dict[str, Record] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    build_date: dt.date = field(default_factory=dt.date.today)
    #: ``children``'s index: (number of records it was made from, parent id → children by short name).
    _children: tuple[int, dict[str, list[Record]]] | None = field(default=None, repr=False, compare=False)

    def of_type(self, record_type: str, published_only: bool = True) -> list[Record]:
        """Return the records of ``record_type`` in id order (published only by default)."""
        # Filter, then sort by id (ids are unique): sorting the whole bank per call made
        # organization pages quadratic (children() is called once per organization).
        return sorted((r for r in self.records.values()
                       if r.type == record_type and (r.published or not published_only)), key=lambda r: r.id)

    def get(self, record_id: str | None) -> Record | None:
        """Return the record with ``record_id``, or None."""
        return self.records.get(record_id) if record_id else None

    def children(self, org_id: str) -> list[Record]:
        """Return the organizations whose ``parent`` is ``org_id`` (direct children), by short name.

        From an index of published organisations by ``parent``, made on the first call and again
        whenever the number of records changed (records are only added, while the bank loads): a scan
        of the bank per call made ``subtree`` of every organisation quadratic (5,000 organisations ×
        125,000 records at N = 100,000)."""
        if self._children is None or self._children[0] != len(self.records):
            index: dict[str, list[Record]] = {}
            for r in self.of_type("organization"):
                index.setdefault(r.data.get("parent"), []).append(r)
            for kids in index.values():
                kids.sort(key=lambda r: name_key(r.title))
            self._children = (len(self.records), index)
        return list(self._children[1].get(org_id, ()))

    def subtree(self, org_id: str) -> list[str]:
        """Return ``org_id`` and the ids of all organizations below it via ``parent`` (cycle-safe)."""
        out, todo = [], [org_id]
        while todo:
            current = todo.pop()
            if current in out:
                continue
            out.append(current)
            todo.extend(r.id for r in self.children(current))
        return out
