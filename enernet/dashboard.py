"""The live classroom dashboard (Mesa's SolaraViz): sliders, play/step/reset, charts each step.

Run it with ``enernet dashboard`` (``--host``, ``--port``). It shows the ``classroom`` scenario: the
supply and demand curves of the current interval's green market with the clearing point, the
clearing price over time, each transformer's loading against its rating, DR events as they are
called and answered, and every household on a grid, coloured by what it is doing.
"""
from __future__ import annotations

import numpy as np
import solara
from matplotlib.figure import Figure
from mesa.visualization import Slider, SolaraViz
from mesa.visualization.utils import update_counter

from enernet import compose_config
from enernet.configs.constants import MINUTES_PER_DAY, MINUTES_PER_HOUR
from enernet.configs.names import MARKET_MECHANISMS, TARIFF_KINDS
from enernet.scenarios.model.model import EnernetModel

MECHANISMS = list(MARKET_MECHANISMS)
TARIFFS = list(TARIFF_KINDS)
STATE_COLOURS = {"consuming": "#4c72b0", "exporting": "#55a868", "charging EV": "#dd8452", "responding to DR": "#c44e52"}



def _clock(minute: int) -> str:
    """HH:MM of a minute from the recorded start (the day's clock)."""
    return f"{minute % MINUTES_PER_DAY // MINUTES_PER_HOUR:02d}:{minute % MINUTES_PER_HOUR:02d}"

def parse_seed(text) -> tuple[int, str | None]:
    """The seed typed into the dashboard, and what is wrong with it (then seed 0 is used)."""
    try:
        value = int(str(text).strip())
    except ValueError:
        return 0, f"Seed {str(text)[:40]!r} is not a whole number: the model uses seed 0."
    if not 0 <= value <= 2**63 - 1:
        return 0, f"Seed {value} is out of range (0 to 2^63 - 1): the model uses seed 0."
    return value, None


class ClassroomModel(EnernetModel):
    """The classroom scenario with the dashboard's controls as plain keyword arguments."""

    def __init__(self, households: int = 30, pv_share: float = 0.4, ev_share: float = 0.2,
                 mechanism: str = "pay_as_clear", tariff: str = "tou", dr_incentive: float = 1.0, seed="0"):
        seed_value, self.input_problem = parse_seed(seed)
        cfg = compose_config([
            "scenario=classroom", f"scenario.households={int(households)}",
            f"scenario.transformers={max(1, min(3, int(households)))}", f"scenario.pv_share={pv_share}",
            f"ev.share={ev_share}", f"market={mechanism}", f"tariff={tariff}", "dr=transformer_relief",
            f"dr.incentive_per_kwh={dr_incentive}", "grid.kva_per_household=0.8", f"seed={seed_value}",
            "run.progress=false", "scenario.start_date=2025-01-13",
        ])
        super().__init__(cfg)
        self.history = {"hour": [], "price": [], "retail": [], "feeder_kw": []}

    def step(self) -> None:
        super().step()
        if not self.running and self.steps > self.clock.n_intervals:
            return
        clock = self.clock
        self.history["hour"].append((self.steps - 1) * clock.interval_min / MINUTES_PER_HOUR)
        price, _ = getattr(self.green_market, "last_clearing", (np.nan, 0.0))
        self.history["price"].append(price)
        self.history["retail"].append(float(self.retailer.price_table[clock.slot_of_day(self.steps - 1)].mean()))
        self.history["feeder_kw"].append(float(self.grid_operator.power_balance.feeder_load_kw.sum()))


def _figure(width=5.2, height=3.4):
    fig = Figure(figsize=(width, height), layout="constrained")
    return fig, fig.subplots()


@solara.component
def SupplyDemand(model):
    update_counter.get()
    fig, ax = _figure()
    book = getattr(model.green_market, "last_book", None)
    if book is None or not model.steps:
        ax.text(0.5, 0.5, "press Step to clear the first interval", ha="center", transform=ax.transAxes)
    else:
        buy_price, buy_qty, sell_price, sell_qty = book
        for prices, qty, descending, colour, label in ((buy_price, buy_qty, True, "#4c72b0", "demand (bids)"),
                                                       (sell_price, sell_qty, False, "#55a868", "supply (asks)")):
            if len(prices):
                order = np.argsort(-prices if descending else prices, kind="stable")
                x = np.concatenate([[0], np.cumsum(qty[order])])
                y = np.concatenate([prices[order], [prices[order][-1]]])
                ax.step(x, y, where="post", color=colour, label=label)
        price, volume = model.green_market.last_clearing
        if volume > 0 and np.isfinite(price):
            ax.plot([volume], [price], "o", color="#c44e52", ms=9, label=f"clearing: {volume:.2f} kWh at {price:.3f}")
        ax.legend(fontsize=8, loc="best")
    ax.set(xlabel="energy [kWh]", ylabel="price per kWh", title=f"Green market, interval {model.steps}")
    solara.FigureMatplotlib(fig)


