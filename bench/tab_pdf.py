"""What the PDFs of the tabs cost, cold and on the next days (README, «PDF вкладки и практик»).

    .venv/bin/python bench/tab_pdf.py <bank folder> --day 2026-11-21 --sample 50

Loads the bank at ``<bank folder>`` (e.g. a copy of a bank of ``bench/run.py``; its ``mkdocs.yml``
gives the settings) and runs the ``tab_pdf`` output three times with one build cache in a temporary
folder: on ``--day`` with an empty cache (the first build), again on the same day, and on the next
day (the bank loaded again with that build date). Prints for each run the seconds by the clock and
the number of PDFs laid out; then the median processor time of laying out one PDF over ``--sample``
tabs spread over the bank, in this process (the build uses one worker process per core).
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from mentorbank import pdf, settings
from mentorbank.bank import load_bank
from mentorbank.outputs import tab_pdf, tabs
from mentorbank.pages import Renderer

SITE_URL = "https://mentorbank.example/"


def run(root: Path, day: dt.date, cache: Path) -> tuple[float, int, int, Renderer]:
    """Load the bank with build date ``day`` and run ``tab_pdf`` with the build cache ``cache``; return
    the seconds of the output, the PDFs laid out, the PDFs written and the renderer."""
    base = settings.load(root)
    bank = load_bank(root, day, cache=base.cache_dir)
    renderer = Renderer(bank, SITE_URL, replace(base, build_date=day, cache_dir=cache))
    start = time.perf_counter()
    files = tab_pdf.generate(renderer.catalogue, renderer.env).files
    seconds = time.perf_counter() - start
    return seconds, renderer.env.shared("tab_pdf_cache", lambda: None).rendered, len(files), renderer


def main() -> int:
    """Run the three builds and the sample (see the module doc); return 0."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", type=Path, help="папка банка (с mkdocs.yml)")
    parser.add_argument("--day", type=dt.date.fromisoformat, default=dt.date(2026, 11, 21), help="дата первой сборки")
    parser.add_argument("--sample", type=int, default=50, help="вкладок для замера одного PDF")
    args = parser.parse_args()
    root = args.root.resolve()
    with tempfile.TemporaryDirectory() as cache:
        renderer = None
        for label, day in (("первая сборка", args.day), ("та же дата, с кешем", args.day),
                           ("следующий день, с кешем", args.day + dt.timedelta(days=1))):
            seconds, rendered, written, made = run(root, day, Path(cache))
            renderer = renderer or made
            print(f"{label} ({day}): {seconds:.1f} с, свёрстано PDF: {rendered} из {written}", flush=True)
    layout = tabs(renderer.catalogue, renderer.env)
    orgs = renderer.catalogue.organizations
    sample = orgs[:: max(1, len(orgs) // args.sample)][: args.sample]
    dated = getattr(pdf, "dated", lambda html, day: html)
    htmls = [dated(layout.standalone(org, "pdf"), args.day) for org in sample]
    pdf.render(htmls[0])  # the first document of a process pays for the fonts and the styles
    times = []
    for html in htmls:
        start = time.process_time()
        pdf.render(html)
        times.append(time.process_time() - start)
    print(f"один PDF: медиана {statistics.median(times):.3f} с процессора ({len(times)} вкладок)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
