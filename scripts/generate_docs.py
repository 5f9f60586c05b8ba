"""Write the pages generated from the code's declarations (docs/*.md, ARCHITECTURE.md's rooms).

    .venv/bin/python scripts/generate_docs.py          # write them
    .venv/bin/python scripts/generate_docs.py --check  # exit 1 if any differs (what the test does)
"""
from __future__ import annotations

import sys

from enernet.reference import generated_pages


def main() -> int:
    check = "--check" in sys.argv[1:]
    stale = []
    for path, text in generated_pages().items():
        if path.exists() and path.read_text(encoding="utf-8") == text:
            continue
        stale.append(path)
        if not check:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    for path in stale:
        print(f"{'stale' if check else 'wrote'}: {path}")
    return 1 if check and stale else 0


if __name__ == "__main__":
    sys.exit(main())
