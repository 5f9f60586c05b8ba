"""The layers of the installed namespace, declared once, bottom first.

``tests/test_layers.py`` checks the code's imports against them (downward or sideways only, no
cycles) and ``ARCHITECTURE.md``'s table of rooms is generated from them and from each folder's
package docstring (``scripts/generate_docs.py``).
"""
from __future__ import annotations

import ast
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
