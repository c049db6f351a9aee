"""Command line: ``mentorbank new``, ``check``, ``schema``, ``report``, ``import`` and ``pdf``. Russian help text."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from functools import partial
from pathlib import Path

from . import scaffold
from . import settings as settings_module
from .argparse_ru import RussianArgumentParser
from .bank import load_bank
from .model import Bank
from .problems import ERROR, Docs, Problem, docs_base
from .schema import RECORD_TYPES, json_schema


def _print_human(problems: list[Problem], records: int, docs: str | None) -> None:
    for p in problems:
        print(p.format(docs))
    errors = sum(p.severity == ERROR for p in problems)
    warnings = len(problems) - errors
    if errors:
        print(f"\nНайдено ошибок: {errors}, предупреждений: {warnings}. Записей прочитано: {records}. "
              "Исправьте ошибки и запустите проверку снова.")
    else:
        print(f"Ошибок нет (предупреждений: {warnings}). Записей проверено: {records}.")


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _print_github(problems: list[Problem], docs: Docs | None = None) -> None:
    """GitHub Actions workflow commands, one per problem, with the escaping the runner expects."""
    for p in problems:
        level = "error" if p.severity == ERROR else "warning"
        text = (f"{p.field}: " if p.field else "") + p.message + (f" Что сделать: {p.hint}" if p.hint else "")
        text += f" Подробнее: {docs.link(p.topic)}" if docs and p.topic else ""
        line = f",line={p.line}" if p.line else ""
        print(f"::{level} file={_escape_property(p.file)}{line}::{_escape_data(text)}")


def changed_files(root: Path, base: str) -> set[str]:
    """Return repository-relative paths changed since git revision ``base`` (committed, staged,
    unstaged and untracked). Raises RuntimeError with a Russian message if git fails."""
    commands = (["git", "diff", "--name-only", "--no-renames", base],
                ["git", "ls-files", "--others", "--exclude-standard"])
    out: set[str] = set()
    for cmd in commands:
        done = subprocess.run(cmd, cwd=root, capture_output=True, text=True)
        if done.returncode != 0:
            raise RuntimeError(f"git не смог сравнить с «{base}»: {done.stderr.strip()}")
        out.update(line.strip() for line in done.stdout.splitlines() if line.strip())
    return out


def cmd_schema(args: argparse.Namespace) -> int:
    """Write JSON Schema files (one per record type) into ``args.out``; return 0."""
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for record_type in RECORD_TYPES:
        (out / f"{record_type}.json").write_text(schema_text(record_type), "utf-8")
        print(f"записано: {out / (record_type + '.json')}")
    return 0


def schema_text(record_type: str) -> str:
    """The committed text of the JSON Schema of ``record_type`` (stable key order, trailing newline)."""
    return json.dumps(json_schema(record_type), ensure_ascii=False, indent=2) + "\n"


def _ask(prompt: str, value: str | None) -> str:
    if value:
        return value
    if not sys.stdin.isatty():
        return ""
    return input(prompt).strip()


def cmd_new(args: argparse.Namespace) -> int:
    """Create a new record file from the commented template; return 0, or 2 without a title."""
    root = Path(args.root).resolve()
    title = _ask("Название: ", args.title)
    if not title:
        print("ошибка: укажите название: --title \"…\"", file=sys.stderr)
        return 2
    organization = "" if args.type == "organization" else _ask(
        "Идентификатор организации (имя файла профиля без .md): ", args.organization)
    path = scaffold.create(root, args.type, title, organization, settings_module.build_date_from_env())
    rel = path.relative_to(root)
    print(f"Создан файл {rel}. Замените все «{scaffold.PLACEHOLDER}» и проверьте: mentorbank check {rel}")
    return 0


def _load(root: Path, replace: dict[str, bytes] | None = None) -> Bank | None:
    """The bank at ``root`` loaded with the build's settings (``mkdocs.yml``), or None after printing the
    Russian error of a wrong setting or build date to stderr. ``replace``: files checked with other bytes
    (``load_bank``)."""
    try:
        settings = settings_module.load(root)
    except settings_module.SettingsError as exc:
        print(f"ошибка: {exc}", file=sys.stderr)
        return None
    return load_bank(root, settings.build_date, cache=settings.cache_dir, replace=replace)


def cmd_check(args: argparse.Namespace) -> int:
    """Validate the whole bank; print problems; return 1 if there is any error, else 0."""
    root = Path(args.root).resolve()
    bank = _load(root)
    if bank is None:
        return 2
    problems = bank.problems
    if args.changed:
        try:
            changed = changed_files(root, args.changed)
        except RuntimeError as exc:
            print(f"ошибка: {exc}", file=sys.stderr)
            return 2
        problems = [p for p in problems if p.file in changed]
    if args.paths:
        wanted = {Path(p).resolve().relative_to(root).as_posix() if Path(p).is_absolute() or Path(p).exists()
                  else p for p in args.paths}
        problems = [p for p in problems if any(p.file == w or p.file.startswith(w.rstrip("/") + "/") for w in wanted)]
    if args.format == "github":
        _print_github(problems, docs_base(root))
    elif args.format == "json":
        json.dump([p.__dict__ for p in problems], sys.stdout, ensure_ascii=False, indent=1)
        print()
    else:
        _print_human(problems, len(bank.records), docs_base(root))
    return 1 if any(p.severity == ERROR for p in problems) else 0


def cmd_report(args: argparse.Namespace) -> int:
    """Print the coordinators' report on the «Наставничество» tabs (``tab.completeness_report``);
    return 0, or 2 for a wrong build date. Errors of the bank are not listed here: ``check`` does."""
    from .tab import completeness_report

    bank = _load(Path(args.root).resolve())
    if bank is None:
        return 2
    sys.stdout.write(completeness_report(bank))
    errors = sum(p.severity == ERROR for p in bank.problems)
    if errors:
        print(f"\nВ записях банка есть ошибки ({errors}): отчёт может быть неполным, запустите mentorbank check.")
    return 0


def add_report_command(sub) -> None:
    """The ``report`` subcommand: the coordinators' report on every organisation's tab."""
    report = sub.add_parser("report", help="отчёт куратора: заполненность вкладок «Наставничество»",
                            description="Показывает по каждой организации, которая ведёт вкладку "
                            "«Наставничество», что на ней опубликовано и чего не хватает.")
    report.add_argument("--root", default=".", help="корень репозитория (по умолчанию текущая папка)")
    report.set_defaults(func=cmd_report)


def _profile(root: Path, organization: str) -> Path | None:
    """The profile file ``<organization>.md`` under ``content/organizations/`` (any sub-folder), or None."""
    folder = root / "content" / "organizations"
    return next((p for p in sorted(folder.rglob(f"{organization}.md")) if p.is_file()), None)


def cmd_import(args: argparse.Namespace) -> int:
    """``import roadmap`` / ``import stats``: read the file, print what was not carried over (stderr), check
    the profile as it would be with the import (the ``check`` path), then print the YAML (stdout) or,
    with ``--write``, write the profile. Returns 0, or 1 when nothing was imported, the file could not be
    read or the profile would have errors (then nothing is written)."""
    from .importers import roadmap as roadmap_import
    from .importers import stats as stats_import
    from .importers import yaml_write
    from .importers.messages import ImportFailure

    root = Path(args.root).resolve()
    err = sys.stderr
    profile = _profile(root, args.organization)
    if profile is None:
        print(f"ошибка: нет профиля организации «{args.organization}» (content/organizations/"
              f"{args.organization}.md). Проверьте идентификатор или создайте профиль: "
              "mentorbank new organization --title «Полное наименование».", file=err)
        return 1
    rel = profile.relative_to(root).as_posix()
    try:
        if args.what == "roadmap":
            found = roadmap_import.import_roadmap(Path(args.file), args.title, args.period, args.approved_by)
            key, value = "roadmaps", [found.roadmap] if found.roadmap else None
            merge = partial(yaml_write.merge_roadmap, roadmap=found.roadmap)
            summary = (f"Прочитано пунктов: {found.item_count}, разделов: {len(found.roadmap['sections'])} "
                       f"(таблица {', '.join(map(str, found.tables))})." if found.roadmap else "")
        else:
            found = stats_import.import_stats(Path(args.file))
            key, value = "stats", found.stats or None
            merge = partial(yaml_write.merge_stats, rows=found.stats)
            summary = (f"Прочитано: показатели за {', '.join(str(r['year']) for r in found.stats)} г. (лист "
                       f"{', '.join('«' + s + '»' for s in found.sheets)})." if found.stats else "")
    except ImportFailure as exc:
        print(f"ошибка: {exc}", file=err)
        return 1
    if found.messages:
        print(f"Не перенесено или требует внимания ({len(found.messages)}):", file=err)
        for message in found.messages:
            print(f"  {message.format()}", file=err)
    if value is None:
        print("ошибка: ничего не перенесено — в файле не найдено " + (
            "ни одного пункта дорожной карты." if args.what == "roadmap" else "ни одного показателя за год."),
            file=err)
        return 1
    print(summary, file=err)
    original = profile.read_bytes()
    try:
        text, said = yaml_write.update_front_matter(original.decode("utf-8"), merge)
    except (ImportFailure, UnicodeDecodeError) as exc:
        reason = str(exc) if isinstance(exc, ImportFailure) else "файл профиля не в кодировке UTF-8"
        print(f"ошибка: {rel}: {reason}", file=err)
        return 1
    bank = _load(root, {rel: text.encode("utf-8")})
    if bank is None:
        return 1
    problems = [p for p in bank.problems if p.file == rel]
    errors = [p for p in problems if p.severity == ERROR]
    docs = docs_base(root)
    state = "после записи" if args.write else "если записать"
    print(f"Проверка профиля {rel} с перенесёнными данными (как mentorbank check, строки — {state}): "
          + (f"ошибок: {len(errors)}, предупреждений: {len(problems) - len(errors)}." if problems else
             "ошибок нет."), file=err)
    for p in problems:
        print(f"  {p.format(docs)}", file=err)
    if not args.write:
        sys.stdout.write(yaml_write.dump(key, value))
        return 1 if errors else 0
    if errors:
        print(f"Файл {rel} не изменён: исправьте ошибки и запустите импорт снова.", file=err)
        return 1
    profile.write_bytes(text.encode("utf-8"))
    print(f"Записано в {rel}: {said}.", file=err)
    return 0


def add_import_command(sub) -> None:
    """The ``import`` subcommand: ``import roadmap FILE.docx`` and ``import stats FILE.xlsx``."""
    command = sub.add_parser("import", help="перенести дорожную карту из Word или показатели из Excel",
                             description="Переносит в профиль организации дорожную карту из таблицы документа "
                             "Word (.docx) или показатели мониторинга из книги Excel (.xlsx). Без --write только "
                             "печатает YAML; всё, что не удалось перенести, перечисляется.")
    kinds = command.add_subparsers(dest="what", metavar="что", title="что перенести")
    roadmap = kinds.add_parser("roadmap", help="дорожная карта из таблицы документа Word (.docx)",
                               description="Читает таблицу дорожной карты документа Word: столбцы — по "
                               "заголовкам («№», «Мероприятие», «Сроки», «Ответственные», «Результат», "
                               "«Участники», «Примечание», «Отметка о выполнении»), разделы — по строкам, "
                               "объединённым на всю ширину таблицы.")
    roadmap.add_argument("file", metavar="ФАЙЛ.docx", help="документ Word с дорожной картой")
    roadmap.add_argument("--title", metavar="НАЗВАНИЕ", help="название дорожной карты, если в документе "
                         "над таблицей его нет или оно другое")
    roadmap.add_argument("--period", metavar="ПЕРИОД", help="период, как в документе («2021–2024 гг.»), если "
                         "его нет в названии")
    roadmap.add_argument("--approved-by", metavar="ДОКУМЕНТ", help="чем утверждена («приказ от 30.12.2020 № 654»)")
    stats = kinds.add_parser("stats", help="показатели мониторинга из книги Excel (.xlsx)",
                             description="Читает показатели мониторинга по годам (годы — в строке или в "
                             "столбце, показатели — по названиям модели данных).")
    stats.add_argument("file", metavar="ФАЙЛ.xlsx", help="книга Excel с показателями")
    for parser in (roadmap, stats):
        parser.add_argument("--organization", required=True, metavar="ИДЕНТИФИКАТОР",
                            help="идентификатор организации (имя файла профиля без .md)")
        parser.add_argument("--write", action="store_true", help="записать в профиль организации (без этого "
                            "параметра YAML только печатается)")
        parser.add_argument("--root", default=".", metavar="ПАПКА", help="корень репозитория (по умолчанию "
                            "текущая папка)")
        parser.set_defaults(func=cmd_import)
    command.set_defaults(func=lambda _args: (command.print_help(), 2)[1])
def cmd_pdf(args: argparse.Namespace) -> int:
    """Write the PDF of one organisation's tab (``pdf tab``) or of one practice (``pdf practice``), as the
    build makes it (README, «PDF вкладки и практик»); return 0, 1 for an unknown or unpublished record
    or a bank with errors, 2 for a wrong setting."""
    from pathlib import PurePosixPath

    from . import urls
    from .pages import Renderer
    from .pdf import dated, render
    from .problems import read_mkdocs_config

    root = Path(args.root).resolve()
    bank = _load(root)
    if bank is None:
        return 2
    errors = sum(p.severity == ERROR for p in bank.problems)
    if errors:
        print(f"ошибка: в записях банка есть ошибки ({errors}); исправьте их (mentorbank check) и повторите.",
              file=sys.stderr)
        return 1
    wanted = "organization" if args.kind == "tab" else "practice"
    r = bank.records.get(args.id)
    if r is None or r.type != wanted or not r.published:
        what = "организации" if wanted == "organization" else "практики"
        print(f"ошибка: опубликованной {what} с идентификатором «{args.id}» нет в банке "
              "(идентификатор — имя файла записи без .md).", file=sys.stderr)
        return 1
    renderer = Renderer(bank, str(read_mkdocs_config(root).get("site_url") or ""), settings_module.load(root))
    if wanted == "organization":
        from .outputs import tabs

        html, path = tabs(renderer.catalogue, renderer.env).standalone(r, "pdf"), urls.tab_pdf(r.url, r.id)
    else:
        from .outputs.practice_pdf import document

        html, path = document(r, renderer.catalogue, renderer.env), urls.practice_pdf(r.url, r.id)
    out = Path(args.out or PurePosixPath(path).name)
    out.write_bytes(render(dated(html, bank.build_date)))
    print(f"записано: {out}")
    return 0


def add_pdf_command(sub) -> None:
    """The ``pdf`` subcommand: one tab's or one practice's PDF on demand."""
    pdf = sub.add_parser("pdf", help="сделать PDF вкладки организации или практики",
                         description="Делает PDF вкладки «Наставничество» организации или страницы практики — "
                         "такой же, как при сборке сайта, с датой сборки.")
    pdf.add_argument("kind", choices=["tab", "practice"], metavar="что",
                     help="tab — вкладка организации, practice — практика")
    pdf.add_argument("id", metavar="ИДЕНТИФИКАТОР", help="имя файла записи без .md (например tulun-komitet)")
    pdf.add_argument("--out", "-o", metavar="ФАЙЛ", help="куда записать (по умолчанию — в текущую папку)")
    pdf.add_argument("--root", default=".", metavar="ПАПКА", help="корень репозитория (по умолчанию текущая папка)")
    pdf.set_defaults(func=cmd_pdf)


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``mentorbank`` command; returns the exit code."""
    parser = RussianArgumentParser(
        prog="mentorbank", description="Банк практик наставничества: инструменты участника.",
        epilog="Справка по команде: mentorbank команда --help.")
    sub = parser.add_subparsers(dest="command", metavar="команда", title="команды")
    check = sub.add_parser("check", help="проверить записи банка", description="Проверяет все записи банка "
                           "(или указанные файлы) по модели данных и выводит ошибки на русском языке.")
    check.add_argument("paths", nargs="*", metavar="ПУТЬ",
                       help="файлы или папки для вывода (правила между файлами проверяются по всему банку)")
    check.add_argument("--root", default=".", metavar="ПАПКА", help="корень репозитория (по умолчанию текущая папка)")
    check.add_argument("--format", choices=["text", "github", "json"], default="text",
                       help="формат вывода: text — для людей, github — аннотации GitHub Actions, json — для программ")
    check.add_argument("--changed", metavar="РЕВИЗИЯ",
                       help="выводить только ошибки в файлах, изменённых с этой ревизии git (например origin/main)")
    check.set_defaults(func=cmd_check)
    new = sub.add_parser("new", help="создать файл записи по шаблону",
                         description="Создаёт файл записи со всеми полями модели данных и пояснениями.")
    new.add_argument("type", choices=list(scaffold.FOLDERS), metavar="тип",
                     help="тип записи: practice, winner, event, organization")
    new.add_argument("--title", metavar="НАЗВАНИЕ", help="название (для организации — полное наименование)")
    new.add_argument("--organization", metavar="ИДЕНТИФИКАТОР", help="идентификатор организации")
    new.add_argument("--root", default=".", metavar="ПАПКА", help="корень репозитория")
    new.set_defaults(func=cmd_new)
    schema = sub.add_parser("schema", help="записать JSON Schema записей для редакторов",
                            description="Записывает JSON Schema каждого типа записи (для подсказок в VS Code и др.).")
    schema.add_argument("--out", default="schema", metavar="ПАПКА", help="папка для файлов (по умолчанию schema/)")
    schema.set_defaults(func=cmd_schema)
    add_report_command(sub)
    add_import_command(sub)
    add_pdf_command(sub)
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        code = args.func(args)
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader of the output has gone (``mentorbank check | head``): say nothing more, as the
        # Python documentation advises (signal, «Note on SIGPIPE»), instead of a traceback.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    return code


if __name__ == "__main__":
    sys.exit(main())
