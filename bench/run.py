"""Benchmark of a national-scale bank (README, «Производительность»). Not a test: run it by hand,
paste its table into README.

    .venv/bin/python bench/run.py --sizes 1000 10000 --runs 3

For each N it generates a valid synthetic bank (``bench/synth.py``) under ``bench/out/N/`` and measures,
``--runs`` times each, interleaved so that a noisy machine affects both sides alike:

- ``mentorbank check`` of the whole bank (wall time, peak memory), with the cache of the previous build
  and once with an empty cache (a pull request's CI without a restored cache);
- the full build with the search index (``mkdocs build`` with the hooks, then Pagefind): once with an
  empty cache (``cold``) and ``--runs`` times with the cache of the previous build (``warm``);
- the baseline: the same Markdown files built by plain MkDocs + Material (``bench/baseline/mkdocs.yml``,
  no hooks, records out of the nav), then the Pagefind CLI over its output;
- the peer a user would pick instead: Hugo (Debian package ``hugo``: ``apt-get install -y hugo``) over the
  same Markdown with a minimal layout (``bench/hugo/``, the whole text marked for search), then the
  Pagefind CLI; skipped with a message when ``hugo`` is not installed;
- a one-record change: one practice's body edited, then ``mkdocs build`` with the cache over the previous
  output (``--runs`` times, median);
- the live-reload rebuild: ``mkdocs serve`` is started once, one practice's body is edited ``--runs``
  times, each time from the write to MkDocs' «Reloading browsers» (the page is then fetched and must
  show the edit);
- output size (total, average and largest record page, largest page);
- bytes a browser downloads for the first search query of a common word (chromium via Playwright on
  the search page, every response under ``/pagefind/``).

Bodies of the synthetic bank (``--vocabulary``): ``realistic`` (default; words by their real frequency
in Russian, ``wordfreq`` from the ``bench`` extra: ``pip install -e ".[bench]"``) or ``simple`` (16
repeated sentences, as the figures before issue 16). ``--sizes`` takes any N (30000 and 100000 for the
national scale: one run each is enough, ``--runs 1``).

``--skip`` leaves measurements out (``check``, ``peers``: the baseline and Hugo, ``warm``, ``serve``): beyond
N = 10,000 the peers' single Pagefind index over the whole text needs more memory than a CI runner has
(4.5 GB at 10,000). ``--queries`` names the words of the first-query measurement (default: «наставник»,
in nearly every record, and «реверсивное», in a few); ``--reuse`` takes a bank the same generator made
before in the output folder instead of generating it again (90 s at 100,000).

Peak memory is the largest resident set of the process tree, sampled every 50 ms from /proc (not the
``wait4`` rusage: Linux carries the parent's peak into a forked child). Results go to ``bench/out/results.json``
and a Markdown table on stdout.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import hashlib
import http.server
import io
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
from synth import generate  # noqa: E402

#: What a site build needs from the repository (as tests/conftest.py).
SITE_PARTS = ("mkdocs.yml", "content", "practices", "overrides", "hooks", "macros")
BUILD_DATE = "2026-11-21"
TYPE_FOLDERS = {"practice": "praktiki", "winner": "pobediteli", "event": "meropriyatiya",
                "organization": "organizacii"}
RECORD_DIRS = tuple(TYPE_FOLDERS.values())
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
#: The practice whose body the live-reload measurement edits.
EDITED = "practices/practices/synth-praktika-000007.md"
QUERY = "наставник"
#: Words of the first-query measurement: one in nearly every record, one in a few of them.
QUERIES = (QUERY, "реверсивное")
#: Measurements ``--skip`` can leave out (``peers``: MkDocs + Material and Hugo, each with Pagefind
#: over the whole text in one index — beyond N = 10,000 one index needs more memory than a CI runner).
SKIPPABLE = ("check", "peers", "warm", "serve")
#: The file of a generated bank that says how it was made (``--reuse``).
MARKER = ".synth.json"
PAGE = os.sysconf("SC_PAGE_SIZE")


def env() -> dict[str, str]:
    return dict(os.environ, BANK_BUILD_DATE=BUILD_DATE, NO_MKDOCS_2_WARNING="1", PYTHONUNBUFFERED="1")


# ----- measuring a process -------------------------------------------------------------------------
def _tree_rss(pid: int) -> int:
    """Resident bytes of ``pid`` and all its descendants."""
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as fh:
                ppid = int(fh.read().rsplit(b")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(entry.name))
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        todo.extend(children.get(p, []))
        try:
            with open(f"/proc/{p}/statm", "rb") as fh:
                total += int(fh.read().split()[1]) * PAGE
        except (OSError, IndexError, ValueError):
            pass
    return total


def _rss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm", "rb") as fh:
            return int(fh.read().split()[1]) * PAGE
    except (OSError, IndexError, ValueError):
        return 0


def measure(cmd: list[str], cwd: Path, log: Path, extra_env: dict[str, str] | None = None) -> dict:
    """Run ``cmd``; return {"s": wall seconds, "peak_mb": peak RSS of the tree in MB, "main_peak_mb": peak RSS
    of the started process alone (the Python side of a build), "rc": exit code}."""
    with open(log, "wb") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=env() | (extra_env or {}), stdout=out, stderr=subprocess.STDOUT)
        peak, main_peak, done = 0, 0, threading.Event()

        def sample():
            nonlocal peak, main_peak
            while not done.is_set():
                peak = max(peak, _tree_rss(proc.pid))
                main_peak = max(main_peak, _rss(proc.pid))
                done.wait(0.05)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _, status, _usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        done.set()
        sampler.join()
    # Not ``usage.ru_maxrss``: Linux carries the parent's peak into a forked child, so every measured
    # command would report at least this script's own memory (≈ 170 MB once Playwright has run).
    if proc.returncode != 0:
        sys.exit(f"{' '.join(cmd)} завершилась с кодом {proc.returncode}; журнал: {log}\n"
                 + log.read_text("utf-8", "replace")[-3000:])
    return {"s": round(wall, 3), "peak_mb": round(peak / 2**20, 1), "main_peak_mb": round(main_peak / 2**20, 1),
            "rc": proc.returncode}


# ----- preparing the banks -------------------------------------------------------------------------
def make_bank(n: int, out: Path, vocabulary: str = "realistic") -> tuple[Path, Path, dict]:
    """Write our bank (``out/bank``) and the baseline tree (``out/baseline``); return both and counts."""
    bank, base = out / "bank", out / "baseline"
    shutil.rmtree(out, ignore_errors=True)
    bank.mkdir(parents=True)
    for part in SITE_PARTS:
        src = ROOT / part
        (shutil.copytree if src.is_dir() else shutil.copy2)(src, bank / part)
    counts = generate(bank, n, vocabulary=vocabulary)
    docs = base / "docs"
    docs.mkdir(parents=True)
    shutil.copy2(HERE / "baseline" / "mkdocs.yml", base / "mkdocs.yml")
    (docs / "index.md").write_text("# Банк практик наставничества\n\nБазовая сборка для сравнения.\n", "utf-8")
    for folder in ("practices", "content/organizations"):
        for md in sorted((bank / folder).rglob("*.md")):
            found = re.search(r"^type:\s*(\w+)", md.read_text("utf-8"), re.M)
            if found and found[1] in TYPE_FOLDERS and md.name.lower() != "readme.md":
                target = docs / TYPE_FOLDERS[found[1]] / md.name
                target.parent.mkdir(exist_ok=True)
                shutil.copyfile(md, target)
    (bank / MARKER).write_text(json.dumps(_bank_identity(n, vocabulary) | {"counts": counts}), "utf-8")
    return bank, base, counts


def _bank_identity(n: int, vocabulary: str) -> dict:
    """What a generated bank depends on: N, the vocabulary and the generator's code."""
    code = hashlib.sha256((HERE / "synth.py").read_bytes()).hexdigest()
    return {"n": n, "vocabulary": vocabulary, "synth": code}


