"""The editor's configuration (Decap CMS ``config.yml``), generated from the bank's own contract.

Fields, their order, types, required fields, patterns, length limits and vocabularies come from the
JSON Schemas (``schema.SCHEMAS``) and the vocabularies (``vocab``); only the Russian wording of the
form — a label and a hint per field, Russian names of the few enums that are not vocabularies — is
here (``LABELS``, ``ENUM_LABELS``), following «Модель данных» (content/uchastnikam/model-dannyh.md).
``tests/test_editor_config.py`` fails when a schema has a field the form does not show.

The record id is the file name: Decap cannot transliterate Cyrillic titles, so the form has its own
«Имя файла» field (``ID_FIELD``, the id pattern) that names the file (``slug: {{fields.id}}``) and is
never written into it (the editor's own format drops it, ``outputs/editor.py``).
"""

from __future__ import annotations

from typing import Any

from .scaffold import FOLDERS
from .schema import SCHEMAS, SLUG_PATTERN
from .settings import EditorSettings
from .vocab import regions, vocabularies

#: The form's field for the record id (the file name without ``.md``); not part of the record.
ID_FIELD = "id"
#: The name of the editor's file format (front matter in the contract's key order, see outputs/editor.py).
FORMAT = "mentorbank-frontmatter"
#: Largest attachment the editor uploads, bytes («Модель данных»: a larger file is warned about).
MAX_FILE_SIZE = 20 * 1024 * 1024

COLLECTIONS = {
    "practice": ("Практики", "практику"),
    "winner": ("Победители и призёры", "победителя или призёра"),
    "event": ("Мероприятия", "мероприятие"),
    "organization": ("Профили организаций", "профиль организации"),
}

#: Fields that name another record, and the collection they refer to (contract, «Ссылки между записями»).
REFERENCES = {"organization": "organization", "organizer": "organization", "parent": "organization",
              "practice": "practice", "event": "event"}

#: Which nested structure a property holds (its labels are under that name in ``LABELS``).
NESTED = {
    "results": "result", "period": "period", "authors": "person", "person": "person", "team": "person",
    "contacts": "contacts", "documents": "document", "review": "review", "scores": "scores",
    "curator": "curator", "mentors": "mentor", "roadmaps": "roadmap", "sections": "section", "items": "item",
    "stats": "stats", "links": "link",
}

_PERSON = {
    "name": ("Фамилия, имя, отчество", "Только взрослого и только с его письменного согласия — тогда отметьте "
             "«Согласие на публикацию имени». Имена обучающихся не указываются нигде."),
    "position": ("Должность", "Её сайт показывает всегда."),
    "consent": ("Согласие на публикацию имени", "Отметьте, только если есть письменное согласие. "
                "Без отметки имя не указывайте."),
}

