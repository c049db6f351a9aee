"""One settings object of the write side: ``extra.mentorbank`` in ``mkdocs.yml``, validated, with defaults.

Every number a maintainer may want to change lives here, not in module constants::

    extra:
      mentorbank:
        page_size: 50          # entries per listing page
        tab_limit: 10          # records of each kind on an organisation's tab
        fragment_limit: 60000  # bytes of the script-free fragment
        search_body_words: null  # words of a record's body the search index takes (null: all)
        search_shard_pages: 2000 # pages of one type per part of the search index
        search_shard_pages_serve: 250 # the same in `mkdocs serve` (an edit re-indexes a small part)
        search_shard_key: hash   # how records are split into parts: hash of the id, or district
        practice_pdfs: false     # a PDF of every practice at build time (tabs always have one)
        open_data_file_mb: 20    # MB of records one open data file holds at most (larger sets: by year)
        license:               # licence of the open data (otkrytye-dannye/): its name and address
          name: Creative Commons «Атрибуция» 4.0 Международная (CC BY 4.0)
          url: https://creativecommons.org/licenses/by/4.0/deed.ru

The build date is ``BANK_BUILD_DATE`` (ISO date) when set, else today; the cache folder is
``BANK_CACHE_DIR`` when set, else ``<root>/.cache/mentorbank``. The MkDocs adapter and the CLI read
the same ``mkdocs.yml`` (``load``); the object is passed explicitly to whatever needs it.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

import jsonschema

#: JSON Schema of ``extra.mentorbank`` (every key optional; unknown keys are an error, so a typo is seen).
SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "page_size": {"type": "integer", "minimum": 1, "maximum": 1000},
        "tab_limit": {"type": "integer", "minimum": 1, "maximum": 1000},
        "fragment_limit": {"type": "integer", "minimum": 10_000},
        "search_body_words": {"type": ["integer", "null"], "minimum": 1},
        "search_shard_pages": {"type": "integer", "minimum": 1},
        "search_shard_pages_serve": {"type": "integer", "minimum": 1},
        "search_shard_key": {"enum": ["hash", "district"]},
        "search_index_workers": {"type": "integer", "minimum": 1, "maximum": 64},
        "prerender_minimum": {"type": "integer", "minimum": 1},
        "practice_pdfs": {"type": "boolean"},
        "open_data_file_mb": {"type": "number", "exclusiveMinimum": 0, "maximum": 10_000},
        "license": {
            "type": "object", "additionalProperties": False, "required": ["name", "url"],
            "properties": {"name": {"type": "string", "minLength": 1, "maxLength": 300},
                           "url": {"type": "string", "pattern": r"^https?://[^\s]+$"}},
        },
        "editor": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "backend": {"enum": ["local", "github", "gitlab"]},
                "repo": {"type": "string", "pattern": r"^[^/\s]+(/[^/\s]+)+$"},
                "branch": {"type": "string", "minLength": 1},
                "base_url": {"type": "string", "pattern": r"^https?://\S+$"},
                "auth_endpoint": {"type": "string", "minLength": 1},
                "api_root": {"type": "string", "pattern": r"^https?://\S+$"},
                "app_id": {"type": "string", "minLength": 1},
                "open_authoring": {"type": "boolean"},
                "editorial_workflow": {"type": "boolean"},
                "local_url": {"type": "string", "pattern": r"^http://(localhost|127\.0\.0\.1)(:\d+)?/\S*$"},
            },
        },
    },
}

#: What each key means, for messages (Russian).
MEANING = {
    "page_size": "записей на странице списка",
    "tab_limit": "записей каждого вида на вкладке «Наставничество»",
    "fragment_limit": "наибольший размер HTML-фрагмента вкладки в байтах",
    "search_body_words": "слов основного текста записи в поисковом индексе (null — весь текст)",
    "search_shard_pages": "страниц одного типа в одной части поискового индекса",
    "search_shard_pages_serve": "страниц в одной части поискового индекса при предпросмотре (mkdocs serve)",
    "search_shard_key": "как делить записи на части поискового индекса: hash или district",
    "search_index_workers": "сколько частей поискового индекса строить одновременно",
    "prerender_minimum": "сколько текстов нужно, чтобы подготовить их в нескольких процессах",
    "practice_pdfs": "делать ли PDF каждой практики при сборке",
    "open_data_file_mb": "сколько мегабайт записей в одном файле открытых данных (больше — набор делится по годам)",
    "license": "лицензия открытых данных",
    "editor": "редактор записей на странице «redaktor/» (README, «Редактор записей»)",
}

#: What each key of ``editor`` means (Russian), for messages.
EDITOR_MEANING = {
    "backend": "где хранится банк: local, github или gitlab",
    "repo": "репозиторий «владелец/имя» (у GitLab — «группа/подгруппа/имя»)",
    "branch": "основная ветка репозитория",
    "base_url": "адрес OAuth-клиента для GitHub (https://…)",
    "auth_endpoint": "путь входа у OAuth-клиента или у GitLab",
    "api_root": "адрес API своего GitLab или GitHub Enterprise (https://…/api/v4)",
    "app_id": "идентификатор приложения GitLab (Application ID)",
    "open_authoring": "true: участник без права записи работает в своей копии (fork) и присылает запрос",
    "editorial_workflow": "true: правки идут через «Черновик → На проверке → Готово» и запрос на изменение",
    "local_url": "адрес локального сервера decap-server (http://127.0.0.1:8081/api/v1)",
}


@dataclass(frozen=True)
class EditorSettings:
    """``extra.mentorbank.editor``: how the editor page (``redaktor/``) reaches the bank's repository
    (README, «Редактор записей»). ``backend`` ``local``: only ``make edit`` on this computer."""

    backend: str = "local"
    repo: str = ""
    branch: str = "main"
    base_url: str = ""
    auth_endpoint: str = ""
    api_root: str = ""
    app_id: str = ""
    open_authoring: bool = True
    editorial_workflow: bool = True
    local_url: str = "http://127.0.0.1:8081/api/v1"



@dataclass(frozen=True)
class License:
    """The licence of the open data (``extra.mentorbank.license``): its Russian ``name`` and the ``url``
    of its text. Default: CC BY 4.0 (README, «Открытые данные»)."""

    name: str = "Creative Commons «Атрибуция» 4.0 Международная (CC BY 4.0)"
    url: str = "https://creativecommons.org/licenses/by/4.0/deed.ru"


class SettingsError(ValueError):
    """A bad value in ``extra.mentorbank`` or ``BANK_BUILD_DATE``; ``str(exc)`` is the Russian message."""


@dataclass(frozen=True)
class Settings:
    """The write side's settings (see the module doc); defaults are the published bank's."""

    #: Entries per listing page (README, «Производительность»: ≤ 50).
    page_size: int = 50
    #: Records of each kind listed on the tab itself; more go to the organisation's own listing pages.
    tab_limit: int = 10
    #: The script-free fragment must fit editors of official sites (README, «Вкладка «Наставничество»
    #: организации»: under 60 KB).
    fragment_limit: int = 60_000
    #: Words of a record's body the search index takes (README, «Поиск»); None (the default): the whole
    #: body. A number: whole top-level blocks from the start until this many words are reached;
    #: headings are always taken. The cut was needed while one Pagefind index held the whole bank;
    #: the sharded index (``shards``) bounds the indexer's memory instead.
    search_body_words: int | None = None
    #: Pages of one record type per part («shard») of the search index (README, «Поиск»): a type with
    #: more pages is split into ceil(pages / this) parts by a hash of the id. One part is one Pagefind
    #: run (memory grows with its pages); the browser merges the parts (``mergeIndex``).
    search_shard_pages: int = 2000
    #: The same in ``mkdocs serve``: smaller parts, so that a rebuild after an edit re-indexes a part of
    #: this many pages (Pagefind ≈ 1 s for 250 pages instead of ≈ 10–20 s for 2,000; README, «Режим
    #: mkdocs serve»). The preview's first query loads more parts; the published site keeps
    #: ``search_shard_pages``.
    search_shard_pages_serve: int = 250
    #: How records are split into parts: ``hash`` (of the id; balanced, stable) or ``district`` (the
    #: federal district of the record's region; for comparison, see README).
    search_shard_key: str = "hash"
    #: Parts indexed at the same time (Pagefind processes); None: the number of cores.
    search_index_workers: int | None = None
    #: Below this many Markdown texts to render, worker processes are not started.
    prerender_minimum: int = 300
    #: Make a PDF of every practice at build time (README, «PDF вкладки и практик»): off, since a PDF
    #: costs ≈ 0.5 s to lay out (10,000 practices: far more than the whole build); on demand:
    #: ``mentorbank pdf practice <id>``. Tabs always get their PDF.
    practice_pdfs: bool = False
    #: Megabytes (MiB) of records one file of the open data holds at most (README, «Открытые данные»):
    #: a larger set is published by year, a larger year in numbered parts (``opendata_parts``). 20 MB
    #: stays under the smallest per-file limit of common static hostings (25 MiB) and opens in any editor.
    open_data_file_mb: float = 20
    #: Licence of the open data (``otkrytye-dannye/``): shown on its page and written into every set.
    license: License = field(default_factory=License)
    #: The editor page's backend (``extra.mentorbank.editor``).
    editor: EditorSettings = field(default_factory=EditorSettings)
    #: The build date (``BANK_BUILD_DATE`` or today).
    build_date: dt.date = field(default_factory=dt.date.today)
    #: Folder of the build cache (``BANK_CACHE_DIR`` or ``<root>/.cache/mentorbank``); None: no cache.
    cache_dir: Path | None = None

    def with_(self, **changes) -> Settings:
        """A copy with ``changes`` (frozen objects are never changed in place)."""
        return replace(self, **changes)


def build_date_from_env(environ=None) -> dt.date:
    """Return the build date: ``BANK_BUILD_DATE`` (ISO) if set, else today.

    Raises ``SettingsError`` with a Russian message for a malformed value.
    """
    value = (os.environ if environ is None else environ).get("BANK_BUILD_DATE")
    if not value:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise SettingsError(f"BANK_BUILD_DATE={value!r}: ожидается дата ГГГГ-ММ-ДД") from None


def cache_dir(root: Path, environ=None) -> Path:
    """Folder of the build cache: ``BANK_CACHE_DIR`` if set, else ``<root>/.cache/mentorbank``."""
    return Path((os.environ if environ is None else environ).get("BANK_CACHE_DIR") or root / ".cache" / "mentorbank")


def from_mapping(values, where: str = "mkdocs.yml, extra.mentorbank") -> dict:
    """Validate ``values`` (the ``extra.mentorbank`` mapping, or None) against ``SCHEMA``; return the
    keyword arguments of ``Settings``. Raises ``SettingsError`` naming every bad key in Russian."""
    if values is None:
        return {}
    if not isinstance(values, dict):
        raise SettingsError(f"{where}: ожидается набор параметров «имя: значение».")
    messages = []
    for error in sorted(jsonschema.Draft202012Validator(SCHEMA).iter_errors(values), key=lambda e: list(e.path)):
        if error.path and error.path[0] == "editor":
            messages.append(_editor_message(error, values.get("editor"), where))
            continue
        if error.validator == "additionalProperties":
            known = ", ".join(sorted(SCHEMA["properties"]))
            extra = sorted(set(values) - set(SCHEMA["properties"]))
            messages.append(f"{where}: неизвестный параметр «{', '.join(map(str, extra))}»; известные: {known}.")
            continue
        key = error.path[0] if error.path else ""
        if key == "license":
            messages.append(f"{where}.license ({MEANING['license']}): ожидаются два параметра — name "
                            "(название лицензии) и url (адрес её текста, начинается с https://), "
                            f"указано «{values.get(key)}».")
            continue
        rule = SCHEMA["properties"].get(key, {})
        bounds = []
        if "minimum" in rule:
            bounds.append(f"не меньше {rule['minimum']}")
        if "maximum" in rule:
            bounds.append(f"не больше {rule['maximum']}")
        if rule.get("type") == "boolean":
            messages.append(f"{where}.{key} ({MEANING.get(key, key)}): ожидается true или false, "
                            f"указано «{values.get(key)}».")
            continue
        if "enum" in rule:
            expected = "одно из значений: " + ", ".join(rule["enum"])
        else:
            nullable = " или null" if "null" in rule.get("type", ()) else ""
            expected = ("целое число " + " и ".join(bounds)).strip() + nullable
        messages.append(f"{where}.{key} ({MEANING.get(key, key)}): ожидается {expected}, "
                        f"указано «{values.get(key)}».")
    editor = values.get("editor")
    if not messages and isinstance(editor, dict) and editor.get("backend") in ("github", "gitlab") \
            and not editor.get("repo"):
        messages.append(f"{where}.editor.repo ({EDITOR_MEANING['repo']}): для backend: {editor['backend']} "
                        "укажите репозиторий, например «region-edu/mentorbank».")
    if messages:
        raise SettingsError("\n".join(messages))
    out = {f.name: values[f.name] for f in fields(Settings) if f.name in values}
    if "license" in out:
        out["license"] = License(**out["license"])
    if "editor" in out:
        out["editor"] = EditorSettings(**out["editor"])
    return out


def _editor_message(error, editor, where: str) -> str:
    """One Russian message for a bad key of ``extra.mentorbank.editor``."""
    if not isinstance(editor, dict):
        return f"{where}.editor ({MEANING['editor']}): ожидается набор параметров «имя: значение»."
    if error.validator == "additionalProperties":
        extra = ", ".join(sorted(set(editor) - set(EDITOR_MEANING)))
        return f"{where}.editor: неизвестный параметр «{extra}»; известные: {', '.join(EDITOR_MEANING)}."
    key = error.path[1] if len(error.path) > 1 else ""
    return f"{where}.editor.{key} ({EDITOR_MEANING.get(key, key)}): недопустимое значение «{editor.get(key)}»."


def load(root: Path, environ=None) -> Settings:
    """The settings of the bank at ``root``: ``extra.mentorbank`` of ``root/mkdocs.yml`` (missing file
    or key: defaults; ``!ENV`` tags resolved as MkDocs does), the build date and the cache folder from
    the environment. Raises ``SettingsError`` (Russian, every bad key at once)."""
    from .problems import read_mkdocs_config

    config = read_mkdocs_config(Path(root))
    extra = config.get("extra") if isinstance(config.get("extra"), dict) else {}
    values = from_mapping(extra.get("mentorbank"))
    return Settings(**values, build_date=build_date_from_env(environ), cache_dir=cache_dir(Path(root), environ))