def reuse_bank(n: int, out: Path, vocabulary: str) -> Path | None:
    """``out/bank`` if ``make_bank`` made it for the same N, vocabulary and generator (``--reuse``), with
    the repository's current site files copied over it and its output and cache removed; else None."""
    bank = out / "bank"
    try:
        stored = json.loads((bank / MARKER).read_text("utf-8"))
    except (OSError, ValueError):
        return None
    if {k: stored.get(k) for k in ("n", "vocabulary", "synth")} != _bank_identity(n, vocabulary):
        return None
    for part in SITE_PARTS:
        src, dst = ROOT / part, bank / part
        if src.is_dir():
            shutil.copytree(src, dst, dirs_exist_ok=True)
        else:
            shutil.copy2(src, dst)
    shutil.rmtree(bank / "site", ignore_errors=True)
    shutil.rmtree(bank / ".cache", ignore_errors=True)
    edited = bank / EDITED
    text = edited.read_text("utf-8")
    edited.write_text(text.split("\nПравка ")[0] if "\nПравка " in text else text, "utf-8")
    return bank


def pagefind(site: Path) -> list[str]:
    return [sys.executable, "-m", "pagefind", "--site", str(site), "--force-language", "ru", "--quiet"]


def build_baseline(base: Path, log: Path) -> dict:
    """Plain MkDocs + Material, then Pagefind: one measured shell command, like a CI step."""
    site = base / "site"
    shutil.rmtree(site, ignore_errors=True)
    mkdocs = f"{sys.executable} -m mkdocs build -q -f {base / 'mkdocs.yml'} -d {site}"
    return measure(["sh", "-c", f"{mkdocs} && {' '.join(pagefind(site))}"], base, log)