#: Russian label and hint of each field, by record type or nested structure («Модель данных»).
LABELS: dict[str, dict[str, tuple[str, str]]] = {
    "practice": {
        "type": ("Тип записи", ""),
        "title": ("Название практики", "До 200 знаков."),
        "summary": ("Краткая аннотация", "До 400 знаков; её видно в списках и в поиске."),
        "organization": ("Организация", "Кто реализует практику. Если профиля нет в списке, сначала "
                         "добавьте профиль организации."),
        "year": ("Год описания", "Целое число от 2015 до 2100."),
        "forms": ("Формы наставничества", "Хотя бы одна."),
        "role_models": ("Ролевые модели", ""),
        "kinds": ("Виды наставничества", ""),
        "audience": ("Целевая аудитория", "Хотя бы одна группа."),
        "special_groups": ("Категории участников с особыми потребностями", ""),
        "level": ("Уровень признания", "Если не указан — уровень организации."),
        "goal": ("Цель", "Одно-два предложения."),
        "tasks": ("Задачи", "Каждая задача — отдельной строкой списка."),
        "results": ("Измеримые результаты", ""),
        "resources": ("Ресурсы", "Кадровые, методические, материальные; не повторяйте их в тексте."),
        "partners": ("Партнёры", ""),
        "period": ("Сроки реализации", ""),
        "authors": ("Авторы", "Должность; имя — только с письменного согласия."),
        "contacts": ("Контакты организации", "Только общие контакты организации, не личные."),
        "documents": ("Документы", "Программа, положение, методические материалы."),
        "tags": ("Ключевые слова", "Важные слова для поиска."),
        "status": ("Статус", "Черновик на сайт не попадает."),
        "updated": ("Дата обновления описания", "Не позже сегодняшнего дня."),
        "review": ("Экспертная карта", "Заполняет эксперт при рассмотрении; участник её не заполняет."),
    },
    "winner": {
        "type": ("Тип записи", ""),
        "title": ("Заголовок", "Например: «Победитель муниципального конкурса „Наставник года“»."),
        "competition": ("Название конкурса", ""),
        "year": ("Год конкурса", ""),
        "level": ("Уровень конкурса", ""),
        "nomination": ("Номинация", ""),
        "result": ("Результат", ""),
        "place": ("Место", "Целое число от 1 до 10."),
        "person": ("Участник", "Если участвовал один человек; иначе заполните «Команда»."),
        "team": ("Команда", "Вместо участника, а не вместе с ним."),
        "organization": ("Организация участника", ""),
        "practice": ("Практика, представленная на конкурсе", ""),
        "event": ("Конкурс как мероприятие банка", ""),
        "source_url": ("Где опубликованы итоги", "Адрес страницы, начиная с https://"),
        "documents": ("Документы", "Диплом, приказ об итогах."),
    },
    "event": {
        "type": ("Тип записи", ""),
        "title": ("Название мероприятия", ""),
        "event_type": ("Вид мероприятия", ""),
        "start": ("Дата начала", ""),
        "end": ("Дата окончания", "Не раньше даты начала."),
        "format": ("Формат", ""),
        "location": ("Место проведения", "Нужно, если мероприятие очное или смешанное."),
        "organizer": ("Организатор", ""),
        "level": ("Уровень мероприятия", ""),
        "audience": ("Для кого", ""),
        "forms": ("Формы наставничества", ""),
        "registration_url": ("Страница регистрации", "Адрес, начиная с https://"),
        "url": ("Страница мероприятия", "Адрес, начиная с https://"),
        "documents": ("Документы", "Положение, программа, приказ."),
    },
    "organization": {
        "type": ("Тип записи", ""),
        "name": ("Полное официальное наименование", ""),
        "short_name": ("Краткое наименование", ""),
        "kind": ("Тип организации", ""),
        "region": ("Регион", "Субъект Российской Федерации."),
        "municipality": ("Муниципальное образование", ""),
        "parent": ("Вышестоящая организация", "Например, муниципальный орган управления образованием."),
        "site_url": ("Официальный сайт", "Адрес, начиная с https://"),
        "curator": ("Куратор внедрения целевой модели наставничества", ""),
        "forms": ("Реализуемые формы наставничества", ""),
        "documents": ("Документы", "Приказы, положения, программы."),
        "mentors": ("База наставников", "Только взрослые; имя — только с согласия."),
        "roadmaps": ("Дорожные карты", "Переносите так, как написано в документе."),
        "stats": ("Показатели за год", "Только общие числа; одна строка на год."),
        "links": ("Полезные ссылки", ""),
    },
    "person": _PERSON,
    "curator": {**_PERSON, "email": ("Электронная почта", "Общая почта организации."),
                "phone": ("Телефон", "Телефон организации.")},
    "mentor": {**_PERSON, "subjects": ("Предметы", ""), "competencies": ("Компетенции", "")},
    "document": {
        "title": ("Название документа", ""),
        "kind": ("Вид документа", ""),
        "level": ("Уровень документа", ""),
        "number": ("Номер", ""),
        "date": ("Дата документа", ""),
        "url": ("Ссылка на документ", "Заполните ссылку или приложите файл — одно из двух."),
        "file": ("Файл", "PDF, DOCX или ODT до 20 МБ; или ссылка выше — одно из двух."),
    },
    "contacts": {
        "email": ("Электронная почта", "Общая почта организации."),
        "phone": ("Телефон", "Телефон организации."),
        "url": ("Страница практики на сайте организации", "Адрес, начиная с https://"),
    },
    "result": {
        "indicator": ("Показатель", ""),
        "value": ("Значение", "Число (23, 91.5) или текст («7 из 9»)."),
        "unit": ("Единица измерения", "Например: чел., %."),
        "year": ("За какой год", ""),
    },
    "period": {"start": ("Начало", ""), "end": ("Окончание", "Не раньше начала.")},
    "review": {"decision": ("Решение", ""), "date": ("Дата экспертизы", ""),
               "scores": ("Баллы по критериям", "Целое число от 0 до 3.")},
    "roadmap": {
        "title": ("Название дорожной карты", ""),
        "period": ("Срок действия", "Как в документе: «2021–2024 гг.»."),
        "approved_by": ("Чем утверждена", "Например: «приказ от 30.12.2020 № 654»."),
        "sections": ("Разделы плана", "Хотя бы один."),
    },
    "section": {"title": ("Название раздела", ""), "items": ("Пункты плана", "Хотя бы один.")},
    "item": {
        "number": ("Номер пункта", "Как в документе: «2.1.3»."),
        "activity": ("Мероприятие", ""),
        "details": ("Подпункты, пояснения", ""),
        "deadline": ("Срок (как в документе)", "Например: «Апрель–август 2021 г.», «ежегодно»."),
        "due": ("Дата окончания срока", "Если у срока есть дата."),
        "result": ("Ожидаемый результат", ""),
        "responsible": ("Ответственные", "Должности."),
        "participants": ("Участники", ""),
        "note": ("Примечание", ""),
        "status": ("Состояние пункта", "Вносит тот, кто знает о выполнении."),
        "done_on": ("Дата выполнения", ""),
    },
    "stats": {
        "year": ("Год", "Одна строка на год."),
        "pupils_total": ("Всего обучающихся", ""),
        "pupils_mentees": ("Обучающиеся-наставляемые", "Не больше, чем всего обучающихся."),
        "pupils_mentors": ("Обучающиеся-наставники", "Не больше, чем всего обучающихся."),
        "teachers_total": ("Всего педагогов", ""),
        "young_teachers": ("Молодые специалисты (стаж до 3 лет)", "Не больше, чем всего педагогов."),
        "young_teachers_with_mentor": ("Молодые специалисты с наставником", "Не больше, чем молодых специалистов."),
        "teacher_mentors": ("Педагоги-наставники", "Не больше, чем всего педагогов."),
        "pairs": ("Наставнические пары", ""),
        "groups": ("Наставнические группы", ""),
        "external_mentors": ("Внешние наставники", "Из других организаций, работодатели, студенты."),
        "satisfaction_pct": ("Удовлетворённость участников, %", "Целое число от 0 до 100."),
    },
    "link": {"title": ("Название ссылки", ""), "url": ("Адрес", "Начиная с https://")},
    "scores": {slug: (label, "") for slug, label in vocabularies()["expert_criterion"].items()},
}

