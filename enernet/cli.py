"""The ``enernet`` command.

    enernet run [OVERRIDES...]     simulate a scenario (Hydra: ``enernet run --help`` lists the groups)
"""
from __future__ import annotations

import contextlib
import signal
import sys
from pathlib import Path

USAGE = """usage: enernet COMMAND [ARGS...]

commands:
  run [OVERRIDES...]   simulate a scenario end to end and write a run directory
                       (Hydra overrides, e.g. scenario=tiny seed=3 hydra.run.dir=out/tiny;
                        'enernet run --help' lists the config groups and keys)
  run -m [SWEEP...]    a parameter sweep, e.g. -m hydra/launcher=ray seed='range(8)' tariff=flat,tou
  scenarios            list the scenario library and the question each scenario answers
  report DIR [--kpis K1,K2]
                       figures and a self-contained report.html for a run or sweep directory
                       (--kpis: the KPIs a sweep report plots)
  compare RUN_A RUN_B [RUN_C ...] [--html FILE] [--all]
                       config differences, KPI deltas (A is the reference) and overlaid figures,
                       in the terminal and as one HTML page (default compare.html)
  query DIR "SQL" [--out FILE.csv|FILE.parquet] [--rows N]
                       SQL (DuckDB) over a run's or a sweep's tables: views runs, kpis, intervals,
                       transformers, bills, ...; 'enernet query DIR' lists the views and columns;
                       a bare view name exports it whole, e.g. enernet query DIR bills --out bills.csv
  dashboard [--host H] [--port P]
                       the live classroom dashboard in the browser (default 127.0.0.1:8765)
"""


def sweep_id(task_overrides) -> str:
    """A short, stable name for a sweep: a hash of its command-line overrides, leaving out the
    display-only ones (``run.progress``, ``run.summary``, ...: fields declared ``results=False``), so
    the same sweep shown differently resumes in the same directory."""
    import hashlib

    from enernet.configs.schema import display_only_keys

    display = display_only_keys()
    kept = [str(o) for o in task_overrides if str(o).split("=", 1)[0].lstrip("+~") not in display]
    text = "\n".join(sorted(kept))
    return hashlib.sha256(text.encode()).hexdigest()[:10]


def list_scenarios() -> list[tuple[str, str]]:
    """(name, question) for every scenario file: the question is the file's first comment line."""
    from enernet.configs import CONFIG_DIR

    out = []
    for path in sorted((CONFIG_DIR / "scenario").glob("*.yaml")):
        question = ""
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith("#") and "@package" not in line:
                question = line.lstrip("# ").split(":", 1)[-1].strip()
                break
        out.append((path.stem, question))
    return out


class _Terminated(KeyboardInterrupt):
    """SIGTERM, raised where the run is, so it unwinds as Ctrl-C does (temporary files removed)."""


@contextlib.contextmanager
def _interruptible(run_dir: str):
    """SIGTERM and SIGINT end a run cleanly: the run removes its temporary files as it unwinds, and
    one line says what is left in ``run_dir``; exit status 128 + the signal's number, no traceback."""
    def terminate(signum, frame):
        raise _Terminated()

    previous = signal.signal(signal.SIGTERM, terminate)
    try:
        yield
    except KeyboardInterrupt as stop:
        signum = signal.SIGTERM if isinstance(stop, _Terminated) else signal.SIGINT
        left = sorted(p.name for p in Path(run_dir).iterdir()) if Path(run_dir).is_dir() else []
        print(f"enernet run: stopped by {signal.Signals(signum).name}; the unfinished run's files were removed; "
              f"{run_dir} keeps {', '.join(left) if left else 'nothing'} (Hydra's config and log, no tables)",
              file=sys.stderr)
        sys.exit(128 + signum)
    finally:
        signal.signal(signal.SIGTERM, previous)


def _key_table(*, _root_) -> str:
    from enernet.reference import config_help

    return config_help(_root_)


def _hydra_run() -> None:
    import hydra
    from hydra.core.hydra_config import HydraConfig
    from omegaconf import DictConfig

    from enernet.configs.schema import register_schemas

    register_schemas()
    from omegaconf import OmegaConf

    if not OmegaConf.has_resolver("sweep_id"):
        OmegaConf.register_new_resolver("sweep_id", sweep_id)
    if not OmegaConf.has_resolver("enernet_keys"):  # --help's key table, from the fields' contracts
        OmegaConf.register_new_resolver("enernet_keys", _key_table)

    @hydra.main(version_base="1.3", config_path="pkg://enernet.configs", config_name="config")
    def run(cfg: DictConfig) -> dict:
        from enernet.configs.schema import ConfigError
        from enernet.runner import print_kpis, run_scenario

        run_dir = HydraConfig.get().runtime.output_dir
        with _interruptible(run_dir):
            try:
                kpis = run_scenario(cfg, run_dir)
            except ConfigError as error:  # found while building the world (a calibration that cannot be met)
                print(f"enernet run: {error}", file=sys.stderr)
                sys.exit(2)
        if cfg.run.summary:
            print_kpis(kpis, run_dir, cfg.currency)
        return kpis

    run()


def main(argv: list[str] | None = None) -> None:
    try:
        _main(argv)
    except KeyboardInterrupt:  # Ctrl-C before a run started (imports, composing): one line, no traceback
        print("enernet: stopped by SIGINT before any work; nothing was written", file=sys.stderr)
        sys.exit(128 + signal.SIGINT)


def _main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else list(argv)
    if not argv or argv[0] in ("-h", "--help", "help"):
        print(USAGE)
        return
    command, rest = argv[0], argv[1:]
    if command == "run":
        from enernet.configs import GROUPS
        from enernet.configs.schema import ConfigError, check_override_keys

        overrides = [a for a in rest if not a.startswith("-")]
        try:  # a misspelt key is refused here, with the nearest known key, before Hydra starts
            check_override_keys(overrides, GROUPS)
            if not any(a.startswith("-") for a in rest):
                # a single run: composed once here so that Hydra's own refusals (a wrong type, a
                # group option that does not exist) are one line and exit 2, like every other check
                from enernet.runner import compose_config

                compose_config([o for o in overrides if not o.lstrip("+~").startswith("hydra")])
        except ConfigError as error:
            print(f"enernet run: {error}", file=sys.stderr)
            sys.exit(2)
        sys.argv = ["enernet run", *rest]
        _hydra_run()
        return
    if command in ("report", "compare", "query"):
        from enernet.cli_analysis import COMMANDS

        sys.exit(COMMANDS[command](rest))
    if command == "dashboard":
        from enernet.dashboard_server import serve

        serve(rest)
        return
    if command == "scenarios":
        for name, question in list_scenarios():
            print(f"{name:<16} {question}")
        return
    print(f"enernet: unknown command {command!r}\n\n{USAGE}", file=sys.stderr)
    sys.exit(2)


if __name__ == "__main__":
    main()
