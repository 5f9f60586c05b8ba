"""Rewrite the golden runs' KPI files (tests/golden/<case>_kpis.json), on purpose.

    .venv/bin/python scripts/update_golden.py            # every case
    .venv/bin/python scripts/update_golden.py tiny ...   # the cases named

The tests only read these files; say in the commit why the numbers changed.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.golden import CASES, case_kpis, golden_path  # noqa: E402


def main(names: list[str]) -> None:
    unknown = [n for n in names if n not in CASES]
    if unknown:
        sys.exit(f"unknown golden case(s) {unknown}: choose from {', '.join(CASES)}")
    for name in names or list(CASES):
        path = golden_path(name)
        old = json.loads(path.read_text()) if path.exists() else {}
        new = case_kpis(name)
        path.write_text(json.dumps(new, indent=2) + "\n")
        changed = sorted(k for k in new if old.get(k) != new[k])
        print(f"{name}: {len(changed)} KPIs changed" + (f" ({', '.join(changed[:12])}{' ...' if len(changed) > 12 else ''})"
                                                         if changed else ""))


if __name__ == "__main__":
    main(sys.argv[1:])