@solara.component
def PriceSeries(model):
    update_counter.get()
    fig, ax = _figure()
    h = model.history
    ax.plot(h["hour"], h["retail"], label="retail tariff", color="0.4")
    ax.plot(h["hour"], h["price"], ".-", label="green-market price", color="#c44e52", ms=3)
    ax.set(xlabel="hour of the run", ylabel="price per kWh", title="Clearing price over time")
    ax.legend(fontsize=8)
    solara.FigureMatplotlib(fig)


@solara.component
def TransformerLoading(model):
    update_counter.get()
    fig, ax = _figure()
    pb = model.grid_operator.power_balance
    loading = pb.transformer_loading_pu
    colours = ["#c44e52" if x > 1 else "#4c72b0" for x in loading]
    ax.bar(np.arange(loading.size), loading, color=colours)
    ax.axhline(1.0, color="k", lw=1, ls="--", label="rating")
    ax.set(xlabel="transformer", ylabel="loading [pu of rating]", title="Transformer loading",
           ylim=(0, max(1.3, float(loading.max()) * 1.1)))
    ax.set_xticks(np.arange(loading.size))
    ax.legend(fontsize=8)
    solara.FigureMatplotlib(fig)


@solara.component
def HouseholdGrid(model):
    update_counter.get()
    fig, ax = _figure(5.2, 4.0)
    pop, net = model.population, model.pipeline.net_kw
    n = pop.n
    side = int(np.ceil(np.sqrt(n)))
    x, y = np.arange(n) % side, np.arange(n) // side
    charging = np.zeros(n, dtype=bool)
    if model.ev is not None:
        charging[model.ev.household] = model.ev.power_kw > 0
    responding = model.dr.answering if model.dr is not None else np.zeros(n, dtype=bool)
    state = np.where(responding, "responding to DR", np.where(charging, "charging EV",
                                                                  np.where(net < 0, "exporting", "consuming")))
    has_ev = np.zeros(n, dtype=bool)
    if model.ev is not None:
        has_ev[model.ev.household] = True
    markers = {"PV + battery": (pop.has_battery, "D"), "PV": (pop.has_pv & ~pop.has_battery, "s"),
               "EV": (has_ev & ~pop.has_pv, "^"), "household": (~pop.has_pv & ~has_ev, "o")}
    for label, (mask, marker) in markers.items():
        for name, colour in STATE_COLOURS.items():
            sel = mask & (state == name)
            if sel.any():
                ax.scatter(x[sel], y[sel], s=170, marker=marker, color=colour, edgecolors="k", linewidths=0.5)
    for name, colour in STATE_COLOURS.items():
        ax.scatter([], [], color=colour, label=name, s=60)
    ax.set(title="Households (marker: role, colour: state)", xticks=[], yticks=[])
    ax.invert_yaxis()
    ax.legend(fontsize=7, loc="upper center", bbox_to_anchor=(0.5, -0.02), ncol=2, frameon=False)
    solara.FigureMatplotlib(fig)


@solara.component
def DREvents(model):
    update_counter.get()
    lines = ["**Demand-response events**", ""]
    events = model.dr.events if model.dr is not None else []
    now = model.env.now
    for e in events[-8:]:
        status = "called" if now < e.start_min else ("running" if now < e.end_min else "settled")
        answered = f"{e.n_responded}/{e.n_called} responded" if e.n_called else "awaiting start"
        pay = f", paid {e.incentive:.2f}" if status == "settled" else ""
        lines.append(f"- transformer {e.transformer}: {e.kind.replace('dr_', '')}, "
                     f"{_clock(e.start_min)}-{_clock(e.end_min)} "
                     f"(day {e.start_min // MINUTES_PER_DAY + 1}), {status}, {answered}{pay}")
    if not events:
        lines.append("none yet: the operator calls one when a transformer is forecast to overload, or overloads now")
    with solara.Column(gap="2px"):
        for line in lines:
            solara.Text(line.lstrip("-* ").replace("**", ""))


model_params = {
    "households": Slider("Households", 30, 10, 60, 5),
    "pv_share": Slider("PV share", 0.4, 0.0, 1.0, 0.05),
    "ev_share": Slider("EV share", 0.2, 0.0, 1.0, 0.05),
    "mechanism": {"type": "Select", "value": "pay_as_clear", "values": MECHANISMS, "label": "Market mechanism"},
    "tariff": {"type": "Select", "value": "tou", "values": TARIFFS, "label": "Tariff"},
    "dr_incentive": Slider("DR incentive per kWh", 1.0, 0.0, 3.0, 0.25),
    "seed": {"type": "InputText", "value": "0", "label": "Seed"},
}

def InputProblems(model):
    """What is wrong with a typed value (a seed of "abc"), shown first, in words, never a traceback."""
    update_counter.get()
    if model.input_problem:
        solara.Warning(model.input_problem)
    else:
        solara.Text("")


@solara.component
def Page():
    # One model per browser session: each student's controls and steps are their own.
    model = solara.use_memo(ClassroomModel, dependencies=[])
    return SolaraViz(
        model,
        components=[InputProblems, SupplyDemand, PriceSeries, TransformerLoading, HouseholdGrid, DREvents],
        model_params=model_params,
        name="enernet classroom",
        play_interval=300,
    )
