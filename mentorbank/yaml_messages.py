"""PyYAML's syntax errors in Russian, and the most common of them — a colon inside an unquoted value — found
exactly, so that the file can be read on and its other problems reported.

PyYAML says what went wrong in English (``MarkedYAMLError.problem`` and ``.context``, e.g. «mapping values
are not allowed here»). :data:`EXPLANATIONS` maps every message of PyYAML 6's scanner, parser and composer
(``yaml/scanner.py``, ``yaml/parser.py``, ``yaml/composer.py``) to a Russian explanation and what to do;
an unknown message gets a Russian general text, never the English one.
"""

from __future__ import annotations

import ast
import json
import re
from dataclasses import dataclass

import yaml

_QUOTE_HINT = "возьмите значение в кавычки, например: title: \"…\"."


@dataclass(frozen=True)
class Explanation:
    """One kind of PyYAML error: ``problem`` (and ``context``, if given) are regular expressions matched in
    full against PyYAML's texts; ``message`` and ``hint`` are the Russian texts (``{char}`` stands for the
    character PyYAML names); ``at_context`` reports the line where the construct began (an unclosed quote or
    bracket) instead of the line where PyYAML noticed the problem."""

    problem: str
    message: str
    hint: str
    context: str | None = None
    at_context: bool = False


