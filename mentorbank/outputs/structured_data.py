"""Structured data for search engines and link previews in the ``<head>`` of record pages and
organisations' tab pages: schema.org JSON-LD (``<script type="application/ld+json">``), Open Graph
(``og:title``, ``og:description``, ``og:type``, ``og:url``, ``og:locale``, ``og:site_name``) and the
page's ``<meta name="description">`` (``describe.description``).

schema.org types: a practice is ``["CreativeWork", "LearningResource"]`` (audience, educational level,
``about`` = its forms of mentoring, author and publisher = its organisation, ``dateModified`` =
``updated``, ``award`` = its winner records); a winner is the competition's recognition: the
recognised practice (else the organisation) with ``award``; an event is an ``EducationEvent`` (start
and end dates, attendance mode, ``Place`` or ``VirtualLocation``, organiser); an organisation is a
``GovernmentOrganization`` (education authorities) or an ``EducationalOrganization``. People appear
only by ``model.shown_name`` (consent), as on the pages. The JSON is escaped for HTML: ``<``, ``>`` and
``&`` become ``\\u003c``…, so no contributor text can close the script (README, «Ленты, календари и
разметка для поисковиков»).
"""

from __future__ import annotations

import json
from html import escape

from ..catalogue import Catalogue
from ..describe import SITE_NAME, award, description
from ..model import Record, shown_name
from ..render import Env
from ..vocab import label
from . import Result

NAME = "structured_data"
READS_BODIES: frozenset[str] = frozenset()
SCHEMA = "https://schema.org"
#: Organisation kinds that are state bodies (municipal education authorities); others are educational.
GOVERNMENT_KINDS = frozenset({"authority"})
#: Event ``format`` → schema.org attendance mode.
ATTENDANCE = {"offline": "OfflineEventAttendanceMode", "online": "OnlineEventAttendanceMode",
              "hybrid": "MixedEventAttendanceMode"}
#: Open Graph type of each record type's page.
OG_TYPES = {"practice": "article", "winner": "article", "event": "article", "organization": "website"}


