"""JSON Schemas of the four record types (data model: content/uchastnikam/model-dannyh.md).

The same schemas drive the validator (``schema_messages.schema_problems``, run by
``bank.load_bank``) and the files that the
``schema`` command writes for editors. Rules that JSON Schema cannot say well
(cross-file references, consent, parts ≤ wholes, dates) live in ``rules.py``.
"""

from __future__ import annotations

from typing import Any

from .vocab import regions, slugs

# «(?![\s\S])» is the end of the text in both Python and ECMA-262 regexes; «$» would also
# match before a trailing newline in Python.
_END = r"(?![\s\S])"
SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*" + _END
DATE_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}" + _END
URL_PATTERN = r"^https?://[^\s/$.?#][^\s]*" + _END

RECORD_TYPES = ("practice", "winner", "event", "organization")

#: Length limits of free text, in characters. The contract gives title ≤ 200 and
#: summary ≤ 400 for practices; the other limits are the project's guard against
#: runaway text (documented in content/model-dannyh.md).
SHORT = 300
LONG = 5000


def _str(max_len: int = SHORT, min_len: int = 1) -> dict:
    return {"type": "string", "minLength": min_len, "maxLength": max_len}


def _enum(vocab: str) -> dict:
    return {"type": "string", "enum": slugs(vocab), "x-vocab": vocab}


def _list(item: dict, min_items: int = 0) -> dict:
    out: dict[str, Any] = {"type": "array", "items": item}
    if min_items:
        out["minItems"] = min_items
    return out


def _obj(props: dict, required: tuple = ()) -> dict:
    return {"type": "object", "properties": props, "required": list(required), "additionalProperties": False}


DATE = {"type": "string", "pattern": DATE_PATTERN, "x-date": True}
URL = {"type": "string", "pattern": URL_PATTERN, "maxLength": 2000, "x-url": True}
SLUG = {"type": "string", "pattern": SLUG_PATTERN, "maxLength": 100}
YEAR = {"type": "integer", "minimum": 2015, "maximum": 2100}
COUNT = {"type": "integer", "minimum": 0}


def _person(extra: dict | None = None) -> dict:
    props = {"name": _str(), "position": _str(), "consent": {"type": "boolean"}}
    props.update(extra or {})
    return _obj(props, ("position",))


PERSON = _person()

DOCUMENT = _obj(
    {
        "title": _str(1000),
        "kind": _enum("doc_kind"),
        "level": _enum("doc_level"),
        "number": _str(100),
        "date": DATE,
        "url": URL,
        "file": _str(500),
    },
    ("title", "kind"),
)

CONTACTS = _obj({"email": _str(200), "phone": _str(100), "url": URL})

REVIEW = _obj(
    {
        "decision": {"type": "string", "enum": ["approved", "revise", "rejected"]},
        "date": DATE,
        "scores": {
            "type": "object",
            "properties": {c: {"type": "integer", "minimum": 0, "maximum": 3} for c in slugs("expert_criterion")},
            "additionalProperties": False,
        },
    },
    ("decision", "date"),
)

RESULT_ITEM = _obj(
    {
        "indicator": _str(LONG),
        "value": {"type": ["number", "string"]},
        "unit": _str(100),
        "year": YEAR,
    },
    ("indicator", "value"),
)

ROADMAP_ITEM = _obj(
    {
        "number": _str(50),
        "activity": _str(LONG),
        "details": _list(_str(LONG)),
        "deadline": _str(LONG),
        "due": DATE,
        "result": _str(LONG),
        "responsible": _str(LONG),
        "participants": _str(LONG),
        "note": _str(LONG),
        "status": {"type": "string", "enum": ["planned", "in_progress", "done", "cancelled"]},
        "done_on": DATE,
    },
    ("number", "activity"),
)

ROADMAP = _obj(
    {
        "title": _str(1000),
        "period": _str(200),
        "approved_by": _str(1000),
        "sections": _list(_obj({"title": _str(1000), "items": _list(ROADMAP_ITEM, 1)}, ("items",)), 1),
    },
    ("title", "period", "sections"),
)

