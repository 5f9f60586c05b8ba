"""The architecture, checked from the code's own imports: each top-level folder is a layer of the
installed ``enernet`` namespace, imports point down the layers (or sideways within one), no module
imports itself round a loop, and no source file is over 450 lines."""
from __future__ import annotations

import ast
from pathlib import Path

from enernet.architecture import LEVEL, ROOT  # the layers, declared once


def modules() -> dict[str, Path]:
    """Installed module name -> source file, for every Python file of the layers."""
    out = {}
    for folder in LEVEL:
        for path in (ROOT / folder).rglob("*.py"):
            parts = path.relative_to(ROOT).with_suffix("").parts
            parts = parts[:-1] if parts[-1] == "__init__" else parts
            name = ".".join(parts if parts[0] == "enernet" else ("enernet", *parts))
            out[name] = path
    return out


def imports_of(path: Path, known: set[str]) -> set[str]:
    """The enernet modules ``path`` imports (the longest known prefix of each import)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        names = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [f"{node.module}.{a.name}" for a in node.names] + [node.module]
        for name in names:
            if not name.startswith("enernet"):
                continue
            parts = name.split(".")
            for k in range(len(parts), 0, -1):
                if ".".join(parts[:k]) in known:
                    found.add(".".join(parts[:k]))
                    break
    return found


def layer_of(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in LEVEL else "enernet"


def test_imports_point_down_the_layers():
    mods = modules()
    upward = []
    for name, path in mods.items():
        for target in imports_of(path, set(mods)):
            if LEVEL[layer_of(target)] > LEVEL[layer_of(name)]:
                upward.append(f"{path.relative_to(ROOT)} imports {target}")
    assert upward == []


def test_no_import_cycles():
    mods = modules()
    graph = {name: {t for t in imports_of(path, set(mods)) if t != name and not mods[t].name == "__init__.py"}
             for name, path in mods.items()}
    state: dict[str, int] = {}
    cycles = []

    def visit(node, stack):
        state[node] = 1
        for nxt in graph.get(node, ()):
            if state.get(nxt) == 1:
                cycles.append(" -> ".join(stack[stack.index(nxt):] + [nxt]))
            elif nxt not in state:
                visit(nxt, stack + [nxt])
        state[node] = 2

    for node in graph:
        if node not in state:
            visit(node, [node])
    assert cycles == []


def test_no_source_file_is_over_450_lines():
    long = [f"{p.relative_to(ROOT)}: {n}" for folder in (*LEVEL, "hydra_plugins", "benchmarks", "tests", "scripts")
            for p in (ROOT / folder).rglob("*.py*") if p.suffix in (".py", ".pyx")
            and (n := len(p.read_text().splitlines())) > 450]
    assert long == []


def test_nothing_generic_is_installed_at_the_top_of_site_packages():
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    tops = {name.split(".")[0] for name in project["packages"]}
    assert tops == {"enernet", "hydra_plugins"}
    assert all(key.startswith("enernet.") for key in project["package-dir"])