def json_for_html(data: dict) -> str:
    """``data`` as JSON that is safe inside ``<script>``: ``<``, ``>``, ``&`` as ``\\u003c``,
    ``\\u003e``, ``\\u0026`` (still the same JSON value), so ``</script>`` in a title cannot end the script."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def org_node(org: Record | None, env: Env, full: bool = False) -> dict | None:
    """schema.org node of an organisation (name, bank page; ``full``: also short name, address, own
    site, parent); None for no organisation."""
    if org is None:
        return None
    d = org.data
    node = {"@type": "GovernmentOrganization" if d.get("kind") in GOVERNMENT_KINDS else "EducationalOrganization",
            "name": d.get("name") or org.title, "url": env.site_url + org.url}
    if full:
        node["alternateName"] = org.title
        node["address"] = {"@type": "PostalAddress", "addressCountry": "RU", "addressRegion": d.get("region", ""),
                           "addressLocality": d.get("municipality", "")}
        if d.get("site_url"):
            node["sameAs"] = d["site_url"]
    return node


def persons(people: list[dict], org: Record | None, env: Env) -> list[dict]:
    """schema.org ``Person`` nodes of the people with a publishable name (``shown_name``); others none."""
    out = []
    for p in people:
        name = shown_name(p)
        if name:
            node = {"@type": "Person", "name": name, "jobTitle": p.get("position", "")}
            if org is not None:
                node["worksFor"] = org_node(org, env)
            out.append(node)
    return out


def practice_node(r: Record, catalogue: Catalogue, env: Env) -> dict:
    """A practice as ``["CreativeWork", "LearningResource"]``."""
    d = r.data
    org = catalogue.org_of(r)
    node = {
        "@type": ["CreativeWork", "LearningResource"], "name": r.title, "url": env.site_url + r.url,
        "description": description(r, org), "inLanguage": "ru",
        "audience": [{"@type": "EducationalAudience", "educationalRole": label("audience", a)}
                     for a in d.get("audience") or []],
        "educationalLevel": label("level", d.get("level") or "school"),
        "about": [{"@type": "Thing", "name": label("form", f)} for f in d.get("forms") or []],
        "dateModified": d.get("updated"), "learningResourceType": "практика наставничества",
    }
    authors = persons(d.get("authors") or [], org, env)
    if org is not None:
        node["author"] = [org_node(org, env), *authors]
        node["publisher"] = org_node(org, env)
    elif authors:
        node["author"] = authors
    if d.get("tags"):
        node["keywords"] = ", ".join(d["tags"])
    awards = [award(w) for w in catalogue.winners_by.get(("practice", r.id), [])]
    if awards:
        node["award"] = awards
    return node


def winner_node(r: Record, catalogue: Catalogue, env: Env) -> dict:
    """A winner: the recognised practice (else the organisation) with ``award``; named people with it."""
    d = r.data
    org = catalogue.org_of(r)
    practice = catalogue.bank.get(d.get("practice"))
    if practice is not None and practice.published:
        subject = {"@type": ["CreativeWork", "LearningResource"], "name": practice.title,
                   "url": env.site_url + practice.url}
        if org is not None:
            subject["author"] = org_node(org, env)
    else:
        subject = org_node(org, env) or {"@type": "Thing", "name": r.title}
    subject["award"] = award(r)
    people = [d["person"]] if d.get("person") else list(d.get("team") or [])
    named = persons(people, org, env)
    for p in named:
        p["award"] = award(r)
    node = {"@type": "WebPage", "name": r.title, "url": env.site_url + r.url, "inLanguage": "ru",
            "description": description(r, org), "about": [subject, *named]}
    if d.get("source_url"):
        node["citation"] = d["source_url"]
    return node


def event_node(r: Record, catalogue: Catalogue, env: Env) -> dict:
    """An event as an ``EducationEvent``."""
    d = r.data
    org = catalogue.org_of(r)
    fmt = d.get("format", "offline")
    places = []
    if fmt != "online" and d.get("location"):
        places.append({"@type": "Place", "name": d["location"], "address": d["location"]})
    if fmt != "offline":
        places.append({"@type": "VirtualLocation", "url": d.get("url") or env.site_url + r.url})
    node = {
        "@type": "EducationEvent", "name": r.title, "url": env.site_url + r.url, "inLanguage": "ru",
        "description": description(r, org), "startDate": d.get("start"), "endDate": d.get("end") or d.get("start"),
        "eventAttendanceMode": f"{SCHEMA}/{ATTENDANCE.get(fmt, ATTENDANCE['offline'])}",
        "eventStatus": f"{SCHEMA}/EventScheduled",
        "location": places[0] if len(places) == 1 else places,
    }
    if org is not None:
        node["organizer"] = org_node(org, env)
    if d.get("audience"):
        node["audience"] = [{"@type": "EducationalAudience", "educationalRole": label("audience", a)}
                            for a in d["audience"]]
    if d.get("forms"):
        node["about"] = [{"@type": "Thing", "name": label("form", f)} for f in d["forms"]]
    return node


def organization_node(r: Record, catalogue: Catalogue, env: Env) -> dict:
    """An organisation as a ``GovernmentOrganization`` or ``EducationalOrganization``."""
    node = org_node(r, env, full=True)
    node["description"] = description(r, catalogue.org_of(r))
    parent = catalogue.org_of(r)
    if parent is not None:
        node["parentOrganization"] = org_node(parent, env)
    return node


NODES = {"practice": practice_node, "winner": winner_node, "event": event_node, "organization": organization_node}


def head(r: Record, catalogue: Catalogue, env: Env) -> tuple[str, str]:
    """(HTML for the ``<head>`` of ``r``'s page: JSON-LD and Open Graph, its description)."""
    data = {"@context": SCHEMA, **NODES[r.type](r, catalogue, env)}
    text = description(r, catalogue.org_of(r))
    og = {"og:title": r.title, "og:description": text, "og:type": OG_TYPES[r.type], "og:url": env.site_url + r.url,
          "og:locale": "ru_RU", "og:site_name": SITE_NAME}
    meta = "".join(f'<meta property="{k}" content="{escape(v)}">' for k, v in og.items())
    return f'<script type="application/ld+json">{json_for_html(data)}</script>{meta}', text


def generate(catalogue: Catalogue, env: Env) -> Result:
    """JSON-LD, Open Graph and description of every published practice's, winner's, event's and
    organisation's page."""
    result = Result()
    upcoming, past = catalogue.events
    for r in [*catalogue.practices, *catalogue.winners, *upcoming, *past, *catalogue.organizations]:
        result.heads[r.url], result.descriptions[r.url] = head(r, catalogue, env)
    return result
