"""The editor (``redaktor/``) end to end, offline, in Debian's chromium: the built site of a copy of the
repository and decap-server (local backend, ``MODE=fs`` as ``make edit`` runs it) on 127.0.0.1; a
practice created through the form and an organisation's roadmap item edited through it are files that
``mentorbank check`` accepts unchanged, and a rebuilt site shows and finds them."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from conftest import ARTIFACTS, BUILD_DATE, ROOT, add_bank_settings, build_site, copy_repo, pagefind_query, serve

SERVER = ROOT / "editor" / "node_modules" / "decap-server" / "dist" / "index.js"
NEW_ID = "zvezdnye-nastavniki"
#: A word only the new practice's body has (found by Pagefind after the rebuild).
BODY_WORD = "звездолётчики"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _front_matter(path: Path) -> tuple[dict, str]:
    text = path.read_text("utf-8")
    _, head, body = text.split("---\n", 2)
    return yaml.safe_load(head), body


def _start(tmp: Path, mode: str):
    """Copy the repository into ``tmp``, build and serve its site, start decap-server in ``mode`` against
    the copy; return (repository, editor URL, stop())."""
    subprocess.run(["bash", str(ROOT / "scripts" / "ensure-editor")], check=True)
    repo = copy_repo(tmp / "repo")
    port = _free_port()
    add_bank_settings(repo, f"    editor:\n      local_url: http://127.0.0.1:{port}/api/v1\n")
    if mode == "git":  # as decap-server's git mode needs: a git user, non-ASCII paths, the real default branch
        for args in (["init", "-q", "-b", "main"], ["config", "user.name", "Редактор"],
                     ["config", "user.email", "editor@example.org"], ["config", "core.quotePath", "false"],
                     ["add", "-A"], ["commit", "-qm", "bank"]):
            subprocess.run(["git", *args], cwd=repo, check=True)
    site = tmp / "site"
    done = build_site(repo, site)
    assert done.returncode == 0, done.stdout + done.stderr
    url, http = serve(site)
    env = dict(os.environ, PORT=str(port), BIND_HOST="127.0.0.1", MODE=mode, GIT_REPO_DIRECTORY=str(repo))
    server = subprocess.Popen(["node", str(SERVER)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 30
    while time.time() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                break
        time.sleep(0.2)

    def stop():
        server.terminate()
        server.wait(10)
        http.shutdown()

    return repo, url + "redaktor/", stop


@pytest.fixture(scope="module")
def editor(tmp_path_factory):
    """(repository copy, editor URL): the built site served, decap-server (``MODE=fs``, as ``make edit``)."""
    repo, url, stop = _start(tmp_path_factory.mktemp("editor"), "fs")
    yield repo, url
    stop()


@pytest.fixture
def offline_page(browser):
    """A 1280 px page whose every request beyond 127.0.0.1 is refused and recorded."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ru-RU")
    outside: list[str] = []

    def route(r):
        if r.request.url.startswith(("http://127.0.0.1:", "data:", "blob:")):
            r.continue_()
        else:
            outside.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    pg = context.new_page()
    pg.outside = outside
    yield pg
    context.close()


def _login(pg, url: str) -> None:
    pg.goto(url)
    pg.get_by_role("button", name="Войти").click()
    pg.wait_for_selector("text=Практики", timeout=30_000)


def _choose(pg, field: str, text: str, nth: int = 0) -> None:
    """Pick the option ``text`` of the select or relation widget ``field`` (react-select)."""
    box = pg.locator(f'[id^="{field}-field-"]').nth(nth)
    box.click()
    box.fill(text)
    option = pg.locator('[class*="option"]', has_text=text).first
    option.wait_for(timeout=30_000)
    option.click()
    assert text.split(" ")[0] in box.locator("xpath=ancestor::div[contains(@class,'container')][1]").inner_text()


#: Run in the page: the form's validation messages («label: message»), to say why a save did not happen.
FORM_ERRORS = """() => [...document.querySelectorAll('[class*="ControlErrorsList"]')].map(
    e => (e.closest('[aria-label]') || e).querySelector('label')?.textContent + ': ' + e.textContent)"""


def _publish(pg) -> None:
    """«Опубликовать» → «Опубликовать сейчас» (decap-server MODE=fs has no editorial workflow)."""
    pg.get_by_role("button", name="Опубликовать").first.click()
    pg.get_by_text("Опубликовать сейчас").wait_for()
    pg.get_by_text("Опубликовать сейчас").click()
    pg.get_by_text("Опубликовано").first.wait_for(timeout=60_000)
    assert pg.evaluate(FORM_ERRORS) == []


