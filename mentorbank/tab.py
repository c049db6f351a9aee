"""The «Наставничество» tab of an organisation: what goes into it, computed from the profile and the bank.

Sources of the rules: the target model of mentoring (распоряжение Минпросвещения России
от 25.12.2019 № Р-145) and the regional and municipal orders behind the seed roadmaps, which
require every school and municipal authority to publish a «Наставничество» section
(положение, приказ о внедрении, дорожная карта, куратор, программы, мониторинг). Indicators and
the 70 % target: model-dannyh.md, «Показатели, которые сайт вычисляет». The municipal base of
mentors = consented mentors of the organisations plus winners and prize-winners of
competitions: seed 004, § 3.7. Nothing here renders HTML.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .model import Bank, Record, name_key, name_shown
from .vocab import label

#: Organisation kinds that must publish the tab (the completeness checklist — the warning of ``check``
#: and the coordinators' report — applies to them); partners (employers, NGOs, other) may have a
#: profile without it.
TAB_KINDS = frozenset({"school", "kindergarten", "college", "additional", "university", "authority",
                       "methodical-center", "institute"})

#: What a complete tab publishes: (key, Russian name, what to add to the profile).
CHECKLIST = (
    ("regulation", "положение о наставничестве",
     "добавьте в documents документ с kind: regulation (файл или ссылка)."),
    ("roadmap", "дорожная карта",
     "добавьте поле roadmaps (или документ с kind: roadmap)."),
    ("order", "приказ о внедрении целевой модели наставничества",
     "добавьте в documents документ с kind: order, номером и датой."),
    ("curator", "куратор внедрения ЦМН",
     "добавьте поле curator (должность; ФИО — только с согласием, consent: true)."),
    ("program", "программа наставничества",
     "добавьте в documents документ с kind: program."),
    ("monitoring", "мониторинг (показатели за год)",
     "добавьте поле stats хотя бы за один год."),
)

#: Document levels in the order the tab shows them; None = level not given.
DOC_LEVELS = ("federal", "regional", "municipal", "local", None)
DOC_LEVEL_HEADINGS = {
    "federal": "Федеральный уровень",
    "regional": "Региональный уровень",
    "municipal": "Муниципальный уровень",
    "local": "Локальные акты организации",
    None: "Другие документы",
}
#: Document kinds shown in their own sections rather than among normative documents.
QUESTIONNAIRE_KINDS = frozenset({"questionnaire"})
REPORT_KINDS = frozenset({"report"})

#: Percentage indicators: (key, name, numerator, denominator, target % or None).
SHARE_INDICATORS = (
    ("involved", "Доля обучающихся, вовлечённых в наставничество",
     "pupils_mentees", "pupils_total", 70),
    ("pupil_mentors", "Доля обучающихся-наставников", "pupils_mentors", "pupils_total", None),
    ("young_with_mentor", "Доля молодых специалистов с наставником",
     "young_teachers_with_mentor", "young_teachers", None),
)
#: Values shown as they are: (stats key, name, is a percentage).
COUNT_INDICATORS = (
    ("satisfaction_pct", "Удовлетворённость участников", True),
    ("pairs", "Наставнические пары", False),
    ("groups", "Наставнические группы", False),
    ("external_mentors", "Внешние наставники", False),
    ("pupils_total", "Обучающихся всего", False),
    ("pupils_mentees", "Обучающихся-наставляемых", False),
    ("pupils_mentors", "Обучающихся-наставников", False),
    ("teachers_total", "Педагогов всего", False),
    ("young_teachers", "Молодых специалистов", False),
    ("young_teachers_with_mentor", "Молодых специалистов с наставником", False),
    ("teacher_mentors", "Педагогов-наставников", False),
)
#: Winner results that enter the municipal base of mentors (seed 004, § 3.7).
BASE_RESULTS = frozenset({"winner", "prize-winner"})


def has_tab_duty(org: Record) -> bool:
    """True if the organisation must publish the «Наставничество» tab (its kind is in ``TAB_KINDS``)."""
    kind = org.data.get("kind")
    return isinstance(kind, str) and kind in TAB_KINDS


def completeness(org: Record) -> list[tuple[str, str, str, bool]]:
    """Return the checklist of ``org``'s tab: ``[(key, name, hint, present)]`` in ``CHECKLIST`` order.

    Only the profile counts: a document of the given ``kind`` (any level), ``roadmaps``,
    ``curator`` and ``stats``.
    """
    data = org.data
    docs = data.get("documents")
    kinds = {d.get("kind") for d in docs if isinstance(d, dict) and isinstance(d.get("kind"), str)} \
        if isinstance(docs, list) else set()
    present = {
        "regulation": "regulation" in kinds,
        "roadmap": bool(data.get("roadmaps")) or "roadmap" in kinds,
        "order": "order" in kinds,
        "curator": bool(data.get("curator")),
        "program": "program" in kinds,
        "monitoring": bool(data.get("stats")),
    }
    return [(key, name, hint, present[key]) for key, name, hint in CHECKLIST]



#: Short headings of the ``CHECKLIST`` columns of the registry of organisations implementing the target
#: model (the tab's «Реестр …» and its tables in open data).
REGISTRY_SHORT = {"regulation": "Положение", "roadmap": "Дорожная карта", "order": "Приказ о внедрении",
                  "curator": "Куратор", "program": "Программа", "monitoring": "Мониторинг"}
#: Every column heading of the registry, in the tab's order.
REGISTRY_HEADINGS = ("Организация", *(REGISTRY_SHORT[key] for key, _name, _hint in CHECKLIST),
                     "Разделов в банке", "Год", "Доля вовлечённых обучающихся", "Пары / группы")
#: The registry's cell of a section that is not in the bank, and of an organisation without indicators.
REGISTRY_NONE = "—"
REGISTRY_NO_STATS = "показатели в банк не внесены"


def registry(subordinates: list[Record]) -> list[dict]:
    """The registry of organisations implementing the target model (item 2 of the Solnechnogorsk roadmap,
    seed 004): one row per subordinate organisation, ``{"org", "checks" (``completeness``), "done"
    (sections present), "latest" (``Monitoring.latest_row`` or None)}``, in the given order."""
    rows = []
    for child in subordinates:
        child_mon = monitoring(child)
        checks = completeness(child)
        rows.append({"org": child, "checks": checks, "done": sum(c[3] for c in checks),
                     "latest": child_mon.latest_row() if child_mon else None})
    return rows


def registry_cells(row: dict) -> list[str | int]:
    """One registry row as the tab shows it, cell by cell under ``REGISTRY_HEADINGS``: the organisation's
    short name, «да» or «—» per section, «N из M», then the year, the share of involved pupils and
    «pairs / groups» of the latest year (without indicators: ``REGISTRY_NO_STATS`` and two empty cells)."""
    cells: list[str | int] = [row["org"].title]
    cells += ["да" if ok else REGISTRY_NONE for *_rest, ok in row["checks"]]
    cells.append(f"{row['done']} из {len(row['checks'])}")
    latest = row["latest"]
    if latest is None:
        return cells + [REGISTRY_NO_STATS, "", ""]
    pairs, groups = (REGISTRY_NONE if latest[k] is None else latest[k] for k in ("pairs", "groups"))
    return cells + [latest["year"], latest["involved"], f"{pairs} / {groups}"]


def documents_by_level(org: Record) -> list[tuple[str, list[dict]]]:
    """Normative documents of ``org`` grouped by level: ``[(heading, [document])]``, empty groups
    left out, questionnaires and reports excluded (they have their own sections). Within a level,
    documents keep the order of the profile."""
    groups: dict[str | None, list[dict]] = {lvl: [] for lvl in DOC_LEVELS}
    for doc in org.data.get("documents") or []:
        if doc.get("kind") in QUESTIONNAIRE_KINDS | REPORT_KINDS:
            continue
        groups[doc.get("level") if doc.get("level") in groups else None].append(doc)
    return [(DOC_LEVEL_HEADINGS[lvl], docs) for lvl, docs in groups.items() if docs]


def documents_of_kind(org: Record, kinds: frozenset[str]) -> list[dict]:
    """Documents of ``org`` whose ``kind`` is in ``kinds``, in profile order."""
    return [d for d in org.data.get("documents") or [] if d.get("kind") in kinds]


def share(stats: dict, numerator: str, denominator: str) -> float | None:
    """Percentage ``numerator / denominator × 100`` of one year's stats, or None when either is
    missing or the denominator is 0."""
    num, den = stats.get(numerator), stats.get(denominator)
    if not isinstance(num, int) or not isinstance(den, int) or den <= 0:
        return None
    return 100.0 * num / den


def percent(value: float | None) -> str:
    """Russian percentage text: 72.3456 → «72,3 %», None → «—»."""
    if value is None:
        return "—"
    text = f"{value:.1f}".replace(".", ",")
    return (text[:-2] if text.endswith(",0") else text) + "\u00a0%"


@dataclass
class Series:
    """One indicator across years: ``values[i]`` belongs to ``Monitoring.years[i]`` (None = no data)."""

    key: str
    name: str
    values: list[float | int | None]
    is_percent: bool
    target: int | None = None

    @property
    def latest(self) -> tuple[int, float | int] | None:
        """Index and value of the latest year with data, or None."""
        for i in range(len(self.values) - 1, -1, -1):
            if self.values[i] is not None:
                return i, self.values[i]
        return None


@dataclass
class Monitoring:
    """Indicators of an organisation per year (years ascending)."""

    years: list[int]
    shares: list[Series] = field(default_factory=list)
    counts: list[Series] = field(default_factory=list)

    @property
    def charted(self) -> list[Series]:
        """Percentage series with at least one value: the ones drawn as charts."""
        return [s for s in self.shares + self.counts if s.is_percent and any(v is not None for v in s.values)]

    def latest_row(self) -> dict:
        """The registry's «latest indicators» of the last year: {"year", "involved" (text, «—» when
        absent), "pairs", "groups" (int or None)}; the registry of organisations implementing the target
        model is item 2 of the Solnechnogorsk roadmap (seed 004)."""
        i = len(self.years) - 1
        involved = next((s for s in self.shares if s.key == "involved"), None)
        counts = {s.key: s.values[i] for s in self.counts}
        return {"year": self.years[i], "involved": percent(involved.values[i]) if involved else "—",
                "pairs": counts.get("pairs"), "groups": counts.get("groups")}

    @property
    def target_summary(self) -> str | None:
        """A Russian sentence on the 70 % target in the latest year with data, or None."""
        for s in self.shares:
            if s.target is not None and s.latest:
                i, value = s.latest
                reached = "достигнута" if value >= s.target else "пока не достигнута"
                return (f"{s.name} в {self.years[i]} году — {percent(value)}; "
                        f"цель (не менее {s.target}\u00a0%) {reached}.")
        return None


def monitoring(org: Record) -> Monitoring | None:
    """Indicators of ``org`` from its ``stats`` (one entry per year), or None when there are none."""
    by_year = {s["year"]: s for s in org.data.get("stats") or [] if isinstance(s.get("year"), int)}
    if not by_year:
        return None
    years = sorted(by_year)
    shares = [Series(key, name, [share(by_year[y], num, den) for y in years], True, target)
              for key, name, num, den, target in SHARE_INDICATORS]
    counts = [Series(key, name, [by_year[y].get(key) for y in years], is_pct)
              for key, name, is_pct in COUNT_INDICATORS]
    return Monitoring(years, [s for s in shares if any(v is not None for v in s.values)],
                      [s for s in counts if any(v is not None for v in s.values)])


@dataclass
class Bar:
    """One bar of a chart: the year, its value in per cent clamped to 0–100 (the bar's length as a
    share of the track) and the value as Russian text («66,3 %»)."""

    year: int
    value: float
    text: str


@dataclass
class Chart:
    """One accessible bar chart (values 0–100 %): one horizontal bar per year with data, its year and
    value written as HTML text above the bar, and the target as a mark across each bar's track.

    Labels are text of the page, not of a picture, so they grow with the font size steps of the
    version for the visually impaired; no label lies on a track, so none is crossed by the target
    mark (README, «Вкладка «Наставничество» организации»). ``description`` is the text
    alternative of the whole chart."""

    title: str
    description: str
    bars: list[Bar]
    target: int | None
    target_text: str | None


def chart(series: Series, years: list[int]) -> Chart:
    """Bar chart of a percentage ``series``: one bar per year with data, on a 0–100 % scale.

    The description names every value and the target, so the chart's text alternative carries
    the same information as the picture (ГОСТ Р 52872-2019, text alternatives).
    """
    points = [(y, v) for y, v in zip(years, series.values, strict=True) if v is not None]
    bars = [Bar(year, min(max(float(v), 0.0), 100.0), percent(v)) for year, v in points]
    description = "; ".join(f"{year} год — {percent(v)}" for year, v in points) + "."
    target_text = None
    if series.target is not None:
        target_text = f"цель — не менее {series.target}\u00a0%"
        description += f" Цель — не менее {series.target}\u00a0%."
    return Chart(series.name, description, bars, series.target, target_text)


def descendants(bank: Bank, org_id: str) -> list[Record]:
    """Organisations below ``org_id`` via ``parent`` (at any depth, cycle-safe), by region,
    municipality and short name; ``org_id`` itself not included."""
    ids = [i for i in bank.subtree(org_id) if i != org_id]
    orgs = [bank.records[i] for i in ids if i in bank.records and bank.records[i].published]
    return sorted(orgs, key=lambda r: (name_key(r.data.get("region", "")), name_key(r.data.get("municipality", "")),
                                        name_key(r.title)))


@dataclass
class MentorEntry:
    """One row of a base of mentors. ``name`` is only ever a consented adult's name."""

    name: str
    position: str
    organization: Record | None
    details: list[str]
    winner: Record | None = None


