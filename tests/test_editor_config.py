"""The editor's config.yml is generated from the contract: every field of each JSON Schema is in the
form (a new schema field the form does not show fails the build of the config), vocabularies are
selects showing Russian labels and storing slugs, required fields and patterns come from the schema;
the site without the vendored Decap CMS says the editor is unavailable."""

from __future__ import annotations

import copy
import re
import shutil

import pytest
import yaml
from conftest import build_site, copy_repo

from mentorbank import editor_config
from mentorbank.schema import SCHEMAS, SLUG_PATTERN
from mentorbank.settings import EditorSettings, SettingsError, from_mapping
from mentorbank.vocab import vocabularies


def _paths(schema: dict, prefix: str = "") -> set[str]:
    """Every property path of a JSON Schema (lists of objects: their items' properties)."""
    out = set()
    for name, sub in schema.get("properties", {}).items():
        out.add(prefix + name)
        inner = sub.get("items", {}) if sub.get("type") == "array" else sub
        if inner.get("type") == "object":
            out |= _paths(inner, f"{prefix}{name}.")
    return out


def _form_paths(fields: list[dict], prefix: str = "") -> set[str]:
    out = set()
    for f in fields:
        out.add(prefix + f["name"])
        if "fields" in f:
            out |= _form_paths(f["fields"], f"{prefix}{f['name']}.")
    return out


def _config(**settings) -> dict:
    # the YAML round trip: what Decap reads is the generated text
    return yaml.safe_load(yaml.safe_dump(editor_config.config(EditorSettings(**settings)), allow_unicode=True))


def _collection(config: dict, name: str) -> dict:
    return next(c for c in config["collections"] if c["name"] == name)


def _by_path(fields: list[dict], path: str) -> dict:
    head, _, rest = path.partition(".")
    f = next(f for f in fields if f["name"] == head)
    return _by_path(f["fields"], rest) if rest else f


@pytest.mark.parametrize("record_type", sorted(SCHEMAS))
def test_the_form_shows_every_field_of_the_schema(record_type):
    fields = _collection(_config(), record_type)["fields"]
    assert _paths(SCHEMAS[record_type]) <= _form_paths(fields)
    # and nothing else than the schema, the file name and the body
    assert _form_paths(fields) - _paths(SCHEMAS[record_type]) == {"id", "body"}
    # in the contract's order
    assert [f["name"] for f in fields][1:-1] == list(SCHEMAS[record_type]["properties"])


def test_a_field_added_to_the_schema_without_wording_fails(monkeypatch):
    """A schema that gains a field the editor has no Russian label for cannot produce a config."""
    changed = copy.deepcopy(SCHEMAS["practice"])
    changed["properties"]["mentoring_hours"] = {"type": "integer", "minimum": 0}
    monkeypatch.setitem(SCHEMAS, "practice", changed)
    with pytest.raises(KeyError, match="mentoring_hours"):
        editor_config.config(EditorSettings())
    # nested too: a new field of a roadmap item
    changed = copy.deepcopy(SCHEMAS["organization"])
    changed["properties"]["roadmaps"]["items"]["properties"]["sections"]["items"]["properties"]["items"][
        "items"]["properties"]["budget"] = {"type": "string"}
    monkeypatch.setitem(SCHEMAS, "organization", changed)
    with pytest.raises(KeyError, match="budget"):
        editor_config.collection("organization")


def test_selects_store_slugs_and_show_russian_labels():
    practice = _collection(_config(), "practice")["fields"]
    forms = _by_path(practice, "forms")
    assert forms["widget"] == "select" and forms["multiple"] is True and forms["min"] == 1
    assert forms["options"] == [{"label": label, "value": slug} for slug, label in vocabularies()["form"].items()]
    assert {"label": "ученик – ученик", "value": "pupil-pupil"} in forms["options"]
    level = _by_path(practice, "level")
    assert level["widget"] == "select" and "multiple" not in level
    assert {"label": "муниципальный", "value": "municipal"} in level["options"]
    org = _collection(_config(), "organization")["fields"]
    status = _by_path(org, "roadmaps.sections.items.status")
    assert {"label": "выполнено", "value": "done"} in status["options"]
    assert _by_path(org, "region")["options"][0]["value"] == _by_path(org, "region")["options"][0]["label"]
    # every label of the form is Russian
    for path in _form_paths(practice):
        assert re.search("[А-Яа-яЁё]", _by_path(practice, path)["label"]), path


