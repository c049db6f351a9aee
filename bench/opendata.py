"""What the open data outputs cost on a synthetic bank (README, «Открытые данные»).

    .venv/bin/python bench/opendata.py 10000 --out <folder outside the repository>

Writes the synthetic bank of ``synth.generate`` (unless the folder holds one), loads it, computes every
organisation's subordinates first (the tabs do it in a build; the open data publish bodies as Markdown
and render none) and then times the three open data outputs over
the catalogue, the largest files, the growth of the process's peak memory, and a body-only rebuild
(``regenerate`` after one practice's text changed, as in ``mkdocs serve``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import resource
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from synth import bank_once  # noqa: E402

from mentorbank import settings  # noqa: E402
from mentorbank.bank import load_bank  # noqa: E402
from mentorbank.catalogue import Catalogue  # noqa: E402
from mentorbank.outputs import opendata_json, opendata_page, opendata_tables  # noqa: E402
from mentorbank.render import Env  # noqa: E402

SITE_URL = "https://mentorbank.example/"


def _size(data) -> int:
    """Bytes of a file of ``Result.files`` (bytes, or a file the output wrote)."""
    return len(data) if isinstance(data, bytes) else data.stat().st_size


def main(argv: list[str] | None = None) -> int:
    """Run the measurement; print one line per output and the rebuild."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    root = args.out / f"bank-{args.n}"
    bank_once(root, args.n)
    bank = load_bank(root, dt.date(2026, 11, 21))
    catalogue = Catalogue(bank)
    env = Env(catalogue, settings.Settings(), SITE_URL)
    for org in catalogue.organizations:  # the tabs compute them in a build (shared by the catalogue)
        catalogue.descendants(org.id)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    results = {}
    for module in (opendata_json, opendata_tables, opendata_page):
        start = time.perf_counter()
        results[module.NAME] = module.generate(catalogue, env)
        size = sum(_size(b) for b in results[module.NAME].files.values())
        print(f"{module.NAME}: {time.perf_counter() - start:.1f} s, files {size / 1e6:.1f} MB")
    grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - peak) / 1024
    print(f"peak memory growth: {grown:.0f} MB")
    files = {**results["opendata_json"].files, **results["opendata_tables"].files}
    print(f"open data files: {len(files)}")
    for path, data in sorted(files.items(), key=lambda kv: -_size(kv[1]))[:8]:
        print(f"  {path}: {_size(data) / 1e6:.1f} MB")
    record = bank.records[sorted(r.id for r in bank.of_type("practice"))[len(bank.of_type("practice")) // 2]]
    record.body += "\nНовый абзац.\n"
    again = Env(catalogue, settings.Settings(), SITE_URL)
    start = time.perf_counter()
    opendata_json.regenerate(results["opendata_json"], [record], catalogue, again)
    opendata_page.regenerate(results["opendata_page"], [record], catalogue, again)
    print(f"body-only rebuild of the open data: {time.perf_counter() - start:.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