def mentor_base(bank: Bank, orgs: list[Record], winners: list[Record]) -> list[MentorEntry]:
    """The base of mentors of ``orgs``: their mentors with ``consent: true`` and a name, then people
    with consent named in ``winners`` whose result is winner or prize-winner (seed 004, § 3.7).

    Persons without consent never appear (152-ФЗ; model-dannyh.md, «Персональные данные»). Sorted by
    name within each part; the same person of the same organisation is listed once.
    """
    rows: list[MentorEntry] = []
    seen: set[tuple[str, str]] = set()
    for org in orgs:
        for m in org.data.get("mentors") or []:
            if name_shown(m) and (m["name"], org.id) not in seen:
                seen.add((m["name"], org.id))
                rows.append(MentorEntry(m["name"], m.get("position", ""), org,
                                        list(m.get("subjects") or []) + list(m.get("competencies") or [])))
    rows.sort(key=lambda e: name_key(e.name))
    prize: list[MentorEntry] = []
    for w in winners:
        if w.data.get("result") not in BASE_RESULTS:
            continue
        people = [w.data["person"]] if isinstance(w.data.get("person"), dict) else w.data.get("team") or []
        org = bank.get(w.data.get("organization"))
        for p in people:
            if name_shown(p):
                details = [f"{label('result', w.data.get('result'))}: {w.data.get('competition')}, "
                           f"{w.data.get('year')}"]
                prize.append(MentorEntry(p["name"], p.get("position", ""), org, details, w))
    prize.sort(key=lambda e: (name_key(e.name), -(e.winner.data.get("year") or 0)))
    return rows + prize



