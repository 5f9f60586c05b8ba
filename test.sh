#!/usr/bin/env bash
# Run the test suite. Sets itself up on first use. Arguments go to pytest, e.g. ./test.sh -k ledger
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/scripts/ensure-venv.sh"
cd "$ROOT"
exec "$VENV/bin/python" -m pytest "$@"