def _wait_for(path: Path, condition=lambda p: p.is_file(), timeout: float = 60) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline and not condition(path):
        time.sleep(0.2)
    assert condition(path), path


def _check(repo: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, BANK_BUILD_DATE=BUILD_DATE, BANK_CACHE_DIR=str(repo / ".cache"))
    return subprocess.run([sys.executable, "-m", "mentorbank.cli", "check", "--root", str(repo)],
                          capture_output=True, text=True, env=env, cwd=repo)


def test_a_practice_created_in_the_form_is_checked_published_and_found(editor, offline_page):
    repo, url = editor
    pg = offline_page
    _login(pg, url)
    pg.goto(url + "#/collections/practice/new")
    pg.wait_for_selector('[id^="title-field-"]')
    pg.locator('[id^="id-field-"]').fill(NEW_ID)
    pg.locator('[id^="title-field-"]').first.fill("Звёздные наставники")
    pg.locator('[id^="summary-field-"]').fill("Старшеклассники ведут кружок астрономии для учеников 5–9 классов.")
    _choose(pg, "organization", "Пример")
    pg.locator('[id^="year-field-"]').first.fill("2026")
    _choose(pg, "forms", "ученик – ученик")
    _choose(pg, "forms", "учитель – учитель")
    _choose(pg, "audience", "обучающиеся 5–9 классов")
    pg.locator('[id^="goal-field-"]').fill("Увлечь младших школьников наукой через наставничество старших.")
    pg.locator('[id^="updated-field-"]').fill("2026-11-20")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    pg.screenshot(path=str(ARTIFACTS / "editor-practice-form-1280.png"))
    # the body in Markdown mode: a heading and a paragraph with a word nothing else in the bank has
    body = pg.locator('[aria-label="markdown field"]')
    body.get_by_role("switch").click()
    body.get_by_role("textbox").click()
    for n, line in enumerate(("## Описание", "", f"Юные {BODY_WORD} раз в неделю ведут занятия.")):
        if n:
            pg.keyboard.press("Enter")
        if line:
            pg.keyboard.insert_text(line)
    body.scroll_into_view_if_needed()
    pg.screenshot(path=str(ARTIFACTS / "editor-practice-body-1280.png"))
    _publish(pg)
    path = repo / "practices" / "practices" / f"{NEW_ID}.md"
    _wait_for(path)
    pg.wait_for_timeout(1000)
    pg.screenshot(path=str(ARTIFACTS / "editor-practice-saved-1280.png"))
    before = path.read_bytes()
    data, body_text = _front_matter(path)
    # the contract's key order, lists as lists, the id only as the file name
    assert list(data) == ["type", "title", "summary", "organization", "year", "forms", "audience", "goal",
                          "updated"]
    assert data["forms"] == ["pupil-pupil", "teacher-teacher"] and data["audience"] == ["pupils-5-9"]
    assert data["year"] == 2026 and "id" not in data
    assert "updated: 2026-11-20\n" in path.read_text("utf-8")
    assert body_text.startswith("## Описание\n")
    done = _check(repo)
    assert done.returncode == 0, done.stdout + done.stderr
    assert path.read_bytes() == before
    assert pg.outside == []
    site = repo.parent / "site2"
    built = build_site(repo, site)
    assert built.returncode == 0, built.stdout + built.stderr
    page_html = (site / "praktiki" / NEW_ID / "index.html").read_text("utf-8")
    assert "Звёздные наставники" in page_html and BODY_WORD in page_html
    url2, http = serve(site)
    try:
        found = pagefind_query(pg, url2, BODY_WORD)
    finally:
        http.shutdown()
    assert [r["url"] for r in found] == [f"/praktiki/{NEW_ID}/"]


def test_a_roadmap_item_edited_in_the_form_keeps_the_rest_of_the_profile(editor, offline_page):
    repo, url = editor
    pg = offline_page
    path = repo / "content" / "organizations" / "tulun-primer-shkola.md"
    old, old_body = _front_matter(path)
    _login(pg, url)
    pg.goto(url + "#/collections/organization/entries/tulun-primer-shkola")
    pg.wait_for_selector('[id^="status-field-"]')
    # the third item of the roadmap («3»: no status yet) is done
    _choose(pg, "status", "выполнено", nth=2)
    pg.locator('[id^="done_on-field-"]').nth(2).fill("2026-01-28")
    pg.locator('[id^="status-field-"]').nth(2).scroll_into_view_if_needed()
    pg.screenshot(path=str(ARTIFACTS / "editor-roadmap-item-1280.png"))
    stamp = path.stat().st_mtime_ns
    _publish(pg)
    _wait_for(path, lambda p: p.stat().st_mtime_ns != stamp)
    pg.wait_for_timeout(500)
    new, new_body = _front_matter(path)
    item = new["roadmaps"][0]["sections"][1]["items"][0]
    assert item["number"] == "3" and item["status"] == "done" and str(item["done_on"]) == "2026-01-28"
    assert list(item) == ["number", "activity", "deadline", "due", "responsible", "status", "done_on"]
    del item["status"], item["done_on"]
    assert new == old and new_body == old_body
    done = _check(repo)
    assert done.returncode == 0, done.stdout + done.stderr
    assert pg.outside == []


