"""Problems found in contributors' files: one Russian message per mistake."""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

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

    def format(self, docs: Docs | str | None = None) -> str:
        """Return the message for people: ``файл:строка: поле: что не так. Что сделать. Подробнее: …``.

        ``docs`` says where the rules are explained (see ``docs_base``): the link points to the section of
        ``topic`` on the site's data-model page, or names that page's file in the repository and the section.
        A plain string is the address of the data-model page.
        """
        where = f"{self.file}:{self.line}" if self.line else self.file
        kind = "ошибка" if self.severity == ERROR else "предупреждение"
        text = f"{where}: {kind}: "
        if self.field:
            text += f"{self.field}: "
        text += self.message
        if self.hint:
            text += f" Что сделать: {self.hint}"
        if isinstance(docs, str):
            docs = Docs(docs.rstrip("/") + "/", "", {})
        if docs and self.topic:
            text += f" Подробнее: {docs.link(self.topic)}"
        return text


#: The contributor data-model page: its path under ``docs_dir`` and under the site's address.
DATA_MODEL_PAGE = "uchastnikam/model-dannyh.md"
DATA_MODEL_URL = "uchastnikam/model-dannyh/"

#: Host names reserved for examples and tests (RFC 2606, RFC 6761): a ``site_url`` on one of them is a
#: placeholder, not a published site.
_PLACEHOLDER_HOSTS = re.compile(r"(?:.+\.)?(?:example\.(?:com|org|net)|[^.]+\.(?:example|invalid|test|localhost))"
                                r"|example|localhost")


@dataclass(frozen=True)
class Docs:
    """Where messages send a contributor for the rule they broke.

    ``url`` is the address of the data-model page on the published site (ends with «/»), or empty when the
    site has no real address yet; then ``path`` (the page's Markdown file, relative to the repository root)
    and ``sections`` (section anchor → its title on that page) are used.
    """

    url: str
    path: str
    sections: dict[str, str] = field(default_factory=dict, hash=False, compare=False)

    def link(self, topic: str) -> str:
        """«https://…/uchastnikam/model-dannyh/#polya», or «content/uchastnikam/model-dannyh.md, раздел «Поля
        записей»» (only the file when the page has no such section)."""
        if self.url:
            return f"{self.url}#{topic}"
        title = self.sections.get(topic)
        return f"{self.path}, раздел «{title}»" if title else self.path


def is_placeholder(site_url: str | None) -> bool:
    """True when ``site_url`` is no published address: empty, on a host reserved for examples
    (``https://mentorbank.example/``), or this computer (``mkdocs serve`` sets ``http://127.0.0.1:8000/``)."""
    if not site_url:
        return True
    try:
        host = urlsplit(site_url.strip()).hostname
    except ValueError:
        return True
    if not host or _PLACEHOLDER_HOSTS.fullmatch(host):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _sections(text: str) -> dict[str, str]:
    """Section anchors of a Markdown page (``## Заголовок {#anchor}``) → their titles without code marks."""
    found = re.finditer(r"^#{1,6}[ \t]+(.+?)[ \t]*\{#([A-Za-z0-9_-]+)\}[ \t]*$", text, re.M)
    return {m.group(2): m.group(1).replace("`", "") for m in found}


def docs_base(root, site_url: str | None = None) -> Docs | None:
    """Where messages of the bank at ``root`` point for details (Russian section titles, see ``Docs``).

    ``site_url`` defaults to ``site_url`` of ``root/mkdocs.yml`` (``!ENV`` tags resolved as MkDocs does).
    When it is absent or a placeholder (``is_placeholder``), messages name the data-model page's file in
    the repository (``<docs_dir>/uchastnikam/model-dannyh.md``) and its section instead. Returns None when
    neither exists (no site address and no such file).
    """
    from pathlib import Path

    root = Path(root)
    config = read_mkdocs_config(root)
    if site_url is None:
        site_url = config.get("site_url") if isinstance(config.get("site_url"), str) else ""
    if not is_placeholder(site_url):
        return Docs(site_url.strip().rstrip("/") + "/" + DATA_MODEL_URL, "")
    docs_dir = config.get("docs_dir") if isinstance(config.get("docs_dir"), str) else "docs"
    page = root / docs_dir / DATA_MODEL_PAGE
    try:
        text = page.read_text("utf-8")
    except OSError:
        return None
    return Docs("", page.relative_to(root).as_posix(), _sections(text))


def read_mkdocs_config(root) -> dict:
    """``root/mkdocs.yml`` as a dict (``!ENV`` tags resolved as MkDocs does); {} when the file is
    missing, unreadable or not a mapping. Read by ``docs_base`` and ``settings.load``."""
    from pathlib import Path

    import yaml

    try:
        config = yaml.load((Path(root) / "mkdocs.yml").read_text("utf-8"), Loader=_ConfigLoader)
    except (OSError, yaml.YAMLError):
        config = None
    return config if isinstance(config, dict) else {}


def _config_loader():
    """A safe loader for mkdocs.yml: ``!ENV`` as MkDocs reads it (pyyaml_env_tag), other tags (``!!python/name``
    of Material's extensions) as None."""
    import yaml
    from yaml_env_tag import construct_env_tag

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("", lambda loader, suffix, node: None)
    Loader.add_constructor("!ENV", construct_env_tag)
    return Loader


_ConfigLoader = _config_loader()