HUGO = HERE / "hugo"


def build_hugo(base: Path, log: Path) -> dict | None:
    """Hugo over the baseline's Markdown (``base/docs``) with the layout of ``bench/hugo``, then Pagefind
    over the whole text: one measured shell command. None (and a message) when hugo is not installed."""
    if shutil.which("hugo") is None:
        print("hugo не установлен: apt-get install -y hugo (сравнение с Hugo пропущено)", file=sys.stderr)
        return None
    site = base / "hugo"
    shutil.rmtree(site, ignore_errors=True)
    shutil.copytree(HUGO, site)
    content = site / "content"
    shutil.copytree(base / "docs", content, dirs_exist_ok=True)
    (content / "index.md").unlink(missing_ok=True)
    public = site / "public"
    hugo = f"hugo --quiet --source {site} --destination {public}"
    return measure(["sh", "-c", f"{hugo} && {' '.join(pagefind(public))}"], site, log)


def build_ours(bank: Path, log: Path, cold: bool) -> dict:
    site = bank / "site"
    shutil.rmtree(site, ignore_errors=True)
    if cold:
        shutil.rmtree(bank / ".cache", ignore_errors=True)
    return measure([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(bank / "mkdocs.yml"), "-d", str(site)],
                   bank, log)


def edit_builds(bank: Path, runs: int, log_dir: Path) -> list[dict]:
    """One practice's body edited, then ``mkdocs build`` with the cache of the previous build, ``runs``
    times: what a maintainer waits for after changing one record (the previous output stays in place,
    as on their machine; MkDocs empties it first)."""
    edited = bank / EDITED
    out = []
    for i in range(runs):
        edited.write_text(edited.read_text("utf-8") + f"\nПравка {i} для замера сборки с кешем.\n", "utf-8")
        out.append(measure([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(bank / "mkdocs.yml"),
                            "-d", str(bank / "site")], bank, log_dir / f"build-edit-{i}.log"))
    return out


