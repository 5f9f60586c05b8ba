#!/usr/bin/env bash
# Run a scenario end to end (default: the neighbourhood, 7 days). Sets itself up on first use.
# Any arguments are Hydra overrides, e.g.: ./run.sh scenario=tiny seed=3 tariff=tou
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/scripts/ensure-venv.sh"
exec "$VENV/bin/enernet" run "$@"