def test_required_patterns_dates_references_and_consent_follow_the_contract():
    config = _config()
    for record_type, schema in SCHEMAS.items():
        fields = _collection(config, record_type)["fields"]
        for name in schema["properties"]:
            assert _by_path(fields, name)["required"] is (name in schema["required"]), (record_type, name)
    practice = _collection(config, "practice")
    assert practice["slug"] == "{{fields.id}}" and practice["folder"] == "practices/practices"
    assert _by_path(practice["fields"], "id")["pattern"][0] == SLUG_PATTERN
    assert re.fullmatch(practice["fields"][0]["pattern"][0].replace("(?![\\s\\S])", "$"), "shkola-26")
    assert _by_path(practice["fields"], "title")["pattern"][0] == r"^[\s\S]{1,200}$"
    updated = _by_path(practice["fields"], "updated")
    assert (updated["widget"], updated["format"], updated["time_format"]) == ("datetime", "YYYY-MM-DD", False)
    org_ref = _by_path(practice["fields"], "organization")
    assert (org_ref["widget"], org_ref["collection"], org_ref["value_field"]) == ("relation", "organization",
                                                                                  "{{slug}}")
    authors = _by_path(practice["fields"], "authors")
    assert [f["name"] for f in authors["fields"]] == ["name", "position", "consent"]
    assert authors["fields"][2]["widget"] == "boolean" and "согласи" in authors["fields"][0]["hint"]
    # list items keep their required fields; an optional object's fields are optional until it is filled
    assert _by_path(_collection(config, "organization")["fields"], "roadmaps.sections.items.number")["required"]
    assert not _by_path(practice["fields"], "period.start")["required"]
    # attachments beside the record, in its files/ folder, up to the contract's 20 MB
    doc_file = _by_path(practice["fields"], "documents.file")
    assert doc_file["widget"] == "file" and doc_file["media_library"]["config"]["max_file_size"] == 20 * 2 ** 20
    assert (practice["media_folder"], practice["public_folder"]) == ("files", "files")


def test_backends_from_the_settings():
    local = _config()
    assert local["backend"]["name"] == "proxy" and local["local_backend"] == {"url": "http://127.0.0.1:8081/api/v1"}
    assert local["publish_mode"] == "editorial_workflow" and local["locale"] == "ru"
    assert "publish_mode" not in _config(editorial_workflow=False)
    github = _config(backend="github", repo="region/bank", base_url="https://oauth.example.ru")
    assert github["backend"]["open_authoring"] is True and github["publish_mode"] == "editorial_workflow"
    assert github["backend"]["base_url"] == "https://oauth.example.ru"
    gitlab = _config(backend="gitlab", repo="edu/bank", app_id="abc", api_root="https://git.example.ru/api/v4")
    assert (gitlab["backend"]["auth_type"], gitlab["backend"]["app_id"]) == ("pkce", "abc")
    with pytest.raises(SettingsError, match="editor.repo"):
        from_mapping({"editor": {"backend": "gitlab"}})
    with pytest.raises(SettingsError, match="editor.backend"):
        from_mapping({"editor": {"backend": "bitbucket"}})


def test_without_the_vendored_editor_the_page_says_it_is_unavailable(tmp_path):
    """A copy without editor/ (the site build needs no node): the page is there and says so."""
    root = copy_repo(tmp_path / "repo")
    shutil.rmtree(root / "editor")
    done = build_site(root, tmp_path / "site")
    assert done.returncode == 0, done.stdout + done.stderr
    page = (tmp_path / "site" / "redaktor" / "index.html").read_text("utf-8")
    assert "Редактор на этом сайте не установлен" in page and "<script" not in page
    assert not (tmp_path / "site" / "redaktor" / "decap").exists()


def test_the_home_page_and_every_catalogue_page_link_to_the_editor(sample_site):
    pages = [sample_site / "index.html", *sorted((sample_site / "katalog").rglob("index.html"))]
    assert len(pages) > 10
    missing = [str(p.relative_to(sample_site)) for p in pages
               if not re.search(r'href="(\.\./)*redaktor/"', p.read_text("utf-8"))]
    assert missing == []
    editor_page = (sample_site / "redaktor" / "index.html").read_text("utf-8")
    assert "script-src 'self'" in editor_page
    assert re.findall(r'<script src="([^"]+)"', editor_page) == [
        "before.js", "decap/decap-cms.js", "js-yaml.min.js", "editor.js"]
    assert len(list((sample_site / "redaktor" / "decap").iterdir())) == 99
