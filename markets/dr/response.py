"""How enrolled customers answer a demand-response call (a decision each makes at the event's start).

Participation probability = (1 - opt-out probability) x (1 - fatigue per event)^(events this
customer was called to in the last ``fatigue_days``) x (the emergency factor when the event comes
without notice). A responder cuts ``flexible_share`` of its base load for the event (shedding part
and shifting ``rebound_share`` of it to the hours after) and, with ``battery_discharge``, runs its
battery at full power. Vectorised over the called customers; the draw uses the DR programme's own
random stream.
"""
from __future__ import annotations

import numpy as np


def participation_probability(cfg, recent_events: int, emergency: bool) -> float:
    p = (1.0 - cfg.opt_out_probability) * (1.0 - cfg.fatigue_per_event) ** recent_events
    return p * (cfg.emergency_response_factor if emergency else 1.0)


def decide_responses(called_rows: np.ndarray, rng: np.random.Generator, cfg, recent_events: int,
                     emergency: bool) -> np.ndarray:
    """Rows of the called customers who respond."""
    p = participation_probability(cfg, recent_events, emergency)
    return called_rows[rng.random(called_rows.size) < p]
