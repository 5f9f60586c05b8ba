"""The layers of the installed namespace, declared once, bottom first, and the code's own imports.

``tests/test_layers.py`` checks the imports against the layers (downward or sideways only, no
cycles); ``ARCHITECTURE.md``'s table of rooms (from each folder's package docstring) and its table
of imports between rooms are generated from this module (``scripts/generate_docs.py``). The
imports are read from the source as text (``ast``), each ``enernet.X`` mapped to the folder that
``pyproject.toml`` installs as ``X``.
"""
from __future__ import annotations

import ast
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent  # the source tree (the folders are mapped at install)

# Folders on one line share a layer: imports between them are sideways.
LAYERS: tuple[tuple[str, ...], ...] = (("cext", "configs"), ("sim",), ("agents", "markets"), ("scenarios",),
                                       ("enernet",))
LEVEL = {folder: i for i, folders in enumerate(LAYERS) for folder in folders}
LAYER_NAMES = ("base", "engine", "behaviour", "assembly", "applications")


def package_doc(folder: Path) -> str:
    """The first paragraph of a package's docstring, on one line."""
    doc = ast.get_docstring(ast.parse((folder / "__init__.py").read_text(encoding="utf-8"))) or ""
    return " ".join(doc.split("\n\n")[0].split())


def rooms(root: Path = ROOT) -> list[tuple[str, str, str]]:
    """(folder, layer name, what it holds) for every top-level folder and its sub-packages, top
    layer first."""
    out = []
    for level in reversed(range(len(LAYERS))):
        for folder in LAYERS[level]:
            for package in sorted(p.parent for p in (root / folder).rglob("__init__.py")):
                if package != root / folder and package.parent != root / folder:
                    continue  # one level of sub-packages is enough for the table
                out.append((str(package.relative_to(root)) + "/", LAYER_NAMES[level], package_doc(package)))
    return out


def modules(root: Path = ROOT) -> dict[str, Path]:
    """Installed module name -> source file, for every Python file of the layers."""
    out = {}
    for folder in LEVEL:
        for path in (root / folder).rglob("*.py"):
            parts = path.relative_to(root).with_suffix("").parts
            parts = parts[:-1] if parts[-1] == "__init__" else parts
            out[".".join(parts if parts[0] == "enernet" else ("enernet", *parts))] = path
    return out


def imports_of(path: Path, known: set[str]) -> set[str]:
    """The enernet modules ``path`` imports (the longest known prefix of each import), wherever
    in the file (a function's lazy import counts as much as one at the top)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
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
    """The top-level folder (room) of an installed module name."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in LEVEL else "enernet"


def room_imports(root: Path = ROOT) -> Counter:
    """(importing room, imported room) -> how many modules of the first import one of the second,
    between different top-level folders."""
    mods = modules(root)
    arrows: Counter = Counter()
    for name, path in mods.items():
        for target in {layer_of(t) for t in imports_of(path, set(mods))} - {layer_of(name)}:
            arrows[(layer_of(name), target)] += 1
    return arrows