#: Russian names of the enums that are not vocabularies («Модель данных»).
ENUM_LABELS = {
    "status": {"published": "опубликована", "draft": "черновик (на сайт не попадает)", "archived": "в архиве",
               "planned": "запланировано", "in_progress": "выполняется", "done": "выполнено",
               "cancelled": "отменено"},
    "format": {"offline": "очно", "online": "дистанционно", "hybrid": "смешанно"},
    "decision": {"approved": "одобрено", "revise": "на доработку", "rejected": "отклонено"},
}

PATTERN_MESSAGES = {
    "slug": "Только строчные латинские буквы, цифры и дефисы: например, shkola-molodogo-pedagoga.",
    "url": "Адрес начинается с https:// или http:// и не содержит пробелов.",
}


def _options(schema: dict, name: str) -> list[dict] | None:
    """Select options (Russian label, stored slug) of an enum schema, or None."""
    vocab = schema.get("x-vocab")
    if vocab == "region":
        return [{"label": r, "value": r} for r in regions()]
    if vocab:
        return [{"label": label, "value": slug} for slug, label in vocabularies()[vocab].items()]
    if "enum" in schema:
        names = ENUM_LABELS.get(name, {})
        return [{"label": names.get(v, v), "value": v} for v in schema["enum"]]
    return None


def _length_pattern(schema: dict) -> list[str] | None:
    """A pattern that holds the schema's length limits of a plain string (Decap has no maxLength)."""
    if "maxLength" not in schema:
        return None
    low, high = schema.get("minLength", 0), schema["maxLength"]
    return [rf"^[\s\S]{{{low},{high}}}$", f"Не длиннее {high} знаков."]


