"""The editor of records (``redaktor/``): Decap CMS served from the site itself, its ``config.yml``
generated from the contract (``editor_config``), the bank's record format (``static/editor/``).

Decap CMS is vendored into ``editor/decap-cms/`` of the repository (``scripts/vendor-editor``; README,
«Редактор записей»). Without that folder the page says that the editor is not available here and
nothing else is published. The page loads only scripts of its own site (Content-Security-Policy).
"""

from __future__ import annotations

import html
import json
from importlib import resources
from pathlib import Path

import yaml

from .. import editor_config, urls
from ..catalogue import Catalogue
from ..render import Env
from ..schema import SCHEMAS
from . import Result

NAME = "editor"
READS_BODIES: frozenset[str] = frozenset()

#: Where the repository keeps the vendored browser files (relative to its root).
VENDORED = {"decap": "editor/decap-cms", "js-yaml": "editor/js-yaml/js-yaml.min.js"}
#: The page's own scripts and styles (``mentorbank/static/editor/``).
OWN_FILES = ("before.js", "editor.js", "editor.css")
#: The scripts of the editor page, in order, all served from ``redaktor/`` itself (the page's CSP allows no other).
SCRIPTS = ("before.js", "decap/decap-cms.js", "js-yaml.min.js", "editor.js")

#: Only same-origin scripts; ``unsafe-eval``: Decap's bundle compiles a few functions at run time.
CSP = "script-src 'self' 'unsafe-eval'; object-src 'none'; base-uri 'self'; form-action 'self'"

_PAGE = """<!doctype html>
<html lang="ru" data-backend="{backend}" data-format="{format}" data-id-field="{id_field}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<meta http-equiv="Content-Security-Policy" content="{csp}">
<title>Редактор записей — Банк практик наставничества</title>
<link href="config.yml" type="text/yaml" rel="cms-config-url">
<link rel="stylesheet" href="editor.css">
</head>
<body>
<div id="mb-editor-notice" class="mb-notice"{hidden}>
<h1>Редактор записей</h1>
<p>{notice}</p>
<p><a href="{propose}">Как добавить практику</a> · <a href="{home}">На главную</a></p>
</div>
{scripts}</body>
</html>
"""

NOTICE_LOCAL = ("Редактор этого сайта работает только на компьютере координатора, который запустил его "
                "командой «make edit». Чтобы предложить практику, воспользуйтесь инструкцией «Как добавить "
                "практику».")
NOTICE_UNAVAILABLE = ("Редактор на этом сайте не установлен. Чтобы предложить практику, воспользуйтесь "
                      "инструкцией «Как добавить практику».")


def _vendored(path: Path) -> bool:
    """True when ``path`` is a file, found by opening it (not by ``is_file``): a build that reuses outputs
    sees the files an output opens, so the editor is made again when the vendored files appear or go
    (``outputcache``)."""
    try:
        with open(path, "rb"):
            return True
    except OSError:
        return False


def _static(name: str) -> bytes:
    return resources.files("mentorbank.static").joinpath("editor").joinpath(name).read_bytes()


def page(backend: str, available: bool) -> str:
    """The HTML of ``redaktor/index.html``: Decap and the bank's format, or (``available`` false) only
    the notice that the editor is not installed on this site."""
    scripts = "".join(f'<script src="{src}"></script>\n' for src in SCRIPTS) if available else ""
    return _PAGE.format(
        backend=html.escape(backend), format=editor_config.FORMAT, id_field=editor_config.ID_FIELD, csp=CSP,
        hidden=" hidden" if available else "", notice=NOTICE_LOCAL if available else NOTICE_UNAVAILABLE,
        propose="../" + urls.PROPOSE, home="../", scripts=scripts)


def generate(catalogue: Catalogue, env: Env) -> Result:
    """``redaktor/index.html``, ``config.yml``, ``key-order.json``, the page's scripts and the vendored
    Decap CMS (``redaktor/decap/``) and js-yaml; only the page with its notice if they are not vendored."""
    root = Path(catalogue.bank.root)
    decap, jsyaml = root / VENDORED["decap"], root / VENDORED["js-yaml"]
    available = _vendored(decap / "decap-cms.js") and _vendored(jsyaml)
    settings = env.settings.editor
    files = {urls.EDITOR + "index.html": page(settings.backend, available).encode("utf-8"),
             urls.EDITOR + "editor.css": _static("editor.css")}
    if not available:
        return Result(files=files)
    config = editor_config.config(settings, env.site_url if env.site_url != "/" else "")
    files[urls.EDITOR + "config.yml"] = yaml.safe_dump(
        config, allow_unicode=True, sort_keys=False, width=1000).encode("utf-8")
    files[urls.EDITOR + "key-order.json"] = json.dumps(
        {t: editor_config.key_order(s) for t, s in SCHEMAS.items()}, ensure_ascii=False).encode("utf-8")
    for name in OWN_FILES:
        files[urls.EDITOR + name] = _static(name)
    files[urls.EDITOR + "js-yaml.min.js"] = jsyaml.read_bytes()
    for path in sorted(decap.iterdir()):
        if path.is_file():
            files[f"{urls.EDITOR}decap/{path.name}"] = path.read_bytes()
    return Result(files=files)
