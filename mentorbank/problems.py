"""Problems found in contributors' files: one Russian message per mistake."""

from __future__ import annotations

from dataclasses import dataclass, field

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    """One mistake in one file.

    ``file`` is the path relative to the repository root (POSIX), ``line`` is
    1-based (0 when the whole file is concerned), ``field`` is the field path
    such as ``forms[1]`` or ``roadmaps[0].sections[1].items[2].due`` (empty for
    the whole file), ``message`` says what is wrong and ``hint`` what to do,
    both in Russian. ``severity`` is ``"error"`` or ``"warning"``; ``topic``
    names the section of the contributor guide that explains the rule.
    """

    file: str
    line: int
    field: str
    message: str
    hint: str = ""
    severity: str = ERROR
    topic: str = field(default="", compare=False)

    def format(self) -> str:
        """Return the message for people: ``файл:строка: поле: что не так. Что сделать.``"""
        where = f"{self.file}:{self.line}" if self.line else self.file
        kind = "ошибка" if self.severity == ERROR else "предупреждение"
        text = f"{where}: {kind}: "
        if self.field:
            text += f"{self.field}: "
        text += self.message
        if self.hint:
            text += f" Что сделать: {self.hint}"
        return text


def has_errors(problems: list[Problem]) -> bool:
    """Return True if any problem in ``problems`` is an error (warnings do not count)."""
    return any(p.severity == ERROR for p in problems)
