"""``mentorbank new``: a complete, commented record file to start from.

Required fields get the placeholder «ЗАПОЛНИТЕ» (``check`` reports any left
over); optional fields are present as commented lines with an example, so a
contributor sees every field of the data contract (content/uchastnikam/model-dannyh.md).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from slugify import slugify

from .bank import record_files
from .rules import PLACEHOLDER

#: Folder of new files for each record type, relative to the repository root.
FOLDERS = {
    "practice": "practices/practices",
    "winner": "practices/winners",
    "event": "practices/events",
    "organization": "content/organizations",
}

_PRACTICE = """---
# Практика наставничества. Поля описаны на сайте: «Участникам → Модель данных».
type: practice
title: "{title}"                 # название практики, до 200 знаков
summary: "{P}: краткая аннотация (до 400 знаков), её видно в списках и поиске"
organization: {organization}     # идентификатор профиля организации (имя файла в content/organizations без .md)
year: {year}                     # год описания практики
forms:                           # формы наставничества (словарь form): pupil-pupil, teacher-teacher, student-pupil, …
  - {P}
audience:                        # целевая аудитория (словарь audience): pupils-5-9, young-teachers, teachers, …
  - {P}
goal: "{P}: цель практики одним-двумя предложениями"
updated: {today}                 # дата последнего обновления описания, ГГГГ-ММ-ДД
# level: school                  # уровень признания: school, municipal, regional, federal, international
# role_models: [experienced-young-specialist]   # ролевые модели (словарь role_model)
# kinds: [traditional, group]                   # виды наставничества (словарь kind)
# special_groups: [disabilities]                # особые категории (словарь special_group)
# tasks:                                        # задачи
#   - Задача 1
# results:                                      # измеримые результаты
#   - indicator: Доля молодых педагогов с наставником
#     value: 100
#     unit: "%"
#     year: {year}
# resources: [Кабинет наставничества]           # ресурсы: здесь, не разделом текста (сайт покажет «Ресурсы»)
# partners: [Педагогический колледж]             # партнёры
# period:                                       # сроки реализации
#   start: {year}-09-01
#   end: {next_year}-05-31
# authors:                                      # авторы: должность; имя — только с письменного согласия
#   - position: заместитель директора по УВР
#     consent: false
# contacts:                                     # контакты организации, не личные
#   email: school@example.org
#   url: https://example.org/nastavnichestvo
# documents:                                    # документы: у каждого ровно одно из url или file
#   - title: Программа наставничества
#     kind: program
#     file: files/programma.pdf
# tags: [адаптация, молодые педагоги]           # ключевые слова
# status: published                             # published, draft (не публикуется) или archived
---
## Актуальность

{P}

## Описание

{P}

## Этапы

{P}

## Результаты

{P}

## Возможности тиражирования

{P}
"""

_WINNER = """---
# Победитель или призёр конкурса.
type: winner
title: "{title}"
competition: "{P}: название конкурса"
year: {year}
level: {P}                       # school, municipal, regional, federal, international
result: {P}                      # winner, prize-winner, laureate, finalist, participant
organization: {organization}
# nomination: "Номинация"
# place: 1                       # место, 1–10
# person:                        # или team: [ … ] — не оба сразу
#   position: учитель математики
#   consent: false               # имя (name) — только с письменного согласия
# practice: id-praktiki          # практика, с которой участвовали
# event: id-meropriyatiya        # конкурс как мероприятие
# source_url: https://example.org/itogi   # где объявлены итоги
# documents:
#   - title: Диплом победителя
#     kind: other
#     file: files/diplom.pdf
---
{P}: несколько предложений о конкурсе и результате.
"""

_EVENT = """---
# Мероприятие.
type: event
title: "{title}"
event_type: {P}                  # seminar, webinar, workshop, conference, forum, festival, competition, round-table, …
start: {today}                   # дата начала, ГГГГ-ММ-ДД
format: offline                  # offline, online или hybrid
location: "{P}: адрес"            # место (не нужно для online)
organizer: {organization}
level: {P}                       # school, municipal, regional, federal, international
# end: {today}                   # дата окончания (не раньше начала)
# audience: [teachers]
# forms: [teacher-teacher]
# registration_url: https://example.org/registraciya
# url: https://example.org/meropriyatie
# documents:
#   - title: Программа мероприятия
#     kind: plan
#     file: files/programma.pdf
---
{P}: программа и цель мероприятия.
"""

_ORGANIZATION = """---
# Профиль организации: основа вкладки «Наставничество».
type: organization
name: "{title}"                  # полное официальное наименование
short_name: "{P}: краткое наименование"
kind: {P}                        # school, kindergarten, college, additional, authority, methodical-center, …
region: "{P}: субъект РФ, как в списке регионов"
municipality: "{P}: муниципальное образование"
# parent: id-organa-upravleniya  # вышестоящая организация (например, муниципальный орган управления образованием)
# site_url: https://example.org
# curator:                       # куратор внедрения ЦМН: должность; имя — только с согласия
#   position: заместитель директора по УВР
#   consent: false
#   email: school@example.org
# forms: [pupil-pupil, teacher-teacher]
# documents:
#   - title: Положение о наставничестве
#     kind: regulation
#     level: local
#     number: "12"
#     date: {year}-09-01
#     file: files/polozhenie.pdf
# mentors:                       # база наставников: только взрослые, имя — только с согласия
#   - position: учитель математики
#     consent: false
#     subjects: [математика]
# roadmaps:
#   - title: Дорожная карта внедрения целевой модели наставничества
#     period: {year}–{next_year} гг.
#     approved_by: приказ от 01.09.{year} № 1
#     sections:
#       - title: Подготовка условий
#         items:
#           - number: "1.1"
#             activity: Разработка положения о наставничестве
#             deadline: сентябрь {year} г.
#             due: {year}-09-30
#             result: Положение
#             responsible: заместитель директора по УВР
# stats:                         # показатели за год (части не больше целого)
#   - year: {year}
#     pupils_total: 500
#     pupils_mentees: 350
# links:
#   - title: Страница наставничества на сайте школы
#     url: https://example.org/nastavnichestvo
---
{P}: несколько абзацев о наставничестве в организации.
"""

TEMPLATES = {"practice": _PRACTICE, "winner": _WINNER, "event": _EVENT, "organization": _ORGANIZATION}


def unique_id(root: Path, title: str) -> str:
    """Transliterate ``title`` to a slug (python-slugify, ≤ 60 chars) unique across the bank at ``root``."""
    base = slugify(title, max_length=60, word_boundary=True) or "zapis"
    taken = {p.stem for p in record_files(root)}
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def render(record_type: str, title: str, organization: str, today: dt.date) -> str:
    """Return the text of a new record file of ``record_type`` (``KeyError`` for an unknown type)."""
    safe_title = title.replace("\\", "").replace('"', "'")
    return TEMPLATES[record_type].format(
        title=safe_title, organization=organization or PLACEHOLDER, year=today.year, next_year=today.year + 1,
        today=today.isoformat(), P=PLACEHOLDER)


def create(root: Path, record_type: str, title: str, organization: str, today: dt.date) -> Path:
    """Write a new record file under its folder in ``root`` and return its path (never overwrites)."""
    folder = root / FOLDERS[record_type]
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{unique_id(root, title)}.md"
    with path.open("x", encoding="utf-8") as fh:
        fh.write(render(record_type, title, organization, today))
    return path