def test_the_editorial_workflow_sends_a_practice_for_review(tmp_path, offline_page):
    """With a backend that has the editorial workflow (decap-server ``MODE=git`` here; GitHub and GitLab
    on a published bank) a saved record is a branch of its own, and «На рассмотрении» marks it for
    review — on GitHub/GitLab that is the pull (merge) request; the main branch is not touched."""
    repo, url, stop = _start(tmp_path, "git")
    pg = offline_page
    try:
        _login(pg, url)
        pg.goto(url + "#/collections/practice/new")
        pg.wait_for_selector('[id^="title-field-"]')
        pg.locator('[id^="id-field-"]').fill("klub-yunyh-nastavnikov")
        pg.locator('[id^="title-field-"]').first.fill("Клуб юных наставников")
        pg.locator('[id^="summary-field-"]').fill("Ученики 10–11 классов помогают пятиклассникам освоиться.")
        _choose(pg, "organization", "Пример")
        pg.locator('[id^="year-field-"]').first.fill("2026")
        _choose(pg, "forms", "ученик – ученик")
        _choose(pg, "audience", "обучающиеся 5–9 классов")
        pg.locator('[id^="goal-field-"]').fill("Помочь пятиклассникам освоиться в основной школе.")
        pg.locator('[id^="updated-field-"]').fill("2026-11-20")
        body = pg.locator('[aria-label="markdown field"]')
        body.get_by_role("textbox").click()
        pg.keyboard.insert_text("Старшие встречаются с пятиклассниками каждую пятницу.")
        pg.locator('[id^="id-field-"]').scroll_into_view_if_needed()
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        pg.screenshot(path=str(ARTIFACTS / "editor-workflow-form-1280.png"))
        pg.get_by_role("button", name="Сохранить").click()
        pg.get_by_text("Запись сохранена").first.wait_for(timeout=60_000)
        assert pg.evaluate(FORM_ERRORS) == []
        # decap-server (MODE=git) answers one request at a time with a 3 s timeout: on a busy machine the
        # reload of the saved draft can time out; open the draft again, as a person would.
        for _attempt in range(4):
            try:
                pg.get_by_text("Cтатус: Черновик").wait_for(timeout=20_000)
                break
            except Exception:  # noqa: BLE001 — playwright's TimeoutError: reload the draft
                pg.goto(url + "#/collections/practice/entries/klub-yunyh-nastavnikov")
        pg.locator('[id^="title-field-"]').first.scroll_into_view_if_needed()
        pg.get_by_text("Cтатус: Черновик").click()
        pg.wait_for_timeout(300)
        pg.screenshot(path=str(ARTIFACTS / "editor-workflow-status-1280.png"))
        pg.get_by_text("На рассмотрении").first.click()
        branch = "cms/practice/klub-yunyh-nastavnikov"
        git = lambda *a: subprocess.run(["git", *a], cwd=repo, capture_output=True, text=True)  # noqa: E731
        deadline = time.time() + 30
        while time.time() < deadline and "pending_review" not in git("config", f"branch.{branch}.description").stdout:
            time.sleep(0.3)
        assert git("config", f"branch.{branch}.description").stdout.strip() == "decap-cms/pending_review"
        text = git("show", f"{branch}:practices/practices/klub-yunyh-nastavnikov.md").stdout
        assert text.startswith("---\ntype: practice\ntitle: Клуб юных наставников\n")
        assert not (repo / "practices" / "practices" / "klub-yunyh-nastavnikov.md").exists()
        assert git("branch", "--show-current").stdout.strip() == "main"
        # what CI checks in the request: the branch's files
        subprocess.run(["git", "checkout", "-q", branch], cwd=repo, check=True)
        done = _check(repo)
        assert done.returncode == 0, done.stdout + done.stderr
        assert pg.outside == []
    finally:
        stop()