def field(name: str, schema: dict, context: str, required: bool) -> dict[str, Any]:
    """The Decap field of property ``name`` (JSON Schema ``schema``) of structure ``context``.

    Shape: a dict of Decap's field options (``label``, ``name``, ``widget``, ``required``, ``hint`` …).
    ``KeyError`` when ``LABELS[context]`` has no wording for ``name``: a new schema field needs one.
    """
    label, hint = LABELS[context][name]
    out: dict[str, Any] = {"label": label, "name": name, "required": required}
    if hint:
        out["hint"] = hint
    options = _options(schema, name)
    items = schema.get("items", {}) if schema.get("type") == "array" else None
    if "const" in schema:
        out.update(widget="hidden", default=schema["const"])
    elif name in REFERENCES and schema.get("type") == "string":
        target = REFERENCES[name]
        out.update(widget="relation", collection=target, value_field="{{slug}}",
                   search_fields=["short_name", "name", "municipality"] if target == "organization" else ["title"],
                   display_fields=["short_name"] if target == "organization" else ["title"], options_length=200)
    elif options is not None:
        out.update(widget="select", options=options)
    elif items is not None and _options(items, name) is not None:
        out.update(widget="select", multiple=True, options=_options(items, name))
        if schema.get("minItems"):
            out["min"] = schema["minItems"]
    elif items is not None and items.get("type") == "object":
        child = NESTED[name]
        out.update(widget="list", fields=_fields(items, child), collapsed=False)
        out["summary"] = "{{fields." + next(iter(items["properties"])) + "}}"
        if schema.get("minItems"):
            out["min"] = schema["minItems"]
    elif items is not None:
        item = {"label": label, "name": name, "widget": "text" if items.get("maxLength", 0) >= 400 else "string"}
        if _length_pattern(items):
            item["pattern"] = _length_pattern(items)
        out.update(widget="list", field=item)
        if schema.get("minItems"):
            out["min"] = schema["minItems"]
    elif schema.get("type") == "object" and "properties" in schema:
        # Decap checks the fields of an object even when it is left empty: required inside an optional
        # object would make it required; ``mentorbank check`` still requires them once it is filled.
        out.update(widget="object", fields=_fields(schema, NESTED[name], inside_optional=not required),
                   collapsed=not required)
    elif schema.get("x-date"):
        out.update(widget="datetime", format="YYYY-MM-DD", date_format="DD.MM.YYYY", time_format=False,
                   picker_utc=True)
    elif schema.get("type") == "integer":
        out.update(widget="number", value_type="int")
        for key in ("minimum", "maximum"):
            if key in schema:
                out[key[:3]] = schema[key]
    elif schema.get("type") == "boolean":
        out["widget"] = "boolean"  # no default: a default would add an empty person to every list
    elif context == "document" and name == "file":
        out.update(widget="file", choose_url=False, media_library={"config": {"max_file_size": MAX_FILE_SIZE}})
    elif schema.get("x-url"):
        out.update(widget="string", pattern=[schema["pattern"], PATTERN_MESSAGES["url"]])
    elif schema.get("pattern") == SLUG_PATTERN:
        out.update(widget="string", pattern=[SLUG_PATTERN, PATTERN_MESSAGES["slug"]])
    else:  # text, or number-or-text (a result's value)
        out["widget"] = "text" if schema.get("maxLength", 0) >= 400 else "string"
        if _length_pattern(schema):
            out["pattern"] = _length_pattern(schema)
    return out


def _fields(schema: dict, context: str, inside_optional: bool = False) -> list[dict]:
    required = set(schema.get("required", ())) if not inside_optional else set()
    return [field(name, sub, context, name in required) for name, sub in schema["properties"].items()]


def id_field(record_type: str) -> dict:
    """The form's «Имя файла» field: the record id, for a new record only (see the module doc)."""
    example = {"practice": "shkola-molodogo-pedagoga", "winner": "nastavnik-goda-2025-pobeditel",
               "event": "seminar-nastavnichestvo-2026", "organization": "tulun-shkola-5"}[record_type]
    return {"label": "Имя файла (идентификатор)", "name": ID_FIELD, "widget": "string", "required": False,
            "pattern": [SLUG_PATTERN, PATTERN_MESSAGES["slug"]],
            "hint": "Только для новой записи: название латиницей, строчные буквы, цифры и дефисы, например "
                    f"«{example}». Из него строится адрес страницы; после публикации его не меняют. "
                    "У сохранённой записи оставьте поле пустым."}


