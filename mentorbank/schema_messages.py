"""Turning JSON Schema errors into Russian messages for contributors."""

from __future__ import annotations

import difflib
import re
from functools import cache
from typing import TYPE_CHECKING, Any

from .loader import Source, field_path
from .problems import ERROR, Problem
from .schema import SCHEMAS
from .vocab import VOCAB_TITLES
from .yaml_messages import quote

if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError

_RU_DATE = re.compile(r"^(\d{2})\.(\d{2})\.(\d{4})$")

_TYPE_NAMES = {
    "string": "текст",
    "integer": "целое число",
    "number": "число",
    "array": "список",
    "object": "набор полей",
    "boolean": "да/нет (true или false)",
    "null": "пустое значение",
}

def _is_integer(checker, instance) -> bool:
    # YAML «2024.0» is a float: the contract's years and counts are whole numbers written as such.
    return isinstance(instance, int) and not isinstance(instance, bool)


@cache
def _validator(record_type: str):
    """The jsonschema validator of ``record_type``, built (and jsonschema imported) on first need:
    a run whose records pass the compiled pre-check never loads jsonschema."""
    from jsonschema import Draft202012Validator, validators

    checker = Draft202012Validator.TYPE_CHECKER.redefine("integer", _is_integer)
    return validators.extend(Draft202012Validator, type_checker=checker)(SCHEMAS[record_type])


def _fast_check(schema: dict):
    """Compile ``schema`` (the keywords SCHEMAS use) to a predicate ``value → bool``.

    True means jsonschema would report no error; False means «maybe not»: the caller then asks
    jsonschema for the errors and their wording. ~20× faster than ``iter_errors`` on valid records.
    Unknown keywords compile to «maybe not», so the predicate can never hide an error.
    """
    checks = []
    for key, arg in schema.items():
        if key.startswith("x-"):
            continue
        if key == "type":
            names = (arg,) if isinstance(arg, str) else tuple(arg)
            checks.append(lambda v, names=names: _type_of(v) in names or
                          ("number" in names and _type_of(v) == "integer"))
        elif key in ("enum", "const"):
            values = arg if key == "enum" else [arg]
            if not all(isinstance(x, str) for x in values):
                return lambda v: False
            allowed = frozenset(values)
            checks.append(lambda v, allowed=allowed: isinstance(v, str) and v in allowed)
        elif key == "maxLength":
            checks.append(lambda v, n=arg: not isinstance(v, str) or len(v) <= n)
        elif key == "minLength":
            checks.append(lambda v, n=arg: not isinstance(v, str) or len(v) >= n)
        elif key == "pattern":
            search = re.compile(arg).search
            checks.append(lambda v, search=search: not isinstance(v, str) or search(v) is not None)
        elif key in ("minimum", "maximum"):
            if key == "minimum":
                checks.append(lambda v, n=arg: isinstance(v, bool) or not isinstance(v, (int, float)) or v >= n)
            else:
                checks.append(lambda v, n=arg: isinstance(v, bool) or not isinstance(v, (int, float)) or v <= n)
        elif key == "minItems":
            checks.append(lambda v, n=arg: not isinstance(v, list) or len(v) >= n)
        elif key == "items":
            item = _fast_check(arg)
            checks.append(lambda v, item=item: not isinstance(v, list) or all(item(x) for x in v))
        elif key == "required":
            need = tuple(arg)
            checks.append(lambda v, need=need: not isinstance(v, dict) or all(k in v for k in need))
        elif key == "properties":
            props = {k: _fast_check(sub) for k, sub in arg.items()}
            checks.append(lambda v, props=props: not isinstance(v, dict) or
                          all(props[k](x) for k, x in v.items() if k in props))
        elif key == "additionalProperties":
            if arg is not False:
                return lambda v: False
            known = frozenset(schema.get("properties", {}))
            checks.append(lambda v, known=known: not isinstance(v, dict) or known.issuperset(v))
        else:
            return lambda v: False
    return lambda v: all(check(v) for check in checks)


_FAST = {name: _fast_check(schema) for name, schema in SCHEMAS.items()}


