"""The architecture, checked from the code's own imports: each top-level folder is a layer of the
installed ``enernet`` namespace, imports point down the layers (or sideways within one), no module
imports itself round a loop, and no source file is over 450 lines."""
from __future__ import annotations

from enernet.architecture import LEVEL, ROOT, imports_of, layer_of, modules, room_imports  # the layers, declared once


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
    graph = {name: {t for t in imports_of(path, set(mods)) if t != name} for name, path in mods.items()}
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


def test_the_rooms_import_each_other_only_downward_and_the_engine_imports_no_behaviour():
    arrows = room_imports()
    assert all(LEVEL[b] <= LEVEL[a] for a, b in arrows), arrows
    assert [(a, b) for a, b in arrows if (b, a) in arrows] == []  # sideways one way only (agents -> markets)
    assert {b for a, b in arrows if a in ("sim", "cext", "configs")} <= {"cext", "configs"}
    assert ("scenarios", "sim") in arrows and ("enernet", "scenarios") in arrows  # the reader sees real arrows


def test_no_room_holds_more_than_45_percent_of_the_code():
    lines = {folder: sum(len(p.read_text().splitlines()) for p in (ROOT / folder).rglob("*")
                         if p.suffix in (".py", ".pyx")) for folder in LEVEL}
    total = sum(lines.values())
    assert {folder: round(n / total, 3) for folder, n in lines.items() if n > 0.45 * total} == {}
