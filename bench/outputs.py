"""What each output module costs on a synthetic bank (README, «Сколько стоит каждый вывод»).

    .venv/bin/python bench/outputs.py 10000 --runs 3 --out <folder outside the repository>

Writes the synthetic bank of ``synth.generate`` (unless the folder holds one), loads it, renders every
Markdown text first (a build does it before the outputs, in worker processes) and then runs the
outputs of ``registry.OUTPUTS`` in their order, as a build without a cache does (``pages.Renderer``),
timing each one. Prints, per output, the median over the runs in seconds, the files and pages it made
and their size; then the total and the process's peak memory. Each run starts from a fresh
``Renderer`` (nothing shared between runs but the rendered Markdown), with no build cache: the PDFs
of the tabs are laid out every run, as on the first build of a day.
"""

from __future__ import annotations

import argparse
import datetime as dt
import resource
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from synth import bank_once  # noqa: E402

from mentorbank import markup, settings  # noqa: E402
from mentorbank.bank import load_bank  # noqa: E402
from mentorbank.outputs import registry  # noqa: E402
from mentorbank.pages import Renderer  # noqa: E402

SITE_URL = "https://mentorbank.example/"


def run_once(bank, markdown, only: list[str] | None = None) -> dict[str, tuple[float, int, int, int]]:
    """Run every output (or those named in ``only``) once on a fresh ``Renderer`` whose Markdown comes
    from ``markdown`` (a filled ``markup.MarkdownCache``, as in a build); returns {output NAME:
    (seconds, pages, files, bytes)}."""
    renderer = Renderer(bank, SITE_URL, settings.Settings(build_date=bank.build_date, cache_dir=None))
    renderer.markdown = markdown.render
    out = {}
    for module in outputs(only):
        start = time.perf_counter()
        result = module.generate(renderer.catalogue, renderer.env)
        seconds = time.perf_counter() - start
        size = sum(len(p.html.encode("utf-8")) for p in result.pages) + sum(
            len(b) if isinstance(b, bytes) else b.stat().st_size for b in result.files.values())  # bytes or a file
        out[module.NAME] = (seconds, len(result.pages), len(result.files), size)
    return out


def outputs(only: list[str] | None) -> list:
    """The output modules of the registry, in its order; with ``only``, those named there."""
    return [m for m in registry.OUTPUTS if only is None or m.NAME in only]


def main(argv: list[str] | None = None) -> int:
    """Measure; print one line per output, the total and the peak memory."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, help="число практик N")
    parser.add_argument("--runs", type=int, default=3, help="запусков (печатается медиана)")
    parser.add_argument("--vocabulary", choices=["simple", "realistic"], default="realistic",
                        help="тексты записей: realistic — слова по частоте в русском языке (пакет wordfreq)")
    parser.add_argument("--out", type=Path, required=True, help="папка для синтетического банка")
    parser.add_argument("--only", nargs="+", metavar="NAME", help="только эти выводы (например, opendata_json)")
    args = parser.parse_args(argv)
    root = args.out / f"bank-{args.n}-{args.vocabulary}"
    bank_once(root, args.n, vocabulary=args.vocabulary)
    bank = load_bank(root, dt.date(2026, 11, 21))
    warm = Renderer(bank, SITE_URL, settings.Settings(build_date=bank.build_date, cache_dir=None))
    markdown = markup.MarkdownCache(args.out / "markdown-cache")
    start = time.perf_counter()
    markdown.prerender(warm.bodies_to_render())
    for text in warm.bodies_to_render():
        markdown.render(text)
    print(f"N = {args.n}: {len(bank.records)} records; Markdown rendered first in {time.perf_counter() - start:.1f} s")
    runs = [run_once(bank, markdown, args.only) for _ in range(args.runs)]
    total = [sum(r[name][0] for name in r) for r in runs]
    print(f"{'output':<18}{'median, s':>10}{'min–max, s':>14}{'pages':>8}{'files':>8}{'MB':>9}")
    for module in outputs(args.only):
        times = [r[module.NAME][0] for r in runs]
        _s, pages, files, size = runs[-1][module.NAME]
        print(f"{module.NAME:<18}{statistics.median(times):>10.2f}{min(times):>7.2f}–{max(times):<6.2f}"
              f"{pages:>8}{files:>8}{size / 1e6:>9.1f}")
    print(f"{'all outputs':<18}{statistics.median(total):>10.2f}{min(total):>7.2f}–{max(total):<6.2f}")
    print(f"peak memory of this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