def _type_of(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"


def _colon_text(value: Any) -> str | None:
    """The text «Этап 1: подготовка» that YAML read as the one-field set ``{"Этап 1": "подготовка"}`` (a colon with a
    space inside unquoted text, e.g. a list item), or None for any other value."""
    if not isinstance(value, dict) or len(value) != 1:
        return None
    (key, inner), = value.items()
    if isinstance(inner, (dict, list, bool)):
        return None
    return f"{key}:" if inner is None else f"{key}: {inner}"


def _short(value: Any, limit: int = 60) -> str:
    text = str(value)
    return text if len(text) <= limit else text[:limit] + "…"


def suggest(value: str, choices: list[str]) -> str | None:
    """Return the closest of ``choices`` to ``value`` (difflib ratio ≥ 0.6), or None."""
    found = difflib.get_close_matches(str(value).strip().lower(), choices, n=1, cutoff=0.6)
    return found[0] if found else None


def _unknown_key(path: tuple, key: str, allowed: list[str]) -> tuple[tuple, str, str]:
    if key == "render_macros":
        return path + (key,), "поле «render_macros» не допускается: шаблоны в файлах участников не выполняются.", \
            "удалите это поле."
    close = suggest(key, allowed)
    hint = f"возможно, вы имели в виду «{close}»." if close else \
        "удалите поле или проверьте его написание; допустимые поля: " + ", ".join(allowed) + "."
    return path + (key,), f"неизвестное поле «{key}».", hint


def _message(err: ValidationError) -> tuple[tuple, str, str]:
    """Return (path, message, hint) for one schema error."""
    path = tuple(err.absolute_path)
    schema = err.schema if isinstance(err.schema, dict) else {}
    kw = err.validator
    if kw == "required":
        missing = err.message.split("'")[1]
        return path + (missing,), f"нет обязательного поля «{missing}».", \
            f"добавьте поле «{missing}» (см. шаблон: команда «mentorbank new»)."
    if kw == "type":
        want = schema.get("type")
        wants = want if isinstance(want, list) else [want]
        names = " или ".join(_TYPE_NAMES.get(w, str(w)) for w in wants)
        got = _TYPE_NAMES[_type_of(err.instance)]
        hint = f"укажите {names}."
        if "array" in wants and _type_of(err.instance) == "string":
            hint = "запишите значение списком: с новой строки «- значение» или в скобках [значение]."
        elif "string" in wants and _type_of(err.instance) in ("integer", "number"):
            hint = "заключите значение в кавычки, например \"1.1\"."
        elif "integer" in wants and _type_of(err.instance) == "string":
            hint = "укажите число без кавычек, например 2024."
        elif "string" in wants and _type_of(err.instance) == "array":
            hint = "укажите одно значение текстом, без списка."
        if err.instance is None:
            return path, f"ожидается {names}, а поле пустое.", \
                "заполните поле или удалите его, если оно необязательное."
        if "string" in wants and _colon_text(err.instance) is not None:
            text = _colon_text(err.instance)
            key = next(iter(err.instance))
            return path, (f"ожидается {names}, а из-за двоеточия («{_short(key, 30)}:») YAML прочитал строку как "
                          "«поле: значение»."), f"возьмите текст в кавычки: {quote(text)}"
        if isinstance(err.instance, bool):
            return path, f"ожидается {names}, а указано логическое значение (да/нет).", \
                "если это текст вроде «yes» или «нет», заключите его в кавычки."
        return path, f"ожидается {names}, а указано {got} «{_short(err.instance)}».", hint
    if kw == "enum":
        vocab = schema.get("x-vocab")
        choices = [str(c) for c in schema.get("enum", [])]
        close = suggest(err.instance, choices) if isinstance(err.instance, str) else None
        where = f" из словаря «{VOCAB_TITLES.get(vocab, 'регионы России' if vocab == 'region' else vocab)}»" \
            if vocab else ""
        msg = f"значение «{_short(err.instance)}» не{where or ' из допустимых'}."
        if close:
            hint = f"возможно, вы имели в виду «{close}»."
        elif len(choices) <= 15:
            hint = "допустимые значения: " + ", ".join(choices) + "."
        else:
            hint = "выберите значение из словаря (раздел «Модель данных» на сайте)."
        return path, msg, hint
    if kw == "const":
        return path, f"значение «{_short(err.instance)}» не подходит: ожидается «{schema['const']}».", \
            "укажите тип записи: practice, winner, event или organization."
    if kw == "pattern":
        if schema.get("x-date"):
            found = _RU_DATE.match(str(err.instance).strip())
            example = f"{found[3]}-{found[2]}-{found[1]}" if found else "2023-09-01"
            return path, f"дата «{_short(err.instance)}» не в формате ГГГГ-ММ-ДД.", \
                f"запишите дату как {example} (год-месяц-день)."
        if schema.get("x-url"):
            return path, f"ссылка «{_short(err.instance)}» недопустима: разрешены только адреса http:// и https://.", \
                "укажите полный адрес страницы, начиная с https://."
        return path, f"значение «{_short(err.instance)}» не является допустимым идентификатором.", \
            "идентификатор состоит из строчных латинских букв, цифр и дефисов, например «sosh-26»."
    if kw == "maxLength":
        return path, f"текст слишком длинный: {len(err.instance)} символов, допускается до {schema['maxLength']}.", \
            "сократите текст; подробности перенесите в основной текст страницы."
    if kw == "minLength":
        return path, "значение пустое.", "заполните поле или удалите его, если оно необязательное."
    if kw == "minItems":
        return path, "список пуст: нужно хотя бы одно значение.", "добавьте значение в список."
    if kw == "minimum":
        return path, f"значение {err.instance} меньше допустимого ({schema['minimum']}).", "исправьте число."
    if kw == "maximum":
        return path, f"значение {err.instance} больше допустимого ({schema['maximum']}).", "исправьте число."
    return path, f"недопустимое значение ({err.message}).", "исправьте значение."


def schema_problems(source: Source, record_type: str) -> list[Problem]:
    """Validate ``source.data`` against the schema of ``record_type``.

    Returns one Problem per schema error, with the line of the offending field
    (or of its parent when the field is missing), sorted by line.
    """
    if _FAST[record_type](source.data):
        return []
    validator = _validator(record_type)
    out = []
    for err in validator.iter_errors(source.data):
        if err.validator == "additionalProperties" and isinstance(err.instance, dict):
            allowed = set(err.schema.get("properties", {}))
            for key in sorted(set(err.instance) - allowed):
                path, message, hint = _unknown_key(tuple(err.absolute_path), key, sorted(allowed))
                out.append(Problem(source.path, source.line_of(path), field_path(path), message, hint, ERROR, "polya"))
            continue
        path, message, hint = _message(err)
        line = source.line_of(path) if err.validator not in ("required",) else source.line_of(path[:-1])
        out.append(Problem(source.path, line, field_path(path), message, hint, ERROR, "polya"))
    return sorted(set(out))