def body_field(record_type: str) -> dict:
    """The Markdown body of a record."""
    hint = {"practice": "Разделы (заголовки второго уровня): Актуальность, Описание, Этапы, Результаты, "
                        "Возможности тиражирования. Начните с главного: в поиск попадает начало текста.",
            "organization": "Рассказ организации о наставничестве: несколько абзацев."}.get(
        record_type, "Несколько предложений.")
    return {"label": "Текст", "name": "body", "widget": "markdown", "required": record_type == "practice",
            "hint": hint, "buttons": ["bold", "italic", "link", "heading-two", "heading-three", "bulleted-list",
                                      "numbered-list", "quote"],
            "editor_components": [], "modes": ["rich_text", "raw"]}


def collection(record_type: str) -> dict:
    """The Decap collection of ``record_type``: its folder (as ``mentorbank new`` writes), the id field,
    every schema field in the contract's order, the body; attachments beside the record (``files/``)."""
    label, singular = COLLECTIONS[record_type]
    schema = SCHEMAS[record_type]
    return {
        "name": record_type, "label": label, "label_singular": singular, "folder": FOLDERS[record_type],
        "create": True, "delete": False, "extension": "md", "format": FORMAT,
        "filter": {"field": "type", "value": record_type},
        "identifier_field": "short_name" if record_type == "organization" else "title",
        "summary": "{{short_name}}" if record_type == "organization" else "{{title}}",
        "slug": "{{fields." + ID_FIELD + "}}",
        "media_folder": "files", "public_folder": "files",
        "fields": [id_field(record_type), *_fields(schema, record_type), body_field(record_type)],
        "editor": {"preview": False},
    }


def backend(settings: EditorSettings) -> dict:
    """Decap's ``backend`` block for ``settings`` (README, «Редактор записей»)."""
    if settings.backend == "local":
        return {"name": "proxy", "proxy_url": settings.local_url, "branch": settings.branch}
    out: dict[str, Any] = {"name": settings.backend, "repo": settings.repo, "branch": settings.branch}
    if settings.backend == "github":
        out["open_authoring"] = settings.open_authoring
        for key in ("base_url", "auth_endpoint", "api_root"):
            if getattr(settings, key):
                out[key] = getattr(settings, key)
    else:  # gitlab: PKCE in the browser, no server
        out["auth_type"] = "pkce"
        if settings.app_id:
            out["app_id"] = settings.app_id
        for key in ("base_url", "auth_endpoint", "api_root"):
            if getattr(settings, key):
                out[key] = getattr(settings, key)
    out["commit_messages"] = {
        "create": "Новая запись {{collection}}: {{slug}}", "update": "Правка {{collection}}: {{slug}}",
        "delete": "Удаление {{collection}}: {{slug}}", "uploadMedia": "Файл {{path}}",
        "deleteMedia": "Удаление файла {{path}}", "openAuthoring": "{{message}}"}
    return out


def config(settings: EditorSettings, site_url: str = "") -> dict:
    """The whole Decap ``config.yml`` (a dict for ``yaml.safe_dump``) for the editor's ``settings``."""
    out: dict[str, Any] = {
        "backend": backend(settings),
        "local_backend": {"url": settings.local_url},
        "locale": "ru",
        "media_folder": f"{FOLDERS['practice']}/files",
        "public_folder": "files",
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        "collections": [collection(t) for t in ("practice", "winner", "event", "organization")],
    }
    if settings.editorial_workflow:  # decap-server in MODE=fs has no workflow: Decap then saves directly
        out["publish_mode"] = "editorial_workflow"
    if site_url:
        out["site_url"] = site_url
        out["display_url"] = site_url
    return out


def key_order(schema: dict) -> dict:
    """The contract's key order of a record type, nested: ``{"keys": [...], "nested": {key: order}}`` —
    what the editor's format sorts front matter by (lists of objects: the order of their items)."""
    props = schema.get("properties", {})
    nested = {}
    for name, sub in props.items():
        inner = sub.get("items", {}) if sub.get("type") == "array" else sub
        if inner.get("type") == "object" and "properties" in inner:
            nested[name] = key_order(inner)
    return {"keys": list(props), "nested": nested}
