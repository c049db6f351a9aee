"""What an importer could not read or had to decide: Russian messages with the place in the source file."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path


class ImportFailure(Exception):
    """The source file cannot be read at all (missing, not a Word/Excel file, …); the text is Russian
    and says what to do. Raised by the readers; the command prints it without a traceback."""


def office_file(path, kind: str, not_office: str) -> Path:
    """``path`` as a ``Path`` once it is an existing file that is a ZIP (as .docx and .xlsx are);
    ``kind`` names the format in the messages («.docx»), ``not_office`` ends the message for a file that
    is not a ZIP (what it may be and how to save it). Raises ``ImportFailure`` in Russian otherwise."""
    path = Path(path)
    if not path.exists():
        raise ImportFailure(f"файл «{path}» не найден. Проверьте имя и папку файла.")
    if not path.is_file():
        raise ImportFailure(f"«{path}» — это не файл (папка?). Укажите файл {kind}.")
    if not zipfile.is_zipfile(path):
        raise ImportFailure(f"файл «{path}» — {not_office}")
    return path


@dataclass(frozen=True)
class Message:
    """One thing the importer did not carry over, or carried over with a decision the person should know.

    ``where`` is the place in the source in Russian («таблица 2, строка 5», «лист «2023», ячейка B4»; ''
    for the whole file); ``text`` says what happened and, where it helps, what to do.
    """

    where: str
    text: str

    def format(self) -> str:
        """``where: text`` (or ``text`` alone)."""
        return f"{self.where}: {self.text}" if self.where else self.text


def table_row(table: int, row: int | None = None) -> str:
    """The place «таблица N, строка M» (numbers as a person counts them in Word, from 1)."""
    return f"таблица {table}" + (f", строка {row}" if row else "")
