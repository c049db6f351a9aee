"""What an importer could not read or had to decide: Russian messages with the place in the source file."""

from __future__ import annotations

from dataclasses import dataclass


class ImportFailure(Exception):
    """The source file cannot be read at all (missing, not a Word/Excel file, …); the text is Russian
    and says what to do. Raised by the readers; the command prints it without a traceback."""


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