#: PyYAML 6 problem texts → Russian, first match wins. ``%r`` parts of PyYAML's texts are ``.+`` here.
EXPLANATIONS: tuple[Explanation, ...] = (
    Explanation("mapping values are not allowed here",
                "двоеточие стоит там, где YAML не ждёт нового поля: у строки лишний отступ, "
                "или двоеточие с пробелом оказалось внутри значения.",
                "поля верхнего уровня пишите без отступа, вложенные — с отступом в два пробела; "
                "значение, в котором есть «: », возьмите в кавычки."),
    Explanation("could not find expected ':'",
                "в строке нет двоеточия после имени поля: YAML не понимает, что это за строка.",
                "запишите поле как «имя: значение»; если это продолжение длинного текста с предыдущей строки, "
                "сделайте у него отступ или возьмите весь текст в кавычки.",
                at_context=True),
    Explanation("found unexpected end of stream|found unexpected document separator",
                "кавычка в начале значения не закрыта: текст в кавычках продолжается до конца блока описания.",
                "поставьте закрывающую кавычку в конце значения (той же, что и в начале: \" или ').",
                context="while scanning a (double-)?quoted scalar", at_context=True),
    Explanation("expected ',' or '\\]', but got .+",
                "список в квадратных скобках не закрыт или его элементы не разделены запятыми.",
                "закройте список скобкой «]» и разделите элементы запятыми, например: tags: [адаптация, "
                "молодые педагоги]; элемент с «:» или «,» внутри возьмите в кавычки.",
                at_context=True),
    Explanation("expected ',' or '}', but got .+",
                "набор полей в фигурных скобках не закрыт или его поля не разделены запятыми.",
                "закройте скобку «}» и разделите поля запятыми — или запишите каждое поле на своей строке "
                "с отступом, без скобок.",
                at_context=True),
    Explanation("invalid indentation or unclosed '\\[' or '{'",
                "квадратная или фигурная скобка не закрыта, или строка внутри скобок с неверным отступом.",
                "закройте «]» или «}» на той же строке, где скобка открыта.",
                at_context=True),
    Explanation("expected the node content, but found '<stream end>'",
                "квадратная или фигурная скобка не закрыта до конца блока описания.",
                "закройте список скобкой «]» (или набор полей скобкой «}») на той же строке, где он начат.",
                context="while parsing a flow node"),
    Explanation("expected <block end>, but found '[\\]}]'",
                "после значения стоит лишняя закрывающая скобка «]» или «}».",
                "удалите лишнюю скобку; если она часть текста, возьмите всё значение в кавычки."),
    Explanation("expected <block end>, but found .+",
                "отступ строки не совпадает с отступом соседних строк того же уровня (или после значения в "
                "кавычках на той же строке есть ещё текст).",
                "выровняйте отступы: поля одного уровня и элементы одного списка («- ») начинаются с одной "
                "и той же позиции; после закрывающей кавычки текст не пишите."),
    Explanation("sequence entries are not allowed here",
                "элемент списка «- » стоит там, где список не ожидается: на одной строке с именем поля или "
                "с неверным отступом.",
                "начните список с новой строки после «поле:» и ставьте перед каждым «- » одинаковый отступ; "
                "если дефис — часть текста, возьмите значение в кавычки."),
    Explanation("mapping keys are not allowed here",
                "значение начинается со знака «?», который YAML читает как служебный.",
                _QUOTE_HINT),
    Explanation("found character .+ that cannot start any token",
                "значение не может начинаться с {char}: в YAML такой символ служебный.",
                _QUOTE_HINT),
    Explanation("expected the node content, but found .+",
                "значение начинается с {char}, а с него в YAML значение начинаться не может.",
                _QUOTE_HINT),
    Explanation("expected alphabetic or numeric character, but found .+",
                "значение начинается со знака «*» или «&», которые в YAML означают ссылку.",
                _QUOTE_HINT),
    Explanation("found undefined alias .+|found duplicate anchor .+; first occurrence|second occurrence",
                "ссылки и якоря YAML («*имя», «&имя») не поддерживаются.",
                "повторите значение целиком вместо ссылки или возьмите его в кавычки."),
    Explanation(".+", "значение начинается со знака «!», который в YAML означает тег.", _QUOTE_HINT,
                context="while (scanning|parsing) a tag"),
    Explanation("found undefined tag handle .+|found non-specific tag '!'",
                "значение начинается со знака «!», который в YAML означает тег.", _QUOTE_HINT),
    Explanation(".+", "строка начинается со знака «%», который в YAML означает служебную директиву.",
                "возьмите значение в кавычки; в начале строки знак «%» не ставьте.",
                context="while scanning a directive"),
    Explanation("found incompatible YAML document .+|found duplicate YAML directive|duplicate tag handle .+",
                "строка начинается со знака «%», который в YAML означает служебную директиву.",
                "удалите строку с «%» в начале блока описания."),
    Explanation("found unknown escape character .+|expected escape sequence of .+",
                "в тексте в двойных кавычках есть обратная косая черта «\\», за которой YAML ждёт "
                "особый код символа.",
                "удвойте обратную косую черту (\\\\) или возьмите значение в одинарные кавычки вместо двойных."),
    Explanation(".+", "после знака «|» или «>» (начало многострочного текста) на той же строке есть текст.",
                "перенесите текст на следующие строки с отступом в два пробела или уберите знак «|» или «>».",
                context="while scanning a block scalar"),
    Explanation("but found another document|expected '<document start>', but found .+",
                "в блоке описания есть второй документ YAML (строка «---» или «...» внутри блока).",
                "оставьте одну строку «---» в начале и одну в конце блока описания."),
    Explanation("found unexpected ':'",
                "двоеточие с пробелом оказалось внутри значения.",
                _QUOTE_HINT),
)

#: Any other PyYAML message (a future version may add some): a Russian general text.
FALLBACK = ("YAML не смог разобрать эту строку.",
            "проверьте отступы (пробелами, по два на уровень), двоеточие с пробелом после имени поля и "
            "закрывающие кавычки и скобки; значение с «: » или «#» возьмите в кавычки.")

_CHAR_NAMES = {"\t": "символа табуляции", " ": "пробела", "\n": "перевода строки"}


