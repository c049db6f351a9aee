"""``mkdocs build`` with the build cache reuses the outputs whose inputs did not change (``outputcache``):
after each kind of edit the site it leaves equals, byte for byte, a fresh build with an empty cache."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from conftest import BUILD_DATE, ROOT, copy_repo

sys.path.insert(0, str(ROOT / "bench"))
from synth import generate  # noqa: E402

#: A practice of the synthetic bank (``bench/synth.py``) the edits change.
EDITED = "practices/practices/synth-praktika-000003.md"
#: A practice no winner refers to: it can be removed.
REMOVED = "practices/practices/synth-praktika-000010.md"
#: An organisation's attached document: its bytes are in the tab's ZIP.
ATTACHED = "content/organizations/files/tulun-primer-shkola/prikaz-o-vnedrenii.pdf"


def _site_files(site) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*"))
            if p.is_file() and "/pagefind/" not in f"/{p.relative_to(site).as_posix()}"}


class Bank:
    """A synthetic bank built with ``mkdocs build`` in this process, the way a maintainer builds it."""

    def __init__(self, tmp_path, monkeypatch):
        self.tmp, self.monkeypatch = tmp_path, monkeypatch
        self.root = copy_repo(tmp_path / "repo")
        generate(self.root, 30)
        monkeypatch.chdir(self.root)
        monkeypatch.setenv("BANK_BUILD_DATE", BUILD_DATE)
        self.site = tmp_path / "site"
        self.fresh_builds = 0

    def build(self, site, cache):
        """``mkdocs build`` into ``site`` with the build cache ``cache``; returns the output cache's log
        (outputs reused and regenerated)."""
        from mkdocs.commands.build import build as mkdocs_build
        from mkdocs.config import load_config

        from mentorbank import outputcache

        self.monkeypatch.setenv("BANK_CACHE_DIR", str(cache))
        used: dict[str, list[str]] = {"reused": [], "regenerated": []}
        save = outputcache.OutputCache.save

        def logged_save(cache_self):
            used["reused"] += cache_self.reused
            used["regenerated"] += cache_self.regenerated
            save(cache_self)

        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(outputcache.OutputCache, "save", logged_save)
            config = load_config(str(self.root / "mkdocs.yml"), site_dir=str(site))
            config.plugins.on_startup(command="build", dirty=False)
            mkdocs_build(config)
        return used

    def cached(self):
        """Build over the previous output with the bank's build cache."""
        return self.build(self.site, self.tmp / "cache")

    def differences(self) -> list[str]:
        """Files that differ between the cached build's site and a fresh build with an empty cache."""
        self.fresh_builds += 1
        fresh = self.tmp / f"fresh-{self.fresh_builds}"
        self.build(fresh, self.tmp / f"empty-cache-{self.fresh_builds}")
        rebuilt, expected = _site_files(self.site), _site_files(fresh)
        return sorted((rebuilt.keys() ^ expected.keys()) | {n for n in expected.keys() & rebuilt.keys()
                                                            if rebuilt[n] != expected[n]})

    def edit(self, path: str, old: str, new: str) -> None:
        file = self.root / path
        text = file.read_text("utf-8")
        assert old in text, (path, old)
        file.write_text(text.replace(old, new, 1), "utf-8")


def test_a_build_with_the_cache_gives_the_site_of_a_fresh_build_after_each_kind_of_edit(tmp_path, monkeypatch):
    """A body edit reuses every output that shows no practice body and regenerates the others from their
    stored results; a title, an organisation, an attached document or the build date changes what
    listings, tabs and statuses show, a removed practice leaves nothing behind: each time the site equals a
    fresh build's, byte for byte (the search index aside, as in ``test_scale``)."""
    bank = Bank(tmp_path, monkeypatch)
    first = bank.cached()
    assert first["reused"] == []
    again = bank.cached()  # nothing changed: every output is the stored one
    from mentorbank.outputs import registry

    assert sorted(again["reused"]) == sorted(o.NAME for o in registry.OUTPUTS)

    unchanged = bank.site / "praktiki/synth-praktika-000005/index.html"
    inode = unchanged.stat().st_ino
    bank.edit(EDITED, "## Актуальность", "## Актуальность\n\nНовый абзац о наставничестве.\n")
    used = bank.cached()
    assert unchanged.stat().st_ino == inode  # an unchanged page is the previous build's file, not written again
    assert "listings" in used["reused"] and "tab_page" in used["reused"] and "feeds" in used["reused"]
    assert {"records", "opendata_json", "opendata_page"} <= set(used["regenerated"])
    assert "Новый абзац" in (bank.site / "praktiki/synth-praktika-000003/index.html").read_text("utf-8")
    assert bank.differences() == []

    bank.edit(EDITED, 'title: "', 'title: "Переименованная ')  # shown on listings, tabs, feeds, open data
    used = bank.cached()
    assert "listings" not in used["reused"]
    assert bank.differences() == []

    own = re.search(r"^organization: (\S+)$", (bank.root / EDITED).read_text("utf-8"), re.M).group(1)
    other = next(p.stem for p in sorted((bank.root / "content/organizations").glob("*.md")) if p.stem != own)
    bank.edit(EDITED, f"organization: {own}", f"organization: {other}")  # another tab lists it
    bank.cached()
    assert bank.differences() == []

    attached = bank.root / ATTACHED
    attached.write_bytes(attached.read_bytes() + b"\n% changed\n")  # in the organisation's tab ZIP
    used = bank.cached()
    assert "tab_zip" not in used["reused"]
    assert bank.differences() == []

    (bank.root / REMOVED).unlink()  # its page and its lines in listings and open data go
    bank.cached()
    assert not (bank.site / "praktiki" / Path(REMOVED).stem).exists()
    assert bank.differences() == []

    monkeypatch.setenv("BANK_BUILD_DATE", "2027-09-01")  # roadmap items «в работе» become «выполнено»/overdue
    used = bank.cached()
    assert used["reused"] == []
    # The tabs' PDFs whose content did not change keep the day they were laid out (``pdf.PdfCache``, README
    # «PDF вкладки и практик»), also without this cache; a fresh build dates them anew.
    tab_pdf = re.compile(r"organizacii/.+/nastavnichestvo-.+\.pdf")
    assert [name for name in bank.differences() if not tab_pdf.fullmatch(name)] == []


@pytest.mark.parametrize("broken", ["front matter", "files read"])
def test_a_key_that_ignores_an_input_gives_a_stale_site(tmp_path, monkeypatch, broken):
    """The equality above can fail: with a key that leaves out the records' front matter (or a cache
    that does not look at the files outputs read), a cached build after a title edit (an attached
    document's change) is not what a fresh build gives."""
    from mentorbank import outputcache

    bank = Bank(tmp_path, monkeypatch)
    bank.cached()
    if broken == "front matter":
        monkeypatch.setattr(outputcache, "_front", lambda r: r.id.encode())
        bank.cached()  # the stored results now carry the broken key
        bank.edit(EDITED, 'title: "', 'title: "Переименованная ')
    else:
        monkeypatch.setattr(outputcache, "fingerprint", lambda path: None)
        bank.cached()
        attached = bank.root / ATTACHED
        attached.write_bytes(attached.read_bytes() + b"\n% changed\n")
    bank.cached()
    assert bank.differences() != []
