"""Run a scenario end to end: validate, build, simulate with progress, write the run directory."""
from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from omegaconf import DictConfig, OmegaConf

from enernet.configs.schema import ConfigError, check_override_keys, register_schemas, validate
from enernet.run_integrity import prepare_run_dir, table_checksums
from enernet.rundir import config_hash, git_revision, package_versions, strict, write_json_atomic


def compose_config(overrides: list[str] | None = None) -> DictConfig:
    """Compose the config from ``configs/`` with Hydra overrides, as ``enernet run`` would.

    A key the schema does not know, a value of the wrong type or an option a group does not have
    raises :class:`ConfigError` naming it, as the command line refuses it.
    """
    from hydra import compose, initialize_config_dir
    from hydra.core.global_hydra import GlobalHydra
    from hydra.errors import HydraException
    from omegaconf.errors import OmegaConfBaseException

    from enernet.configs import CONFIG_DIR, GROUPS

    if isinstance(overrides, (str, bytes)) or not all(isinstance(o, str) for o in (overrides or [])):
        raise ConfigError([f"compose_config(overrides = {overrides!r}) is not allowed: give a list of "
                           "'key=value' strings, e.g. ['scenario=tiny', 'seed=3']"])
    overrides = list(overrides or [])
    check_override_keys(overrides, GROUPS)
    register_schemas()
    if GlobalHydra.instance().is_initialized():
        GlobalHydra.instance().clear()
    try:
        with initialize_config_dir(config_dir=str(CONFIG_DIR), version_base="1.3"):
            return compose(config_name="config", overrides=overrides)
    except (HydraException, OmegaConfBaseException) as error:
        raise ConfigError([_hydra_problem(error)]) from None


def _hydra_problem(error: Exception) -> str:
    """Hydra's refusal in one line: what it says, and why (its cause's first line)."""
    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    cause = error.__cause__
    if cause is not None:
        lines += [line.strip() for line in str(cause).splitlines() if line.strip()][:1]
    if any(line.startswith("Config search path") for line in lines):  # Hydra's list of where it looked
        lines = lines[:next(i for i, line in enumerate(lines) if line.startswith("Config search path"))]
    kept = [line for line in lines if not line.startswith(("full_key", "object_type", "reference_type"))]
    return " ".join(dict.fromkeys(kept)).replace(": ", ": ", 1)


