# Sourced by run.sh and test.sh: make .venv and install enernet (with its Cython kernels) into it.
# Idempotent: it reinstalls only when an input of the install changed (pyproject, setup.py, the
# lock file, or a kernel's .pyx or .pxd source), so repeated calls cost a fraction of a second.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${ENERNET_VENV:-$ROOT/.venv}"
PY="${PYTHON:-python3}"

if ! "$PY" -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else 1)' 2>/dev/null; then
  echo "enernet needs Python 3.11 (found: $("$PY" --version 2>&1)); set PYTHON=/path/to/python3.11" >&2
  exit 1
fi
if [ ! -x "$VENV/bin/python" ]; then
  echo "[setup] creating virtual environment $VENV" >&2
  "$PY" -m venv "$VENV"
fi
stamp_of_inputs() {
  cat "$ROOT/pyproject.toml" "$ROOT/setup.py" "$ROOT/requirements.lock" "$ROOT"/cext/*.pyx "$ROOT"/cext/*.pxd | sha256sum | cut -d' ' -f1
}
STAMP="$VENV/.enernet-install"
WANT="$(stamp_of_inputs)"
built_kernels_present() { ls "$ROOT"/cext/*.so >/dev/null 2>&1; }
if [ ! -f "$STAMP" ] || [ "$(cat "$STAMP")" != "$WANT" ] || ! built_kernels_present; then
  echo "[setup] installing enernet and its dependencies into $VENV (first run: about a minute)" >&2
  "$VENV/bin/python" -m pip install --quiet --upgrade pip >&2
  # Build tools first, so the editable install can build the kernels without an isolated env.
  # hatchling builds solara-assets, which PyPI serves only as an sdist.
  "$VENV/bin/python" -m pip install --quiet -c "$ROOT/requirements.lock" setuptools wheel Cython hatchling >&2
  "$VENV/bin/python" -m pip install --quiet -c "$ROOT/requirements.lock" --no-build-isolation -e "$ROOT[test,dashboard]" >&2
  echo "$WANT" > "$STAMP"
fi
