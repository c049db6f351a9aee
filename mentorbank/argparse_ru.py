"""Russian command line help and errors: argparse's own texts (usage, section titles, «-h», errors) in Russian.

argparse words every text it prints through ``_()`` and ``ngettext()`` — the module's gettext functions, the
standard library's i18n hook. gettext would pick a catalog from the user's locale (``LANG``), but the bank's
contributors must get Russian whatever their system language, so ``RussianArgumentParser`` puts a Russian
catalog (:data:`CATALOG`, keyed by argparse's message ids) in place of those two functions for the time it
builds, formats or parses, and restores them afterwards. Nothing else in the process is affected.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Iterator

#: argparse's message ids (Python 3.11–3.13) → Russian. ``tests/test_cli.py`` checks that every id of the
#: running Python's argparse is here.
CATALOG: dict[str, str] = {
    "usage: ": "Использование: ",
    "positional arguments": "аргументы",
    "options": "параметры",
    "optional arguments": "параметры",
    "subcommands": "команды",
    "show this help message and exit": "показать эту справку и выйти",
    "%(prog)s: error: %(message)s\n": "%(prog)s: ошибка: %(message)s\n",
    "argument %(argument_name)s: %(message)s": "%(argument_name)s: %(message)s",
    "the following arguments are required: %s": "не хватает обязательных аргументов: %s",
    "one of the arguments %s is required": "нужен один из аргументов: %s",
    "unrecognized arguments: %s": "неизвестные аргументы: %s",
    "invalid choice: %(value)r (choose from %(choices)s)": "недопустимое значение %(value)r (возможны: %(choices)s)",
    "invalid choice: %(value)r, maybe you meant %(closest)r? (choose from %(choices)s)":
        "недопустимое значение %(value)r, возможно, имелось в виду %(closest)r? (возможны: %(choices)s)",
    "invalid %(type)s value: %(value)r": "недопустимое значение %(value)r (ожидается %(type)s)",
    "expected one argument": "нужно одно значение",
    "expected at most one argument": "нужно не больше одного значения",
    "expected at least one argument": "нужно хотя бы одно значение",
    "ambiguous option: %(option)s could match %(matches)s": "неоднозначный параметр %(option)s: подходят %(matches)s",
    "not allowed with argument %s": "нельзя указывать вместе с %s",
    "ignored explicit argument %r": "лишнее значение %r",
    "unexpected option string: %s": "неожиданный параметр: %s",
    "unknown parser %(parser_name)r (choices: %(choices)s)":
        "неизвестная команда %(parser_name)r (возможны: %(choices)s)",
    "can't open '%(filename)s': %(error)s": "не удалось открыть «%(filename)s»: %(error)s",
    'argument "-" with mode %r': "аргумент «-» в режиме %r",
    "%r is not callable": "%r нельзя вызвать",
    "option %(option)s is deprecated": "параметр %(option)s устарел",
    "command %(parser_name)r is deprecated": "команда %(parser_name)r устарела",
    "argument %(argument_name)s is deprecated": "аргумент %(argument_name)s устарел",
    "argument '%(argument_name)s' is deprecated": "аргумент «%(argument_name)s» устарел",
    # Mistakes of the program itself (not of the person typing the command), worded for completeness.
    ".__call__() not defined": "метод .__call__() не определён",
    "'required' is an invalid argument for positionals": "«required» нельзя указывать для позиционных аргументов",
    "mutually exclusive arguments must be optional": "взаимоисключающие аргументы должны быть необязательными",
    "cannot merge actions - two groups are named %r": "нельзя объединить: две группы называются %r",
    "invalid option string %(option)r: must start with a character %(prefix_chars)r":
        "недопустимый параметр %(option)r: должен начинаться с символа %(prefix_chars)r",
    "dest= is required for options like %r": "для параметров вида %r нужно указать dest=",
    "invalid conflict_resolution value: %r": "недопустимое значение conflict_resolution: %r",
    "cannot have multiple subparser arguments": "команды можно задать только один раз",
    "conflicting subparser: %s": "команда %s задана дважды",
    "conflicting subparser alias: %s": "псевдоним команды %s задан дважды",
}

#: Plural messages: English singular id → Russian (one, few, many) forms.
PLURALS: dict[str, tuple[str, str, str]] = {
    "expected %s argument": ("нужно %s значение", "нужно %s значения", "нужно %s значений"),
    "conflicting option string: %s": ("параметр задан дважды: %s", "параметры заданы дважды: %s",
                                      "параметры заданы дважды: %s"),
}


def gettext_ru(message):
    """Russian text of argparse's ``message`` (a message id); any other text (our own titles, None) unchanged."""
    return CATALOG.get(message, message)


def ngettext_ru(singular: str, plural: str, n: int) -> str:
    """Russian plural form of argparse's message ``singular`` for the number ``n``."""
    forms = PLURALS.get(singular)
    if forms is None:
        return singular if n == 1 else plural
    if n % 10 == 1 and n % 100 != 11:
        return forms[0]
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return forms[1]
    return forms[2]


@contextlib.contextmanager
def russian() -> Iterator[None]:
    """Within the block, argparse words its texts with the Russian catalog (nesting is fine)."""
    saved = argparse._, argparse.ngettext
    argparse._, argparse.ngettext = gettext_ru, ngettext_ru
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved


class RussianHelpFormatter(argparse.HelpFormatter):
    """Help layout of argparse, texts in Russian."""

    def format_help(self) -> str:  # noqa: D102 - argparse API
        with russian():
            return super().format_help()


class RussianArgumentParser(argparse.ArgumentParser):
    """``argparse.ArgumentParser`` that speaks Russian: usage, section titles, ``-h/--help`` and errors.

    Subcommand parsers made by ``add_subparsers().add_parser`` are of this class too.
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", RussianHelpFormatter)
        with russian():
            super().__init__(*args, **kwargs)

    def parse_args(self, args=None, namespace=None):  # noqa: D102 - argparse API
        with russian():
            return super().parse_args(args, namespace)

    def parse_known_args(self, args=None, namespace=None):  # noqa: D102 - argparse API
        with russian():
            return super().parse_known_args(args, namespace)

    def add_subparsers(self, **kwargs):  # noqa: D102 - argparse API
        with russian():
            return super().add_subparsers(**kwargs)

    def format_usage(self) -> str:  # noqa: D102 - argparse API
        with russian():
            return super().format_usage()

    def format_help(self) -> str:  # noqa: D102 - argparse API
        with russian():
            return super().format_help()

    def error(self, message: str):
        """Print the usage and ``mentorbank: ошибка: …`` with where to read more, then exit with code 2."""
        with russian():
            self.print_usage(sys.stderr)
            self.exit(2, f"{self.prog}: ошибка: {message}\nСправка: {self.prog} --help\n")
