"""Columns of a roadmap table found by their headers, in any order and in the wordings of real roadmaps.

Headers are compared after :func:`normalise` (lower case, «ё» as «е», punctuation and extra spaces
dropped). Wordings seen in the five seed roadmaps and in the issue that asked for the importer:
«№ / № п/п», «Мероприятие / Мероприятия / Наименование (мероприятия) / Содержание деятельности»,
«Сроки / Срок / Срок исполнения / Дата», «Ответственные / Ответственный / Ответственные исполнители /
Исполнитель», «Результат / Ожидаемый результат / Планируемый результат / Форма представления
результата», «Участники», «Примечание», «Отметка о выполнении / Выполнено», «Направление / Раздел / Этап».
"""

from __future__ import annotations

import re

#: Role of a column → its Russian name in messages.
ROLE_NAMES = {
    "number": "№",
    "section": "Направление (раздел)",
    "activity": "Мероприятие",
    "details": "Содержание деятельности",
    "deadline": "Сроки",
    "responsible": "Ответственные",
    "participants": "Участники",
    "result": "Результат",
    "note": "Примечание",
    "done": "Отметка о выполнении",
}

#: (role, pattern on the normalised header), tried in this order: the first that matches wins, so
#: «Сроки исполнения» is a deadline, «Ответственный за выполнение» a responsible, «Участники
#: мероприятия» participants and «Примечание (мероприятия …)» a note, not an activity.
_RULES = (
    ("number", re.compile(r"^(?:№|n|no|номер)(?: ?п ?п| по порядку)?$|^п ?п$|^№ ?(?:п ?п|пункта)$")),
    ("done", re.compile(r"отметк|^выполнен|^исполнен|^фактическ")),
    ("deadline", re.compile(r"срок|^дата|^период|^время")),
    ("responsible", re.compile(r"ответствен|исполнител")),
    ("participants", re.compile(r"участник")),
    ("result", re.compile(r"результат|продукт|^итог")),
    ("note", re.compile(r"примечан|комментар")),
    ("section", re.compile(r"^(?:направлени|раздел|этап|блок)")),
    ("activity", re.compile(r"мероприят|наименовани|содержани|деятельност|описани|работ|задач|действи")),
)
#: An activity-like header that holds the details when another column holds the activity
#: («Наименование» + «Содержание деятельности и примерный план мероприятий», seed 003).
_DETAILS = re.compile(r"^(?:содержани|описани|перечень)")


def normalise(header: str) -> str:
    """A header for comparison: lower case, «ё» → «е», every character but letters, digits and «№»
    made a space, spaces collapsed («№ п/п» → «№ п п», «Сроки исполнения:» → «сроки исполнения»)."""
    text = header.lower().replace("ё", "е")
    text = re.sub(r"[^\w№]+", " ", text).replace("_", " ")
    return " ".join(text.split())


def header_role(header: str) -> str | None:
    """The role of one column header (a key of ``ROLE_NAMES``), or None if no wording matches."""
    text = normalise(header)
    if not text:
        return None
    return next((role for role, pattern in _RULES if pattern.search(text)), None)


def map_columns(headers: list[str]) -> tuple[dict[int, str], list[int]]:
    """Roles of a header row: ({column index: role}, indexes of columns with text but no role).

    Every role is given to one column at most. Of two activity-like columns the one whose header
    begins with «Содержание», «Описание» or «Перечень» holds the details; a second column of any
    other role is reported as not mapped, as is a header that matches no wording.
    """
    roles: dict[int, str] = {}
    unknown: list[int] = []
    found = [(i, header_role(h)) for i, h in enumerate(headers)]
    activities = [i for i, role in found if role == "activity"]
    if len(activities) > 1:
        details = [i for i in activities if _DETAILS.match(normalise(headers[i]))]
        if details and len(details) < len(activities):
            roles[details[0]] = "details"
    for i, role in found:
        if i in roles:
            continue
        if role is None or role in roles.values():
            if normalise(headers[i]):
                unknown.append(i)
            continue
        roles[i] = role
    return roles, unknown
