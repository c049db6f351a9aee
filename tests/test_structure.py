"""The shape of the package, read from its source with ``ast``: no import cycle, no module-level
mutable state (what tests used to monkeypatch), one URL scheme that mkdocs.yml agrees with."""

from __future__ import annotations

import ast
from pathlib import Path

import yaml
from conftest import ROOT

from mentorbank import urls

PACKAGE = ROOT / "mentorbank"
#: Methods that change a dict, list or set in place.
MUTATING = {"update", "append", "extend", "add", "setdefault", "clear", "pop", "popitem", "remove", "discard",
            "insert", "sort", "reverse"}


def modules() -> dict[str, Path]:
    """Module name («mentorbank.bank», «mentorbank.outputs.records») → file, for every module of the package."""
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        out[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return out


def imports_of(name: str, path: Path, known: set[str]) -> set[str]:
    """Package modules imported anywhere in the module (top level or inside functions)."""
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[:len(base) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            found.add(module)
            found |= {f"{module}.{a.name}" for a in node.names}  # «from . import urls»
    return {m for m in found if m in known and m != name}


def test_no_import_cycle_inside_the_package():
    mods = modules()
    graph = {name: imports_of(name, path, set(mods)) for name, path in mods.items()}
    # the package's __init__ imports nothing of its own; a cycle is a path back to the start
    cycles = []
    state: dict[str, int] = {}  # 1: on the current path, 2: done

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycles.append(path[path.index(nxt):] + [nxt])
            elif nxt not in state:
                visit(nxt, path + [nxt])
        state[node] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
    assert cycles == []
    assert graph["mentorbank.urls"] == set()  # the URL scheme depends on nothing of the package


def module_state(path: Path) -> list[str]:
    """Module-level mutable state of one file: a name rebound with ``global`` inside a function, or a
    module-level name bound to a dict, list or set (literal, comprehension or ``dict()``/``list()``/
    ``set()``/``defaultdict()``) that the module changes in place (item assignment or deletion,
    augmented assignment, or a mutating method such as ``update``/``append``/``setdefault``).
    Constant tables (never changed) and functools caches are not state."""
    tree = ast.parse(path.read_text("utf-8"))
    mutable_kinds = (ast.Dict, ast.List, ast.Set, ast.DictComp, ast.ListComp, ast.SetComp)
    constructors = {"dict", "list", "set", "defaultdict", "OrderedDict", "Counter"}
    names = set()
    for node in tree.body:
        targets, value = [], None
        if isinstance(node, ast.Assign):
            targets, value = node.targets, node.value
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            targets, value = [node.target], node.value
        is_mutable = isinstance(value, mutable_kinds) or (
            isinstance(value, ast.Call) and getattr(value.func, "id", getattr(value.func, "attr", "")) in constructors)
        if is_mutable:
            names |= {t.id for t in targets if isinstance(t, ast.Name)}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Global):
            found += [f"{path.name}: global {n}" for n in node.names]
        elif isinstance(node, (ast.Assign, ast.AugAssign, ast.Delete)):
            targets = node.targets if isinstance(node, (ast.Assign, ast.Delete)) else [node.target]
            for t in targets:
                base = t.value if isinstance(t, ast.Subscript) else t if isinstance(node, ast.AugAssign) else None
                if isinstance(base, ast.Name) and base.id in names:
                    found.append(f"{path.name}: {base.id} changed at line {node.lineno}")
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in MUTATING:
            if isinstance(node.func.value, ast.Name) and node.func.value.id in names:
                found.append(f"{path.name}: {node.func.value.id}.{node.func.attr}() at line {node.lineno}")
    return found


def test_no_module_level_mutable_state():
    """State that must survive `mkdocs serve` rebuilds lives on one object, not in module globals."""
    files = list(modules().values()) + [ROOT / "hooks/bank.py", ROOT / "macros/main.py"]
    assert [s for f in files for s in module_state(f)] == []


def test_the_checker_sees_the_state_it_is_meant_to_forbid(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("_FILES: dict = {}\nSESSION = {}\nCURRENT = None\n\ndef f(k):\n    global CURRENT\n"
                   "    _FILES[k] = 1\n    SESSION.setdefault('x', {})\n", "utf-8")
    assert len(module_state(bad)) == 3
    good = tmp_path / "good.py"
    good.write_text("LABELS = {'a': 'б'}\n\ndef f(k):\n    return LABELS.get(k)\n", "utf-8")
    assert module_state(good) == []


def test_mkdocs_keeps_every_generated_folder_out_of_the_nav():
    """The URL scheme lives in ``mentorbank/urls.py``; mkdocs.yml's ``not_in_nav`` must name its folders."""
    config = yaml.load((ROOT / "mkdocs.yml").read_text("utf-8"), Loader=yaml.BaseLoader)
    listed = {line.strip().strip("/") for line in config["not_in_nav"].splitlines() if line.strip()}
    assert set(urls.GENERATED_TOP) <= listed


def test_every_output_module_is_registered_and_declares_what_it_reads():
    """Adding an output is one module in ``mentorbank/outputs/`` and one line in its registry."""
    from mentorbank.outputs import registry

    modules_on_disk = {p.stem for p in (PACKAGE / "outputs").glob("*.py")} - {"__init__", "registry"}
    registered = [m.__name__.rsplit(".", 1)[1] for m in registry.OUTPUTS]
    assert sorted(registered) == sorted(modules_on_disk)
    names = [m.NAME for m in registry.OUTPUTS]
    assert len(names) == len(set(names))
    for m in registry.OUTPUTS:
        assert isinstance(m.READS_BODIES, frozenset) and m.READS_BODIES <= set(urls.TYPE_FOLDERS), m.NAME
        assert callable(m.generate) and m.__doc__, m.NAME


def test_a_body_only_rebuild_reuses_the_outputs_that_do_not_read_that_body(tmp_path, monkeypatch):
    """Live reload decides from ``READS_BODIES``: after a practice's body changed, only the outputs that
    read practice bodies are generated again; the others are the previous results, unchanged."""
    from conftest import BUILD_DATE, copy_repo

    from mentorbank import build
    from mentorbank.outputs import registry
    from mentorbank.session import Session

    monkeypatch.setenv("BANK_BUILD_DATE", BUILD_DATE)
    monkeypatch.setenv("BANK_CACHE_DIR", str(tmp_path / "cache"))
    root = copy_repo(tmp_path / "repo")
    session = Session(command="serve")
    first = build.prepare(root, reuse=True, session=session)
    practice = next(r for r in first.bank.records.values() if r.type == "practice" and r.published)
    practice.path.write_text(practice.path.read_text("utf-8") + "\nЕщё абзац.\n", "utf-8")
    second = build.prepare(root, reuse=True, session=session)
    for output in registry.OUTPUTS:
        same = second.renderer.results[output.NAME] is first.renderer.results[output.NAME]
        assert same == ("practice" not in output.READS_BODIES), output.NAME
    assert "Ещё абзац" in second.pages[practice.url.rstrip("/") + ".md"].html
