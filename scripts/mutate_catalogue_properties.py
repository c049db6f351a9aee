"""Hand-made mutants of ``mentorbank/catalogue.py``'s cached properties (README, «Мутационное
тестирование»): mutmut 3 does not mutate decorated functions, and the catalogue's orders and groups are
``functools.cached_property``. Each mutant is applied to a copy of the package in a temporary folder and
the catalogue's tests are run there; a mutant that no test kills is reported as SURVIVED.

Usage: .venv/bin/python scripts/mutate_catalogue_properties.py   (exit status 1 if one survives)
"""

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: (what the mutant does, original text, mutated text); each original occurs once in catalogue.py.
M = [
    ('practices: oldest year first',
     '(-(r.data.get("year") or 0), name_key(r.title), r.id)',
     '((r.data.get("year") or 0), name_key(r.title), r.id)'),
    ('practices: by id, not title',
     '(-(r.data.get("year") or 0), name_key(r.title), r.id)',
     '(-(r.data.get("year") or 0), r.id)'),
    ('winners: oldest year first',
     '-(r.data.get("year") or 0), name_key(r.data.get("competition", "")),',
     '(r.data.get("year") or 0), name_key(r.data.get("competition", "")),'),
    ('winners: result order ignored',
     'order.get(r.data.get("result"), 99)',
     '99'),
    ('winners: place missing first',
     'r.data.get("place") or 99',
     'r.data.get("place") or 0'),
    ('events: past oldest first',
     'past.sort(key=lambda r: (r.data.get("start", ""), name_key(r.title)), reverse=True)',
     'past.sort(key=lambda r: (r.data.get("start", ""), name_key(r.title)))'),
    ('events: upcoming by title',
     'upcoming.sort(key=lambda r: (r.data.get("start", ""), name_key(r.title)))',
     'upcoming.sort(key=lambda r: name_key(r.title))'),
    ('organizations: region ignored',
     'key=lambda r: (name_key(r.data.get("region", "")), name_key(r.data.get("municipality", "")),',
     'key=lambda r: (name_key(r.data.get("municipality", "")),'),
    ('by_org: past events first',
     '(self.practices, self.winners, upcoming + past), strict=True)',
     '(self.practices, self.winners, past + upcoming), strict=True)'),
    ('winners_by: events left out',
     'for key in ("practice", "event"):',
     'for key in ("practice",):'),
    ('with_subordinates: own records only',
     'for i in [org.id] + [o.id for o in self.descendants(org.id)]]',
     'for i in [org.id]]'),
    ('with_subordinates: unordered',
     'key=lambda rec, k=kind: order[k].get(rec.id, 0))',
     'key=lambda rec, k=kind: 0)'),
    ('practices_by_region: unsorted',
     'return dict(sorted(out.items()))\n\n    @cached_property\n    def practices_by_year',
     'return out\n\n    @cached_property\n    def practices_by_year'),
    ('practices_by_year: unsorted',
     '            out.setdefault(r.data.get("year"), []).append(r)\n        return dict(sorted(out.items()))',
     '            out.setdefault(r.data.get("year"), []).append(r)\n        return out'),
    ('counts: years oldest first',
     '"by_year": sorted(years.items(), reverse=True)',
     '"by_year": sorted(years.items())'),
    ('counts: four next events',
     '"upcoming_events": upcoming[:5]',
     '"upcoming_events": upcoming[:4]'),
    ('counts: drafts counted',
     'published = {t: len(self.bank.of_type(t))',
     'published = {t: len(self.bank.of_type(t, False))'),
    ('home: oldest updated first',
     'name_key(r.title)),\n                        reverse=True)[:self.HOME_CARDS]',
     'name_key(r.title)))[:self.HOME_CARDS]'),
    ('home: earliest winners year',
     '(years[0] if years else None)',
     '(years[-1] if years else None)'),
    ('home: build year ignored',
     'year = self.build_date.year if self.build_date.year in years else',
     'year ='),
    ('home: two next events',
     '"next_events": upcoming[:self.HOME_CARDS]',
     '"next_events": upcoming[:2]'),
]

TESTS = ["tests/test_listings.py::test_catalogue_puts_results_before_places_and_counts_only_what_is_published",
         "tests/test_listings.py::test_catalogue_sorts_and_groups_what_the_listings_show",
         "tests/test_listings.py::test_listings_put_titles_in_russian_alphabetical_order",
         "tests/test_tab_shapes.py", "tests/test_links.py"]


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp)
        for name in ("mentorbank", "tests"):
            shutil.copytree(ROOT / name, copy / name)
        shutil.copy(ROOT / "pyproject.toml", copy)
        source = copy / "mentorbank" / "catalogue.py"
        original = source.read_text("utf-8")
        survived = 0
        for name, old, new in M:
            assert original.count(old) == 1, name
            source.write_text(original.replace(old, new), "utf-8")
            done = subprocess.run([sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider",
                                   "-m", "not browser and not slow", *TESTS], cwd=copy, capture_output=True, text=True)
            killed = done.returncode != 0
            survived += not killed
            print("killed  " if killed else "SURVIVED", name, flush=True)
        print(f"{len(M) - survived} of {len(M)} killed")
    return 1 if survived else 0


if __name__ == "__main__":
    sys.exit(main())