def _progress(model, enabled: bool):
    """A rich progress bar over intervals (a no-op context when disabled)."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    progress = Progress(
        TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
        TextColumn("intervals  day {task.fields[day]}/{task.fields[days]}"), TimeElapsedColumn(),
        disable=not enabled, transient=False,
    )
    name = model.cfg.scenario.name
    warmup = model.clock.warmup_days
    task = progress.add_task(f"{name} (warm-up: {warmup} days first)" if warmup else name,
                             total=model.clock.n_intervals, day=0, days=model.clock.days)
    every = max(1, model.clock.intervals_per_day // 8)

    def on_step(m) -> None:
        done = m.steps
        if done % every == 0 or not m.running:
            progress.update(task, description=name, completed=done,
                            day=min(done // m.clock.intervals_per_day + 1, m.clock.days))

    return progress, on_step


def run_scenario(cfg: DictConfig, run_dir: str | Path, progress: bool | None = None,
                 parallel_twins: bool | None = None) -> dict:
    """Simulate ``cfg`` and write its run directory; return the KPIs. ``progress`` and
    ``parallel_twins`` override ``run.progress`` and ``run.parallel_twins``.

    A failed run removes what it started writing: no half-written table is left behind.
    """
    from enernet.scenarios.model.model import EnernetModel
    from enernet.scenarios.model.sizing import check_size

    validate(cfg)
    check_size(cfg)  # before the directory is made: a refused run leaves nothing on disk
    run_dir = Path(run_dir)
    prepare_run_dir(run_dir, bool(cfg.run.overwrite))  # never two runs mixed in one directory
    run_dir.mkdir(parents=True, exist_ok=True)
    show = cfg.run.progress if progress is None else progress
    resolved = OmegaConf.to_container(cfg, resolve=True)
    model = None
    try:
        model = EnernetModel(cfg, run_dir)
        bar, on_step = _progress(model, show)
        with bar:
            kpis = model.run(on_step=on_step, parallel_twins=parallel_twins)
        if cfg.ev.adoption.years > 0:
            from enernet.adoption import adoption_study

            table, study_kpis = adoption_study(cfg)
            model.recorder.extra_tables["adoption"] = table
            kpis = {**kpis, **study_kpis}
        model.recorder.close()
        tables = model.recorder.describe()
        manifest = {
            "enernet_run": 1,
            "scenario": cfg.scenario.name,
            "seed": int(cfg.seed),
            "config_hash": config_hash(resolved),
            "config": resolved,
            "versions": package_versions(),
            "git_revision": git_revision(),
            "command": sys.argv,
            "data_sources": {
                "load_profile": "BDEW H25 household profile (demandlib 0.2.2 wheel, bdew_data/h25.csv)",
                "weather": model.weather_description,
                "ev_specs_and_mobility": "emobpy 0.6.2 wheel data (MIT): evspecs.json; Mobilitaet in Deutschland "
                                         "trip statistics (agents/data/emobpy)",
            },
            "recorded": list(tables),
            "tables": tables,
            "currency": cfg.currency,
            # homes of appliances: the behaviour factor met scenario.mean_annual_kwh; the sample's
            # year by end use at that factor [kWh/year] (scenarios.world.homes.calibrate_intensity)
            "homes_calibration": getattr(model.loads, "calibration", None),
            # every timestamp is this site's local standard time (typical years have no DST)
            "site": {"name": cfg.site.name, "time_zone": cfg.site.time_zone, "climate": cfg.site.climate},
            # A day per kernel call (scenarios.model.day_batch) or interval by interval, and why.
            "engine_path": model.engine_path,
            "warmup_days": model.clock.warmup_days,  # simulated before the recorded start, not recorded
            "counterfactual_twin": model.twin is not None,  # the "without response" run beside it
            # stepped in a second process (scenarios.model.twin_process) or in the model's
            "counterfactual_process": None if model.twins is None else "forked" if model.twins.forked else "same",
            "interval_path_because": model.day_batch_unavailable,
            "created_utc": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),  # timing field
            "wall_s": kpis["wall_s"],  # timing field
            "warmup_s": round(model.warmup_s, 4),  # timing field: the warm-up's part of wall_s
            "stage_timing_s": {k: round(v, 4) for k, v in model.pipeline.stage_s.items()},  # timing field
        }
        model.recorder.commit()
        # Each table's size and SHA-256 (load_run checks them); the manifest is written last.
        for name, entry in table_checksums(run_dir, list(tables)).items():
            tables[name].update(entry)
        kpis = strict(kpis)  # finite numbers or null: kpis.json is strict JSON
        write_json_atomic(run_dir / "kpis.json", kpis)
        write_json_atomic(run_dir / "manifest.json", manifest)
    except BaseException:
        if model is not None:
            model.recorder.abort()
        for name in ("kpis.json", "manifest.json"):
            (run_dir / f".{name}.tmp").unlink(missing_ok=True)
        raise
    return kpis


def print_kpis(kpis: dict, run_dir: str | Path, currency: str) -> None:
    """Print the KPI table and where the run directory is."""
    from rich.console import Console
    from rich.table import Table

    from enernet.kpi_format import kpi_unit, quiet_sections, readable
    from enernet.scenarios.model.kpi_definitions import KPIS

    table = Table(title="Key performance indicators", title_justify="left")
    table.add_column("KPI")
    table.add_column("value", justify="right")
    table.add_column("unit")
    table.add_column("meaning")

    def section_of(key):
        return KPIS[key].section if key in KPIS else "other"

    # A section whose every figure is zero (its features are off in this run) is left out of the
    # table, and named below it; kpis.json has everything.
    quiet = quiet_sections(kpis)
    section = None
    for key, value in kpis.items():
        if section_of(key) in quiet:
            continue
        if section_of(key) != section:
            if section is not None:
                table.add_section()
            section = section_of(key)
        text = readable(value)
        kpi = KPIS.get(key)
        table.add_row(key, text, kpi_unit(key, currency), kpi.doc if kpi else "")
    console = Console()
    console.print(table)
    if quiet:
        console.print(f"(all zero, not shown: {', '.join(sorted(quiet))} KPIs; see kpis.json)")
    console.print(f"run directory: [bold]{Path(run_dir).resolve()}[/bold]")
