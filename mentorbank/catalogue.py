"""The read-only catalogue: a validated bank plus the indexes every output reads.

Built once per build from a ``Bank`` (``Catalogue(bank)``); each index is computed on first use and
then shared. Nothing here renders or knows URLs of outputs; outputs must not mutate what they get.
Orders are the listings' (README, «Как идёт сборка»): practices newest year first, then by title;
winners by year, competition, result, place; events upcoming (nearest first) and past (latest first);
organisations by region, municipality and short name.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from functools import cached_property
from types import MappingProxyType

from . import tab, urls
from .dates import parse
from .model import Bank, Record, name_key
from .vocab import label, slugs

#: The organisation field of each record type (``parent`` for an organisation).
ORG_FIELD = MappingProxyType({"practice": "organization", "winner": "organization", "event": "organizer",
                              "organization": "parent"})
#: Kinds of records listed per organisation, with the field naming the organisation.
LISTED_KINDS = (("practice", "organization"), ("winner", "organization"), ("event", "organizer"))


class Catalogue:
    """Read-only indexes over ``bank`` (published records only). Lists are shared: do not mutate them."""

    def __init__(self, bank: Bank):
        self.bank = bank
        self.build_date: dt.date = bank.build_date
        self._descendants: dict[str, list[Record]] = {}

    # ----- sorted records ---------------------------------------------------------------------------
    @cached_property
    def practices(self) -> list[Record]:
        """Published practices, newest year first, then by title and id."""
        return sorted(self.bank.of_type("practice"),
                      key=lambda r: (-(r.data.get("year") or 0), name_key(r.title), r.id))

    @cached_property
    def winners(self) -> list[Record]:
        """Published winners by year (newest first), competition, result, place, title."""
        order = {s: i for i, s in enumerate(slugs("result"))}
        return sorted(self.bank.of_type("winner"), key=lambda r: (
            -(r.data.get("year") or 0), name_key(r.data.get("competition", "")),
            order.get(r.data.get("result"), 99), r.data.get("place") or 99, name_key(r.title)))

    @cached_property
    def events(self) -> tuple[list[Record], list[Record]]:
        """(upcoming, past) published events on the build date: upcoming = not ended (end, else start
        ≥ build date), nearest first; past latest first."""
        upcoming, past = [], []
        for r in self.bank.of_type("event"):
            (upcoming if self.is_upcoming(r) else past).append(r)
        upcoming.sort(key=lambda r: (r.data.get("start", ""), name_key(r.title)))
        past.sort(key=lambda r: (r.data.get("start", ""), name_key(r.title)), reverse=True)
        return upcoming, past

    def is_upcoming(self, event: Record) -> bool:
        """True when ``event`` has not ended on the build date (its end, else its start, ≥ that date)."""
        last = parse(event.data.get("end")) or parse(event.data.get("start"))
        return bool(last and last >= self.build_date)

    @cached_property
    def organizations(self) -> list[Record]:
        """Published organisations by region, municipality and short name."""
        return sorted(self.bank.of_type("organization"),
                      key=lambda r: (name_key(r.data.get("region", "")), name_key(r.data.get("municipality", "")),
                                    name_key(r.title)))

    # ----- relations ---------------------------------------------------------------------------------
    def org_of(self, r: Record) -> Record | None:
        """The organisation of a record (organization/organizer), or its parent for an organisation."""
        return self.bank.get(r.data.get(ORG_FIELD[r.type]))

    @cached_property
    def by_org(self) -> dict[str, dict[str, list[Record]]]:
        """organisation id → kind → its own records of that kind, in listing order."""
        out: dict[str, dict[str, list[Record]]] = {}
        upcoming, past = self.events
        for (kind, key), items in zip(LISTED_KINDS, (self.practices, self.winners, upcoming + past), strict=True):
            for r in items:
                out.setdefault(r.data.get(key), {}).setdefault(kind, []).append(r)
        return out

    @cached_property
    def winners_by(self) -> dict[tuple[str, str], list[Record]]:
        """Winners indexed by ("practice", id) and ("event", id), in listing order."""
        out: dict[tuple[str, str], list[Record]] = {}
        for w in self.winners:
            for key in ("practice", "event"):
                if w.data.get(key):
                    out.setdefault((key, w.data[key]), []).append(w)
        return out

    def descendants(self, org_id: str) -> list[Record]:
        """``tab.descendants`` (subordinate organisations at any depth), computed once per organisation."""
        if org_id not in self._descendants:
            self._descendants[org_id] = tab.descendants(self.bank, org_id)
        return self._descendants[org_id]

    @cached_property
    def with_subordinates(self) -> dict[str, dict[str, list[Record]]]:
        """organisation id → kind → records of the organisation *and its subordinate organisations*,
        in listing order."""
        upcoming, past = self.events
        order = {kind: {rec.id: n for n, rec in enumerate(items)} for kind, items in (
            ("practice", self.practices), ("winner", self.winners), ("event", upcoming + past))}
        out: dict[str, dict[str, list[Record]]] = {}
        for org in self.organizations:
            own = [self.by_org.get(i, {}) for i in [org.id] + [o.id for o in self.descendants(org.id)]]
            out[org.id] = {kind: sorted((rec for o in own for rec in o.get(kind, [])),
                                        key=lambda rec, k=kind: order[k].get(rec.id, 0))
                           for kind, _ in LISTED_KINDS}
        return out

    # ----- groups and counts --------------------------------------------------------------------------
    @cached_property
    def practices_by_region(self) -> dict[str, list[Record]]:
        """Region name → practices of organisations of that region (practices without a known
        organisation are left out), regions sorted."""
        out: dict[str, list[Record]] = {}
        for r in self.practices:
            org = self.org_of(r)
            if org:
                out.setdefault(org.data.get("region", ""), []).append(r)
        return dict(sorted(out.items()))

    @cached_property
    def practices_by_year(self) -> dict[int, list[Record]]:
        """Year → practices of that year, years ascending."""
        out: dict[int, list[Record]] = {}
        for r in self.practices:
            out.setdefault(r.data.get("year"), []).append(r)
        return dict(sorted(out.items()))

    def practices_of_form(self, slug: str) -> list[Record]:
        """Practices with the form of mentoring ``slug``, in listing order."""
        return [r for r in self.practices if slug in (r.data.get("forms") or [])]

    @cached_property
    def counts(self) -> dict:
        """Counts for the catalogue page and the bank overview: ``counts`` (published per type),
        ``by_form`` [(slug, label, n)], ``by_region`` [(slug, name, n)], ``by_year`` [(year, n)] newest
        first, ``by_org`` [(organisation, n)] by title, ``upcoming``/``past`` (numbers) and
        ``upcoming_events`` (the next five)."""
        published = {t: len(self.bank.of_type(t)) for t in ("practice", "winner", "event", "organization")}
        forms = Counter(f for r in self.practices for f in set(r.data.get("forms") or []))
        years = Counter(r.data.get("year") for r in self.practices)
        orgs = Counter(r.data.get("organization") for r in self.practices)
        upcoming, past = self.events
        return {
            "counts": published,
            "by_form": [(s, label("form", s), forms[s]) for s in slugs("form")],
            "by_region": [(urls.region_slug(k), k, len(v)) for k, v in self.practices_by_region.items()],
            "by_year": sorted(years.items(), reverse=True),
            "by_org": sorted(((self.bank.get(k), v) for k, v in orgs.items() if self.bank.get(k)),
                             key=lambda x: name_key(x[0].title)),
            "upcoming": len(upcoming), "past": len(past), "upcoming_events": upcoming[:5],
        }

    #: Cards of each kind on the home page (one screen at 1280 px).
    HOME_CARDS = 3

    @cached_property
    def home(self) -> dict:
        """What the home page shows besides the counts: the ``HOME_CARDS`` newest practices (by
        ``updated``, then title), the next upcoming events, and the winners of the build date's year —
        or, when that year has none yet, of the latest year that has (``winners_year``; None without
        winners)."""
        newest = sorted(self.practices, key=lambda r: (str(r.data.get("updated") or ""), name_key(r.title)),
                        reverse=True)[:self.HOME_CARDS]
        upcoming, _past = self.events
        years = sorted({r.data.get("year") for r in self.winners if r.data.get("year")}, reverse=True)
        year = self.build_date.year if self.build_date.year in years else (years[0] if years else None)
        winners = [r for r in self.winners if r.data.get("year") == year]
        return {"newest": newest, "next_events": upcoming[:self.HOME_CARDS], "winners_year": year,
                "year_winners": winners[:self.HOME_CARDS]}
