"""The layers stay honest: below the front ends nothing imports the CLI or the web server,
no two packages import each other, and no two modules import each other."""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import albumfaces

PACKAGE = Path(albumfaces.__file__).parent
FRONT_ENDS = {"cli", "web"}


def imports() -> dict[str, set[str]]:
    """Every module of the package (``albumfaces.x.y``) and the albumfaces modules it
    imports, lazily inside functions or not."""
    found: dict[str, set[str]] = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        targets = set()
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package.split(".")[: len(package.split(".")) - node.level + 1]
                    target = ".".join(base + ([node.module] if node.module else []))
                else:
                    target = node.module or ""
                targets.add(target)
                targets |= {f"{target}.{a.name}" for a in node.names}
            elif isinstance(node, ast.Import):
                targets |= {a.name for a in node.names}
        found[name] = {t for t in targets if t.startswith("albumfaces.")}
    return found


def package_of(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def test_nothing_below_the_front_ends_imports_them():
    wrong = [
        (module, target)
        for module, targets in imports().items()
        for target in targets
        if package_of(module) not in FRONT_ENDS | {"__main__", ""}
        and package_of(target) in FRONT_ENDS
    ]
    assert wrong == []


def test_no_two_packages_import_each_other():
    edges = defaultdict(set)
    for module, targets in imports().items():
        for target in targets:
            if package_of(target) and package_of(target) != package_of(module):
                edges[package_of(module)].add(package_of(target))
    both = sorted({tuple(sorted((a, b))) for a in edges for b in edges[a] if a in edges.get(b, ())})
    assert both == []


def test_no_two_modules_import_each_other():
    found = imports()
    modules = set(found)
    edges = {m: {t for t in targets if t in modules and t != m} for m, targets in found.items()}
    both = sorted({tuple(sorted((a, b))) for a in edges for b in edges[a] if a in edges.get(b, ())})
    # a package's __init__ re-exports its modules, which may import their siblings through it
    both = [(a, b) for a, b in both if not (b.startswith(a + ".") or a.startswith(b + "."))]
    assert both == []


def test_the_check_sees_a_cycle_when_there_is_one(tmp_path, monkeypatch):
    """The checks above can fail: a made-up pair of packages importing each other is seen."""
    root = tmp_path / "albumfaces"
    for name, other in (("one", "two"), ("two", "one")):
        (root / name).mkdir(parents=True)
        (root / name / "__init__.py").write_text(f"from albumfaces.{other} import x\n")
    (root / "__init__.py").write_text("")
    monkeypatch.setitem(globals(), "PACKAGE", root)
    try:
        test_no_two_packages_import_each_other()
    except AssertionError:
        return
    raise AssertionError("a cycle between two packages went unseen")


def test_test_modules_import_helpers_not_each_other():
    """Shared test code lives in conftest.py or a helpers module, not in another test."""
    tests = Path(__file__).parent
    wrong = []
    for path in tests.rglob("test_*.py"):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.ImportFrom) and node.module:
                if node.module.rpartition(".")[2].startswith("test_"):
                    wrong.append((path.name, node.module))
    assert wrong == []
