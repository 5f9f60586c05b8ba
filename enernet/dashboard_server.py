"""``enernet dashboard``: serve the classroom dashboard (enernet/dashboard.py) with Solara."""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path


def serve(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="enernet dashboard", description="The live classroom dashboard.")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8765, help="port to listen on (default 8765)")
    args = parser.parse_args(argv)
    try:
        import solara  # noqa: F401
    except ImportError:
        print("enernet dashboard needs the dashboard extra: pip install -e '.[dashboard]' "
              "(./run.sh and ./test.sh install it)", file=sys.stderr)
        sys.exit(2)
    app = Path(__file__).resolve().with_name("dashboard.py")
    os.environ.setdefault("SOLARA_TELEMETRY_MIXPANEL_ENABLE", "False")
    os.environ.setdefault("PYTHONWARNINGS", "ignore::UserWarning")  # hook-rule notes from Mesa's own components
    print(f"enernet dashboard: http://{args.host}:{args.port}/  (Ctrl-C to stop)", flush=True)
    os.execv(sys.executable, [sys.executable, "-m", "solara", "run", str(app), "--host", args.host,
                              "--port", str(args.port), "--production", "--no-open"])
