"""Search filters hold what the record says, in the words a visitor reads.

Every record page of the built sample site carries exactly the filter values its data gives
(the type, the organisation's short name and region, the year, the Russian labels of forms,
audiences and level); the Pagefind index built from them counts each value once per record.
Labels and regions are read here from the data files, not through the renderer.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from html.parser import HTMLParser

import pytest
import yaml
from conftest import BUILD_DATE, ROOT

from mentorbank.bank import load_bank
from mentorbank.model import Bank, Record

VOCAB = yaml.safe_load((ROOT / "mentorbank/data/vocabularies.yml").read_text("utf-8"))
REGIONS = {line.strip() for line in (ROOT / "mentorbank/data/regions.txt").read_text("utf-8").splitlines()
           if line.strip() and not line.startswith("#")}
#: Filter names as the search page shows them.
TYPE, FORM, AUDIENCE, LEVEL, REGION, ORG, YEAR = (
    "Тип записи", "Форма наставничества", "Аудитория", "Уровень", "Регион", "Организация", "Год")
TYPE_NAMES = {"practice": "Практика", "winner": "Победитель или призёр", "event": "Мероприятие",
              "organization": "Организация"}


class _Filters(HTMLParser):
    """``(filter name, value)`` of every ``data-pagefind-filter`` element (value = its text)."""

    def __init__(self):
        super().__init__()
        self.found: list[tuple[str, str]] = []
        self._open: list[list] = []  # [filter name, tag, depth, text parts]

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for item in self._open:
            if item[1] == tag:
                item[2] += 1
        if "data-pagefind-filter" in a:
            name = a["data-pagefind-filter"]
            assert ":" not in name and "[" not in name, name  # values come from the element's text
            self._open.append([name, tag, 1, []])

    def handle_endtag(self, tag):
        for item in list(self._open):
            if item[1] == tag:
                item[2] -= 1
                if item[2] == 0:
                    self.found.append((item[0], " ".join("".join(item[3]).split())))
                    self._open.remove(item)

    def handle_data(self, data):
        for item in self._open:
            item[3].append(data)


def filters_of(html: str) -> Counter:
    scan = _Filters()
    scan.feed(html)
    return Counter(scan.found)


def expected_filters(bank: Bank, r: Record) -> Counter:
    """The filter values of ``r``'s page, restated from the data contract."""
    d = r.data
    org = bank.records.get(d.get({"practice": "organization", "winner": "organization", "event": "organizer",
                                  "organization": "id"}[r.type])) if r.type != "organization" else r
    out = Counter({(TYPE, TYPE_NAMES[r.type]): 1})
    out[(ORG, org.data["short_name"])] += 1
    assert org.data["region"] in REGIONS
    out[(REGION, org.data["region"])] += 1
    if r.type == "organization":
        return out
    out[(YEAR, str(d["year"] if r.type != "event" else int(d["start"][:4])))] += 1
    out[(LEVEL, VOCAB["level"][d.get("level") or "school"])] += 1
    if r.type in ("practice", "event"):  # required for practices, optional for events
        out.update((FORM, VOCAB["form"][f]) for f in d.get("forms") or [])
        out.update((AUDIENCE, VOCAB["audience"][a]) for a in d.get("audience") or [])
    return out


@pytest.fixture(scope="module")
def bank() -> Bank:
    return load_bank(ROOT, dt.date.fromisoformat(BUILD_DATE))


def test_record_pages_carry_the_values_of_their_data(sample_site, bank):
    records = [r for r in bank.records.values() if r.published]
    assert {r.type for r in records} == set(TYPE_NAMES)
    for r in records:
        found = filters_of((sample_site / r.url / "index.html").read_text("utf-8"))
        assert found == expected_filters(bank, r), r.id


def test_the_region_filter_names_a_region_not_a_municipality(sample_site, bank):
    """Municipalities differ from regions in the sample: a swapped value would show here."""
    orgs = bank.of_type("organization")
    assert all(o.data["municipality"] != o.data["region"] for o in orgs)
    for r in bank.of_type("practice"):
        found = [v for k, v in filters_of((sample_site / r.url / "index.html").read_text("utf-8")) if k == REGION]
        assert len(found) == 1 and found[0] in REGIONS, (r.id, found)


@pytest.mark.browser
def test_the_search_index_counts_each_value_once_per_record(sample_url, page, bank):
    """Pagefind's own list of filters (what the search page offers) matches the data."""
    page.goto(sample_url + "poisk/")
    index = page.evaluate("""async () => {
        const pf = await window.bankSearchIndex();  // every part of the index merged
        return await pf.filters();
    }""")
    expected: dict[str, Counter] = {}
    for r in bank.records.values():
        if r.published:
            for name, value in expected_filters(bank, r):
                expected.setdefault(name, Counter())[value] += 1
    assert set(index) == set(expected)
    for name, values in expected.items():
        assert {k: v for k, v in index[name].items() if v} == dict(values), name