def _char(problem: str) -> str:
    """The character PyYAML names in ``problem`` (its ``%r`` text) in the genitive: «символа «@»»."""
    found = re.search(r"found (?:character )?('(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\")", problem)
    try:
        char = ast.literal_eval(found.group(1)) if found else ""
    except (ValueError, SyntaxError):
        char = ""
    if char in _CHAR_NAMES:
        return _CHAR_NAMES[char]
    if not char or char.startswith("<"):
        return "такого символа"
    return f"символа «{char}»"


def explain(exc: yaml.MarkedYAMLError) -> tuple[yaml.Mark | None, str, str]:
    """The place and Russian wording of PyYAML's syntax error ``exc``: (mark, message, hint).

    ``mark`` is the position to report (PyYAML's ``problem_mark``, or ``context_mark`` where the construct
    began for unclosed quotes and brackets); it may be None. Never returns English text.
    """
    problem, context = exc.problem or "", exc.context or ""
    for entry in EXPLANATIONS:
        if not re.fullmatch(entry.problem, problem, re.S):
            continue
        if entry.context is not None and not re.fullmatch(entry.context, context, re.S):
            continue
        mark = (exc.context_mark if entry.at_context else None) or exc.problem_mark or exc.context_mark
        return mark, entry.message.replace("{char}", _char(problem)), entry.hint
    return exc.problem_mark or exc.context_mark, *FALLBACK


#: «поле: значение» at the start of a line (also «- поле: значение» in a list); the value is written without
#: quotes, brackets or YAML signs at its start.
_FIELD_LINE = re.compile(r"(?P<lead>[ ]*(?:-[ ]+)*)(?P<key>[^\s:#'\"\[\]{},&*!|>%@`?-][^:#]*?)[ ]*:[ ]+"
                         r"(?P<value>[^\s'\"\[\]{}|>&*!%@`#].*)")


@dataclass(frozen=True)
class ColonInValue:
    """A colon with a space (or at the end) inside an unquoted value: ``line`` is the 0-based line in the
    parsed text, ``key`` the field name on that line, ``value`` the whole value as written (without a trailing
    comment), ``quoted`` the value as YAML that keeps the colon, ``text`` the parsed text with that value quoted
    (same lines), ``snippet`` the words around the colon."""

    line: int
    key: str
    value: str
    quoted: str
    text: str
    snippet: str


def quote(value: str) -> str:
    """``value`` as a YAML string in quotes: double quotes, single ones if it has double quotes, else JSON's."""
    if '"' not in value and "\\" not in value:
        return f'"{value}"'
    if "'" not in value:
        return f"'{value}'"
    return json.dumps(value, ensure_ascii=False)


def colon_in_value(text: str, exc: yaml.MarkedYAMLError) -> ColonInValue | None:
    """If ``exc`` is PyYAML's «mapping values are not allowed here» for a colon inside the unquoted value of
    «поле: значение» on one line of ``text``, return that mistake and the text with the value quoted (the value
    the contributor meant); else None (wrong indentation and other causes are not guessed at)."""
    mark = exc.problem_mark
    if exc.problem != "mapping values are not allowed here" or mark is None:
        return None
    start = text.rfind("\n", 0, mark.index) + 1
    end = text.find("\n", mark.index)
    end = len(text) if end < 0 else end
    line = text[start:end]
    column = mark.index - start
    found = _FIELD_LINE.fullmatch(line)
    if not found or column < found.start("value"):
        return None
    value = found.group("value")
    comment = re.search(r"[ ]+#", value)
    tail = ""
    if comment and comment.start() > column - found.start("value"):
        value, tail = value[: comment.start()], value[comment.start():]
    value = value.rstrip()
    quoted = quote(value)
    colon = column - found.start("value")
    before = value[:colon].split()[-1:] if value[:colon].strip() else []
    after = value[colon + 1:].split()[:1]
    snippet = " ".join(before) + ":" + (" " + after[0] if after else "")
    fixed = line[: found.start("value")] + quoted + tail
    return ColonInValue(text.count("\n", 0, start), found.group("key"), value, quoted,
                        text[:start] + fixed + text[end:], snippet)
