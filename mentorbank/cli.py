"""Command line: ``mentorbank check`` (and later ``new``, ``schema``). Russian help text."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .bank import build_date_from_env, load_bank
from .problems import ERROR, Problem


def _print_human(problems: list[Problem], records: int) -> None:
    for p in problems:
        print(p.format())
    errors = sum(p.severity == ERROR for p in problems)
    warnings = len(problems) - errors
    if errors:
        print(f"\nНайдено ошибок: {errors}, предупреждений: {warnings}. Записей прочитано: {records}. "
              "Исправьте ошибки и запустите проверку снова.")
    else:
        print(f"Ошибок нет (предупреждений: {warnings}). Записей проверено: {records}.")


def _print_github(problems: list[Problem]) -> None:
    for p in problems:
        level = "error" if p.severity == ERROR else "warning"
        text = (f"{p.field}: " if p.field else "") + p.message + (f" Что сделать: {p.hint}" if p.hint else "")
        text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        line = f",line={p.line}" if p.line else ""
        print(f"::{level} file={p.file}{line}::{text}")


def cmd_check(args: argparse.Namespace) -> int:
    """Validate the whole bank; print problems; return 1 if there is any error, else 0."""
    root = Path(args.root).resolve()
    try:
        build_date = build_date_from_env()
    except ValueError as exc:
        print(f"ошибка: {exc}", file=sys.stderr)
        return 2
    bank = load_bank(root, build_date)
    problems = bank.problems
    if args.paths:
        wanted = {Path(p).resolve().relative_to(root).as_posix() if Path(p).is_absolute() or Path(p).exists()
                  else p for p in args.paths}
        problems = [p for p in problems if any(p.file == w or p.file.startswith(w.rstrip("/") + "/") for w in wanted)]
    if args.format == "github":
        _print_github(problems)
    elif args.format == "json":
        json.dump([p.__dict__ for p in problems], sys.stdout, ensure_ascii=False, indent=1)
        print()
    else:
        _print_human(problems, len(bank.records))
    return 1 if any(p.severity == ERROR for p in problems) else 0


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``mentorbank`` command; returns the exit code."""
    parser = argparse.ArgumentParser(
        prog="mentorbank", description="Банк практик наставничества: инструменты участника.")
    sub = parser.add_subparsers(dest="command", metavar="команда")
    check = sub.add_parser("check", help="проверить записи банка", description="Проверяет все записи банка "
                           "(или указанные файлы) по модели данных и выводит ошибки на русском языке.")
    check.add_argument("paths", nargs="*",
                       help="файлы или папки для вывода (правила между файлами проверяются по всему банку)")
    check.add_argument("--root", default=".", help="корень репозитория (по умолчанию текущая папка)")
    check.add_argument("--format", choices=["text", "github", "json"], default="text",
                       help="формат вывода: text — для людей, github — аннотации GitHub Actions, json — для программ")
    check.set_defaults(func=cmd_check)
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
