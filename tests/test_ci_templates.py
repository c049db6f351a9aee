"""Security of the build itself: PR builds are read-only without secrets; deploys only from main."""

from __future__ import annotations

import yaml
from conftest import ROOT

WORKFLOWS = ROOT / ".github" / "workflows"


def _load(path):
    data = yaml.safe_load(path.read_text("utf-8"))
    # YAML 1.1 reads the key «on» as True.
    data["on"] = data.pop(True, data.get("on"))
    return data


def test_pull_request_workflow_is_read_only_and_secret_free():
    text = (WORKFLOWS / "pull-request.yml").read_text("utf-8")
    wf = _load(WORKFLOWS / "pull-request.yml")
    assert set(wf["on"]) == {"pull_request"}  # never pull_request_target: contributor code must not get secrets
    assert wf["permissions"] == {"contents": "read"}
    assert "secrets." not in text and "GITHUB_TOKEN" not in text
    for job in wf["jobs"].values():
        assert "permissions" not in job or job["permissions"] == {"contents": "read"}
        steps = job["steps"]
        checkout = next(s for s in steps if str(s.get("uses", "")).startswith("actions/checkout"))
        assert checkout["with"]["persist-credentials"] is False
        runs = " ".join(s.get("run", "") for s in steps)
        assert "mentorbank check --changed" in runs and "--format github" in runs
        assert "mkdocs build" in runs
        assert not any("deploy" in str(s.get("uses", "")) for s in steps)
        # The build cache is only read here (restored from main), never saved by contributor code.
        caches = [str(s.get("uses", "")) for s in steps if "cache" in str(s.get("uses", ""))]
        assert caches and all(c.startswith("actions/cache/restore@") for c in caches)


def test_deploy_workflow_runs_only_from_main():
    wf = _load(WORKFLOWS / "deploy.yml")
    assert wf["on"]["push"]["branches"] == ["main"]
    assert "pull_request" not in wf["on"] and "pull_request_target" not in wf["on"]
    assert wf["permissions"] == {"contents": "read"}
    assert wf["jobs"]["build"]["if"] == "github.ref == 'refs/heads/main'"
    assert wf["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    cache = next(s for s in wf["jobs"]["build"]["steps"] if str(s.get("uses", "")).startswith("actions/cache@"))
    assert cache["with"]["path"] == ".cache/mentorbank"


def test_gitlab_ci_has_check_and_main_only_pages():
    ci = yaml.safe_load((ROOT / ".gitlab-ci.yml").read_text("utf-8"))
    assert {"check", "pages"} <= set(ci)
    assert ci["check"]["rules"] == [{"if": '$CI_PIPELINE_SOURCE == "merge_request_event"'}]
    assert any("mentorbank check --changed" in s for s in ci["check"]["script"])
    assert ci["pages"]["rules"][0]["if"].startswith('$CI_COMMIT_BRANCH == "main"')
    assert ci["pages"]["artifacts"]["paths"] == ["public"]
    assert ci["check"]["cache"]["policy"] == "pull" and ci["pages"]["cache"]["policy"] == "pull-push"
    assert "secrets" not in (ROOT / ".gitlab-ci.yml").read_text("utf-8").lower()