def completeness_report(bank: Bank) -> str:
    """The coordinators' report: the «Наставничество» tab of every organisation that must publish one
    (``has_tab_duty``), in plain Russian — what is published and what is missing (``CHECKLIST`` names,
    no field names or paths), grouped by region and municipality, incomplete organisations first within
    each municipality. Returns the text with a trailing newline; the public pages never show it."""
    orgs = sorted((r for r in bank.of_type("organization") if has_tab_duty(r)),
                  key=lambda r: (name_key(r.data.get("region", "")), name_key(r.data.get("municipality", "")),
                                 all(ok for *_, ok in completeness(r)), name_key(r.title)))
    complete = sum(all(ok for *_, ok in completeness(r)) for r in orgs)
    lines = ["Заполненность вкладок «Наставничество»",
             f"Организаций, которые ведут вкладку: {len(orgs)}; заполнены полностью: {complete}, "
             f"не полностью: {len(orgs) - complete}.", ""]
    place = None
    for org in orgs:
        here = (org.data.get("region", ""), org.data.get("municipality", ""))
        if here != place:
            place = here
            lines.append(f"{here[0]}, {here[1]}")
        checks = completeness(org)
        have = [name for _key, name, _hint, ok in checks if ok]
        lack = [name for _key, name, _hint, ok in checks if not ok]
        lines.append(f"  {org.data.get('name') or org.title}")
        if not lack:
            lines.append("    заполнена полностью: " + ", ".join(have) + ".")
            continue
        lines.append(f"    опубликовано {len(have)} из {len(checks)}: " + ", ".join(have) + "." if have
                     else "    ничего не опубликовано.")
        lines.append("    не хватает: " + ", ".join(lack) + ".")
    others = sum(1 for r in bank.of_type("organization") if not has_tab_duty(r))
    lines += ["", "Что добавить в профиль организации, подробно подсказывает проверка записей банка "
              "(команда mentorbank check)."]
    if others:
        lines.append(f"Организаций-партнёров, которые не обязаны вести вкладку: {others}.")
    return "\n".join(lines) + "\n"