# ----- live reload ---------------------------------------------------------------------------------
def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rebuilds(bank: Path, runs: int, log: Path) -> list[float]:
    """Start ``mkdocs serve``, edit one practice ``runs`` times; return seconds from write to reload."""
    port = _free_port()
    lines: list[tuple[float, str]] = []
    cmd = [sys.executable, "-m", "mkdocs", "serve", "-f", str(bank / "mkdocs.yml"), "--dev-addr", f"127.0.0.1:{port}"]
    proc = subprocess.Popen(cmd, cwd=bank, env=env(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)

    def read():
        with open(log, "w") as out:
            for line in proc.stdout:
                lines.append((time.perf_counter(), line))
                out.write(line)
                out.flush()

    threading.Thread(target=read, daemon=True).start()

    def wait_for(pattern: str, after: float, timeout: float) -> float:
        end = time.perf_counter() + timeout
        while time.perf_counter() < end:
            for t, line in list(lines):
                if t >= after and pattern in line:
                    return t
            if proc.poll() is not None:
                raise RuntimeError(f"mkdocs serve завершился; журнал: {log}")
            time.sleep(0.02)
        raise RuntimeError(f"не дождались «{pattern}» за {timeout} с; журнал: {log}")

    out: list[float] = []
    try:
        wait_for("Serving on", 0, 3600)
        time.sleep(2)
        edited = bank / EDITED
        for i in range(runs):
            marker = f"Правка {i} для замера пересборки"
            text = edited.read_text("utf-8")
            t0 = time.perf_counter()
            edited.write_text(text + f"\n{marker}.\n", "utf-8")
            t1 = wait_for("Reloading browsers", t0, 600)
            out.append(round(t1 - t0, 3))
            url = f"http://127.0.0.1:{port}/praktiki/{Path(EDITED).stem}/"
            page = urllib.request.urlopen(url, timeout=30).read().decode("utf-8")
            if marker not in page:
                raise RuntimeError(f"после пересборки на {url} нет правки «{marker}»")
            time.sleep(2)
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
    return out


# ----- output ----------------------------------------------------------------------------------------
def sizes(site: Path) -> dict:
    """Total output bytes, record pages (count, average, largest) and the largest HTML page."""
    total = sum(f.stat().st_size for f in site.rglob("*") if f.is_file())
    records = [f.stat().st_size for d in RECORD_DIRS for f in (site / d).glob("*/index.html")]
    pages = sorted(((f.stat().st_size, f.relative_to(site).as_posix()) for f in site.rglob("*.html")), reverse=True)
    index = sum(f.stat().st_size for f in (site / "pagefind").rglob("*") if f.is_file())
    return {"total_mb": round(total / 1e6, 1), "pagefind_mb": round(index / 1e6, 1), "html_pages": len(pages),
            "record_pages": len(records), "record_avg_kb": round(sum(records) / len(records) / 1e3, 1),
            "record_max_kb": round(max(records) / 1e3, 1), "largest_kb": round(pages[0][0] / 1e3, 1),
            "largest": pages[0][1]}


class _Static(http.server.SimpleHTTPRequestHandler):
    """A static host as GitHub Pages or nginx: text files go gzip-compressed when the browser accepts it
    (Pagefind's index, fragments and wasm are compressed by Pagefind itself and go as they are)."""

    TEXT = (".html", ".js", ".css", ".json", ".svg", ".xml")

    def log_message(self, *args):  # noqa: D102
        pass

    def send_head(self):  # noqa: D102
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if (path.suffix not in self.TEXT or not path.is_file()
                or "gzip" not in self.headers.get("Accept-Encoding", "")):
            return super().send_head()
        data = gzip.compress(path.read_bytes(), 6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        return io.BytesIO(data)


def first_query(site: Path, term: str = QUERY) -> dict:
    """Bytes transferred (body as sent, gzip for text, plus headers) for every file under /pagefind/ that
    chromium fetches for the first query on the search page (our UI over the Pagefind JS API, 10 results a page)."""
    from playwright.sync_api import sync_playwright

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Static, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    fetched: list[tuple[str, int]] = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_context().new_page()

            def on_finished(req):
                if "/pagefind/" in req.url:
                    sizes = req.sizes()
                    fetched.append((req.url.split("/pagefind/", 1)[1].split("?")[0],
                                    sizes["responseBodySize"] + sizes["responseHeadersSize"]))

            page.on("requestfinished", on_finished)
            page.goto(base + "poisk/?q=" + urllib.request.quote(term))
            page.wait_for_selector(".bank-search__result", timeout=60000)
            page.wait_for_load_state("networkidle")
            time.sleep(1)
            results = page.locator(".bank-search__result").count()
            status = page.locator(".bank-search__status").first.inner_text() if page.locator(
                ".bank-search__status").count() else ""
            browser.close()
    finally:
        server.shutdown()
    kinds: dict[str, int] = {}
    parts = set()
    for name, size in fetched:
        if name.startswith("shard/"):  # a merged part of the index: pagefind/shard/<part>/…
            _, part, name = name.split("/", 2)
            parts.add(part)
        kind = name.split("/", 1)[0] if "/" in name else name.rsplit(".", 1)[-1]
        kinds[kind] = kinds.get(kind, 0) + size
    found = re.search(r"Найдено:\s*([\d\s\u00a0]+)", status)
    return {"kb": round(sum(s for _, s in fetched) / 1e3, 1), "files": len(fetched), "results_shown": results,
            "found": int(re.sub(r"\D", "", found[1])) if found else None,
            "parts": len(parts) + 1, "by_kind_kb": {k: round(v / 1e3, 1) for k, v in sorted(kinds.items())}}


# ----- the run -------------------------------------------------------------------------------------
def med(items: list[dict], key: str = "s") -> float:
    return round(statistics.median(x[key] for x in items), 2)


def bench(n: int, runs: int, out: Path, vocabulary: str = "realistic", skip: frozenset[str] = frozenset(),
          queries: tuple[str, ...] = QUERIES, reuse: bool = False) -> dict:
    """Every measurement for one N (see the module docstring) but those named in ``skip`` (``SKIPPABLE``)."""
    say = functools.partial(print, f"[N={n}]", file=sys.stderr, flush=True)
    logs = out / "logs"
    t = time.perf_counter()
    bank = reuse_bank(n, out, vocabulary) if reuse else None
    if bank is None:
        bank, base, counts = make_bank(n, out, vocabulary)
        say(f"банк сгенерирован за {time.perf_counter() - t:.0f} с: {counts}")
    else:
        base, counts = out / "baseline", json.loads((bank / MARKER).read_text("utf-8"))["counts"]
        say(f"банк взят готовым: {counts}")
    shutil.rmtree(logs, ignore_errors=True)
    logs.mkdir()
    res: dict = {"n": n, "counts": counts, "records": sum(counts.values()), "runs": runs, "skipped": sorted(skip),
                 "vocabulary": vocabulary, "check": [], "baseline": [], "warm": [], "hugo": []}
    res["cold"] = build_ours(bank, logs / "build-cold.log", cold=True)
    say(f"сборка с пустым кешем: {res['cold']}")
    res["sizes"] = sizes(bank / "site")
    res["queries"] = {term: first_query(bank / "site", term) for term in queries}
    res["first_query"] = res["queries"].get(QUERY) or next(iter(res["queries"].values()))
    say(f"размеры: {res['sizes']}; первые запросы: {res['queries']}")
    for i in range(runs):
        if "check" not in skip:
            res["check"].append(measure([str(Path(sys.executable).with_name("mentorbank")), "check"], bank,
                                        logs / f"check-{i}.log"))
        if "peers" not in skip:
            res["baseline"].append(build_baseline(base, logs / f"baseline-{i}.log"))
        if "warm" not in skip:
            res["warm"].append(build_ours(bank, logs / f"build-{i}.log", cold=False))
        if "peers" not in skip:
            hugo = build_hugo(base, logs / f"hugo-{i}.log")
            if hugo is not None:
                res["hugo"].append(hugo)
            say(f"Hugo + Pagefind: {hugo}")
        say(f"прогон {i + 1}: check {res['check'][-1:]}, база {res['baseline'][-1:]}, сборка {res['warm'][-1:]}")
    if "warm" not in skip:
        res["edit_build"] = edit_builds(bank, runs, logs)
    if "check" not in skip:
        with tempfile.TemporaryDirectory() as empty:  # a pull request's CI without a saved cache
            res["check_cold"] = measure([str(Path(sys.executable).with_name("mentorbank")), "check"], bank,
                                        logs / "check-cold.log", {"BANK_CACHE_DIR": empty})
        say(f"check с пустым кешем: {res['check_cold']}")
    if "serve" not in skip:
        res["rebuild"] = rebuilds(bank, runs, logs / "serve.log")
        say(f"пересборки: {res['rebuild']}")
    if res["baseline"]:
        if res["warm"]:
            res["ratio_warm"] = round(med(res["warm"]) / med(res["baseline"]), 2)
        res["ratio_cold"] = round(res["cold"]["s"] / med(res["baseline"]), 2)
    return res


def fmt(x: float) -> str:
    return f"{x:,.1f}".replace(",", " ").replace(".", ",")


def _or_dash(get):
    """``get`` for a table cell, «—» where the measurement was skipped (``--skip``)."""
    def cell(r: dict) -> str:
        try:
            return get(r)
        except (KeyError, ValueError, statistics.StatisticsError, TypeError):
            return "—"
    return cell


def _query_cell(r: dict, term: str) -> str:
    q = (r.get("queries") or {}).get(term) or (r["first_query"] if term == QUERY else None)
    if q is None:
        return "—"
    found = f"; найдено {q['found']}" if q.get("found") is not None else ""
    return f"{fmt(q['kb'])} ({q['files']}{found})"


def table(results: list[dict]) -> str:
    """The README table (Russian), one column per N; «—» for what was not measured (``--skip``)."""
    terms = list(dict.fromkeys(t for r in results for t in (r.get("queries") or {QUERY: None})))
    rows = [
        ("Записей (практик / победителей / мероприятий / организаций)",
         lambda r: f"{r['records']} ({r['counts']['practice']}/{r['counts']['winner']}/{r['counts']['event']}/"
                   f"{r['counts']['organization']})"),
        ("`mentorbank check`, медиана, с (цель ≤ 3 с при 10 000)", lambda r: fmt(med(r["check"]))),
        ("`mentorbank check` с пустым кешем (1 запуск), с",
         lambda r: fmt(r["check_cold"]["s"]) if "check_cold" in r else "—"),
        ("Сборка с индексом, кеш прошлой сборки, медиана, с", lambda r: fmt(med(r["warm"]))),
        ("Сборка с индексом, пустой кеш (1 запуск), с", lambda r: fmt(r["cold"]["s"])),
        ("Сборка с кешем после правки одной практики, медиана, с (цель ≤ 10 с при 10 000)",
         lambda r: fmt(med(r["edit_build"])) if r.get("edit_build") else "—"),
        ("База: MkDocs + Material без хуков, затем Pagefind, медиана, с", lambda r: fmt(med(r["baseline"]))),
        ("Hugo + Pagefind по тем же Markdown-файлам, весь текст в индексе, медиана, с",
         lambda r: fmt(med(r["hugo"])) if r.get("hugo") else "—"),
        ("Пик памяти Hugo + Pagefind, МБ",
         lambda r: fmt(max(x["peak_mb"] for x in r["hugo"])) if r.get("hugo") else "—"),
        ("Отношение к базе (цель ≤ 0,6): с кешем / с пустым кешем",
         lambda r: f"{r.get('ratio_warm', float('nan')):.2f} / {r['ratio_cold']:.2f}".replace(".", ",")
         .replace("nan", "—")),
        ("Пересборка в `mkdocs serve` после правки одной практики, медиана, с (цель ≤ 3 с)",
         lambda r: fmt(statistics.median(r["rebuild"]))),
        ("Пик памяти сборки, МБ (цель ≤ 2048)", lambda r: fmt(max(x["peak_mb"] for x in r["warm"] + [r["cold"]]))),
        ("Пик памяти процесса MkDocs (сторона Python), МБ",
         lambda r: fmt(max(x.get("main_peak_mb", 0) for x in r["warm"] + [r["cold"]]))),
        ("Пик памяти `check`, МБ", lambda r: fmt(max(x["peak_mb"] for x in r["check"]))),
        ("Пик памяти базы, МБ", lambda r: fmt(max(x["peak_mb"] for x in r["baseline"]))),
        ("Размер сайта, МБ (из них индекс Pagefind)",
         lambda r: f"{fmt(r['sizes']['total_mb'])} ({fmt(r['sizes']['pagefind_mb'])})"),
        ("Страница записи: в среднем / наибольшая, КБ (цель ≤ 40 в среднем)",
         lambda r: f"{fmt(r['sizes']['record_avg_kb'])} / {fmt(r['sizes']['record_max_kb'])}"),
        ("Самая большая страница, КБ (цель ≤ 500)",
         lambda r: f"{fmt(r['sizes']['largest_kb'])} (`{r['sizes']['largest']}`)"),
    ] + [(f"Первый запрос «{term}»: загружено из /pagefind/, КБ (файлов; записей найдено)",
           lambda r, term=term: _query_cell(r, term)) for term in terms]
    head = "| | " + " | ".join(f"N = {r['n']:,}".replace(",", " ") for r in results) + " |"
    lines = [head, "|---|" + "---:|" * len(results)]
    lines += [f"| {name} | " + " | ".join(_or_dash(get)(r) for r in results) + " |" for name, get in rows]
    if len(results) >= 2 and results[0]["warm"] and results[-1]["warm"]:
        small, large = results[0], results[-1]
        grow = med(large["warm"]) / med(small["warm"])
        grow_cold = large["cold"]["s"] / small["cold"]["s"]
        lines.append("")
        limit = 1.1 * large["n"] / small["n"]
        lines.append(f"Рост времени сборки от N = {small['n']} к N = {large['n']}: с кешем ×{fmt(grow)}, "
                     f"с пустым кешем ×{fmt(grow_cold)} (цель ≤ ×{fmt(limit)}).")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000], help="числа практик N")
    parser.add_argument("--runs", type=int, default=3, help="запусков каждого замера")
    parser.add_argument("--vocabulary", choices=("realistic", "simple"), default="realistic",
                        help="тексты записей: слова по частоте в русском языке (wordfreq) или 16 предложений")
    parser.add_argument("--out", type=Path, default=HERE / "out", help="папка для банков, сайтов и журналов")
    parser.add_argument("--table-only", action="store_true", help="только напечатать таблицу из results.json")
    parser.add_argument("--skip", nargs="*", choices=SKIPPABLE, default=[],
                        help="не измерять: check, peers (база и Hugo), warm (сборки с кешем), serve (пересборка)")
    parser.add_argument("--queries", nargs="+", default=list(QUERIES), help="слова первого запроса")
    parser.add_argument("--reuse", action="store_true",
                        help="взять банк, уже сгенерированный в папке вывода тем же генератором")
    args = parser.parse_args(argv)
    results_file = args.out / "results.json"
    if args.table_only:
        print(table(json.loads(results_file.read_text("utf-8"))))
        return 0
    results = []
    for n in args.sizes:
        results.append(bench(n, args.runs, args.out / str(n), args.vocabulary, frozenset(args.skip),
                             tuple(args.queries), args.reuse))
        args.out.mkdir(parents=True, exist_ok=True)
        results_file.write_text(json.dumps(results, ensure_ascii=False, indent=1), "utf-8")
    skip = f" --skip {' '.join(args.skip)}" if args.skip else ""
    print(f"Команда: .venv/bin/python bench/run.py --sizes {' '.join(map(str, args.sizes))} --runs {args.runs} "
          f"--vocabulary {args.vocabulary}{skip}\n")
    print(table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
