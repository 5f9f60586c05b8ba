"""The ``enernet`` command.

    enernet run [OVERRIDES...]     simulate a scenario (Hydra: ``enernet run --help`` lists the groups)
"""
from __future__ import annotations

import sys

USAGE = """usage: enernet COMMAND [ARGS...]

commands:
  run [OVERRIDES...]   simulate a scenario end to end and write a run directory
                       (Hydra overrides, e.g. scenario=tiny seed=3 hydra.run.dir=out/tiny;
                        'enernet run --help' lists the config groups and keys)
"""


def _hydra_run() -> None:
    import hydra
    from hydra.core.hydra_config import HydraConfig
    from omegaconf import DictConfig

    from sim.config import register_schemas

    register_schemas()

    @hydra.main(version_base="1.3", config_path="pkg://configs", config_name="config")
    def run(cfg: DictConfig) -> dict:
        from sim.runner import print_kpis, run_scenario

        run_dir = HydraConfig.get().runtime.output_dir
        kpis = run_scenario(cfg, run_dir)
        if cfg.run.summary:
            print_kpis(kpis, run_dir, cfg.currency)
        return kpis

    run()


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else list(argv)
    if not argv or argv[0] in ("-h", "--help", "help"):
        print(USAGE)
        return
    command, rest = argv[0], argv[1:]
    if command == "run":
        sys.argv = ["enernet run", *rest]
        _hydra_run()
        return
    print(f"enernet: unknown command {command!r}\n\n{USAGE}", file=sys.stderr)
    sys.exit(2)


if __name__ == "__main__":
    main()
