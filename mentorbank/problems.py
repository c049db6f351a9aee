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

    def format(self, docs_base: str | None = None) -> str:
        """Return the message for people: ``файл:строка: поле: что не так. Что сделать. Подробнее: URL``.

        ``docs_base`` is the address of the data-model page of the site; the
        link points to the section of ``topic`` there.
        """
        where = f"{self.file}:{self.line}" if self.line else self.file
        kind = "ошибка" if self.severity == ERROR else "предупреждение"
        text = f"{where}: {kind}: "
        if self.field:
            text += f"{self.field}: "
        text += self.message
        if self.hint:
            text += f" Что сделать: {self.hint}"
        if docs_base and self.topic:
            text += f" Подробнее: {docs_base}#{self.topic}"
        return text


def docs_base(root) -> str | None:
    """Return the address of the contributor data-model page from ``site_url`` of ``root/mkdocs.yml``
    (None when there is no site_url)."""
    import yaml

    try:
        text = (root / "mkdocs.yml").read_text("utf-8")
        site_url = yaml.load(text, Loader=_IgnoreTags).get("site_url")
    except (OSError, yaml.YAMLError, AttributeError):
        return None
    return site_url.rstrip("/") + "/uchastnikam/model-dannyh/" if site_url else None


def _ignore_tags():
    import yaml

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("", lambda loader, suffix, node: None)
    return Loader


_IgnoreTags = _ignore_tags()