STATS_FIELDS = (
    "pupils_total", "pupils_mentees", "pupils_mentors", "teachers_total", "young_teachers",
    "young_teachers_with_mentor", "teacher_mentors", "pairs", "groups", "external_mentors", "satisfaction_pct",
)
STATS = _obj({"year": YEAR, **{k: COUNT for k in STATS_FIELDS}}, ("year",))
STATS["properties"]["satisfaction_pct"] = {"type": "integer", "minimum": 0, "maximum": 100}

PRACTICE = _obj(
    {
        "type": {"const": "practice"},
        "title": _str(200),
        "summary": _str(400),
        "organization": SLUG,
        "year": YEAR,
        "forms": _list(_enum("form"), 1),
        "role_models": _list(_enum("role_model")),
        "kinds": _list(_enum("kind")),
        "audience": _list(_enum("audience"), 1),
        "special_groups": _list(_enum("special_group")),
        "level": _enum("level"),
        "goal": _str(LONG),
        "tasks": _list(_str(LONG)),
        "results": _list(RESULT_ITEM),
        "resources": _list(_str(LONG)),
        "partners": _list(_str(1000)),
        "period": _obj({"start": DATE, "end": DATE}, ("start",)),
        "authors": _list(PERSON),
        "contacts": CONTACTS,
        "documents": _list(DOCUMENT),
        "tags": _list(_str(100)),
        "status": {"type": "string", "enum": ["published", "draft", "archived"]},
        "updated": DATE,
        "review": REVIEW,
    },
    ("type", "title", "summary", "organization", "year", "forms", "audience", "goal", "updated"),
)

WINNER = _obj(
    {
        "type": {"const": "winner"},
        "title": _str(),
        "competition": _str(1000),
        "year": YEAR,
        "level": _enum("level"),
        "nomination": _str(1000),
        "result": _enum("result"),
        "place": {"type": "integer", "minimum": 1, "maximum": 10},
        "person": PERSON,
        "team": _list(PERSON, 1),
        "organization": SLUG,
        "practice": SLUG,
        "event": SLUG,
        "source_url": URL,
        "documents": _list(DOCUMENT),
    },
    ("type", "title", "competition", "year", "level", "result", "organization"),
)

EVENT = _obj(
    {
        "type": {"const": "event"},
        "title": _str(),
        "event_type": _enum("event_type"),
        "start": DATE,
        "end": DATE,
        "format": {"type": "string", "enum": ["offline", "online", "hybrid"]},
        "location": _str(1000),
        "organizer": SLUG,
        "level": _enum("level"),
        "audience": _list(_enum("audience")),
        "forms": _list(_enum("form")),
        "registration_url": URL,
        "url": URL,
        "documents": _list(DOCUMENT),
    },
    ("type", "title", "event_type", "start", "format", "organizer", "level"),
)

ORGANIZATION = _obj(
    {
        "type": {"const": "organization"},
        "name": _str(1000),
        "short_name": _str(),
        "kind": _enum("org_kind"),
        "region": {"type": "string", "enum": list(regions()), "x-vocab": "region"},
        "municipality": _str(),
        "parent": SLUG,
        "site_url": URL,
        "curator": _person({"email": _str(200), "phone": _str(100)}),
        "forms": _list(_enum("form")),
        "documents": _list(DOCUMENT),
        "mentors": _list(_person({"subjects": _list(_str()), "competencies": _list(_str(1000))})),
        "roadmaps": _list(ROADMAP),
        "stats": _list(STATS),
        "links": _list(_obj({"title": _str(1000), "url": URL}, ("title", "url"))),
    },
    ("type", "name", "short_name", "kind", "region", "municipality"),
)

SCHEMAS: dict[str, dict] = {
    "practice": PRACTICE,
    "winner": WINNER,
    "event": EVENT,
    "organization": ORGANIZATION,
}

TYPE_TITLES = {
    "practice": "практика наставничества",
    "winner": "победитель или призёр конкурса",
    "event": "мероприятие",
    "organization": "профиль организации",
}


def json_schema(record_type: str) -> dict:
    """Return a standalone JSON Schema (draft 2020-12) for ``record_type``.

    Shape: a dict ready for ``json.dump``; the private ``x-*`` keywords used
    for messages are kept (editors ignore unknown keywords). ``KeyError`` for
    an unknown type.
    """
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://mentorbank.example/schema/{record_type}.json",
        "title": f"Банк практик наставничества: {TYPE_TITLES[record_type]}",
        **SCHEMAS[record_type],
    }
