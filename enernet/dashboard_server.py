"""``enernet dashboard``: serve the classroom dashboard (enernet/dashboard.py) with Solara.

The server is Solara's Starlette app under uvicorn, started here rather than by ``solara run`` so
that it makes no network call at start (``solara run`` asks PyPI for a newer version; telemetry is
off too), listens on loopback unless told otherwise, and answers only requests whose Host header
names this server (a web page elsewhere cannot reach it through DNS rebinding).
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]", "::1")


def machine_names() -> list[str]:
    """This machine's own names and addresses (what a classroom's browsers put in the Host header)."""
    import socket

    import psutil  # installed with Ray; reads the interfaces' addresses locally (no network call)

    names = {socket.gethostname(), socket.getfqdn()}
    for addresses in psutil.net_if_addrs().values():
        for a in addresses:
            if a.family in (socket.AF_INET, socket.AF_INET6) and "%" not in a.address:  # no link-local scope ids
                names.add(a.address if a.family == socket.AF_INET else f"[{a.address}]")
    return sorted(n for n in names if n)


def allowed_hosts(host: str, extra: list[str] | None = None) -> list[str]:
    """The Host header values the server answers: its own address, loopback names on loopback; on
    every interface (0.0.0.0) also this machine's names and addresses; and any the user names
    (``--allow-host``, e.g. the address a classroom's router gives this machine)."""
    names = [host] if host not in ("0.0.0.0", "::") else []
    if host in LOOPBACK_NAMES or not names:
        names += [n for n in LOOPBACK_NAMES if n not in names]
    if host in ("0.0.0.0", "::"):
        names += [n for n in machine_names() if n not in names]
    names += [n for n in (extra or []) if n not in names]
    return names


def app(host: str, port: int, extra_hosts: list[str] | None = None):
    """Solara's ASGI app for the dashboard, behind a Host-header check (HTTP and websockets)."""
    os.environ["SOLARA_APP"] = str(Path(__file__).resolve().with_name("dashboard.py"))
    os.environ["SERVER_NAME"], os.environ["SERVER_PORT"] = host, str(port)
    os.environ["SOLARA_TELEMETRY_MIXPANEL_ENABLE"] = "False"
    import warnings

    # Solara's notes on Mesa's own components (hook rules) and on plain-http cookies, not the user's business.
    warnings.filterwarnings("ignore", category=UserWarning, module=r"solara(\..*)?$")
    from solara.server import settings
    from starlette.middleware.trustedhost import TrustedHostMiddleware

    settings.main.mode = "production"
    settings.telemetry.mixpanel_enable = False
    from solara.server.starlette import app as solara_app

    return TrustedHostMiddleware(solara_app, allowed_hosts=allowed_hosts(host, extra_hosts))


def serve(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="enernet dashboard", description="The live classroom dashboard.")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1: this "
                        "machine only; give 0.0.0.0 to let a classroom's other machines connect)")
    parser.add_argument("--port", type=int, default=8765, help="port to listen on (default 8765)")
    parser.add_argument("--allow-host", action="append", default=[], metavar="NAME",
                        help="also answer requests addressed to NAME (a name or address of this machine that "
                        "browsers use; with --host 0.0.0.0 this machine's own names and addresses are allowed)")
    args = parser.parse_args(argv)
    try:
        import solara  # noqa: F401
        import uvicorn
    except ImportError:
        print("enernet dashboard needs the dashboard extra: pip install -e '.[dashboard]' "
              "(./run.sh and ./test.sh install it)", file=sys.stderr)
        sys.exit(2)
    asgi = app(args.host, args.port, args.allow_host)
    print(f"enernet dashboard: http://{args.host}:{args.port}/  (Ctrl-C to stop)", flush=True)
    uvicorn.run(asgi, host=args.host, port=args.port, log_level="warning", ws="auto")
