"""Occupancy: who is away, asleep or active at home, every 10 minutes, as a Markov chain per person.

The chain is fitted to aggregate time-use statistics (facts), in the spirit of Richardson et al.
(2008, 2010) but not their GPL tables: for each role (a worker on a working day, someone at home
on a working day, anyone on a rest day) a target share of people in each state by time of day,
and a chain whose transition matrix at step t is

    P(t) = s(t) I + (1 - s(t)) 1 q(t)^T,   q(t) = (pi(t+1) - s(t) pi(t)) / (1 - s(t))

so that a population started at pi(0) has exactly the target shares pi(t) at every step, while each
person stays in a state with probability at least s(t) (persistence ``PERSISTENCE``, lowered where
the targets move faster than it allows; mean spells of about 1 / (1 - s) steps).

The target shares are logistic curves set by a few published figures, so they can be checked:
China Time Use Survey 2018 (NBS, 2019): 9 h 19 min of sleep a day on average; employed people's
paid work about 7.5 h on a working day plus about 0.7 h travel; the elderly spend more time at
home (about 20 h). ``tests/scenarios/test_homes.py`` checks the fitted chain's sleep and time away
against these figures.
"""
from __future__ import annotations

import numpy as np

STEP_MIN = 10
STEPS_PER_DAY = 24 * 60 // STEP_MIN
AWAY, ASLEEP, ACTIVE = 0, 1, 2
PERSISTENCE = 0.93  # chance of staying in a state each 10 minutes, where the targets allow it
ROLES = ("worker_workday", "home_workday", "rest_day")


def _logistic(hours: np.ndarray, centre_h: float, width_h: float) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-(hours - centre_h) / width_h))


def _asleep_share(hours, bed_h: float, wake_h: float, width_h: float = 0.6) -> np.ndarray:
    """Share asleep: falling around waking (``wake_h``), rising around bedtime (``bed_h`` < 24)."""
    morning = 1.0 - _logistic(hours, wake_h, width_h)
    evening = _logistic(hours, bed_h, width_h)
    return 0.97 * np.maximum(morning, evening)  # a few people are up at any hour


def target_shares(role: str) -> np.ndarray:
    """(STEPS_PER_DAY + 1, 3) shares away, asleep, active at the start of each 10-minute step
    (the last row is the next midnight, equal to the first)."""
    hours = np.arange(STEPS_PER_DAY + 1) * STEP_MIN / 60.0
    if role == "worker_workday":
        asleep = _asleep_share(hours, bed_h=22.7, wake_h=7.0)
        away = 0.92 * _logistic(hours, 7.9, 0.35) * (1.0 - _logistic(hours, 18.2, 0.5))
    elif role == "home_workday":
        asleep = _asleep_share(hours, bed_h=21.6, wake_h=6.7)
        away = 0.30 * (_logistic(hours, 8.5, 0.5) * (1 - _logistic(hours, 11.0, 0.4))
                       + _logistic(hours, 15.0, 0.5) * (1 - _logistic(hours, 17.5, 0.4)))
    elif role == "rest_day":
        asleep = _asleep_share(hours, bed_h=22.8, wake_h=8.2)
        away = 0.40 * _logistic(hours, 9.5, 0.6) * (1 - _logistic(hours, 17.5, 0.6))
    else:
        raise ValueError(f"role = {role!r} is not allowed: choose one of {', '.join(ROLES)}")
    away = np.minimum(away, 1.0 - asleep)
    active = 1.0 - away - asleep
    shares = np.stack([away, asleep, active], axis=1)
    shares[-1] = shares[0]
    return shares


def fit_chain(shares: np.ndarray, persistence: float = PERSISTENCE) -> np.ndarray:
    """(STEPS_PER_DAY, 3, 3) transition matrices P[t][from, to] reproducing ``shares`` exactly."""
    steps = shares.shape[0] - 1
    out = np.empty((steps, 3, 3))
    eye = np.eye(3)
    for t in range(steps):  # 144 steps, once per role at start-up
        now, nxt = shares[t], shares[t + 1]
        with np.errstate(divide="ignore", invalid="ignore"):
            bound = np.where(now > 0, nxt / now, np.inf)
        s = min(persistence, float(bound.min()))
        q = (nxt - s * now) / (1.0 - s) if s < 1.0 else nxt
        q = np.clip(q, 0.0, None)
        q /= q.sum()
        out[t] = s * eye + (1.0 - s) * q[None, :]
    return out


class Occupancy:
    """Each person's state over a day, drawn from the role's chain, vectorised over people.

    ``draw_day`` takes the people's roles for the day and a uniform per person and step (from the
    caller's counter-based stream, so the day's states do not depend on what was drawn before);
    it returns (people, STEPS_PER_DAY) states. People start each day in a state drawn from the
    role's midnight shares.
    """

    def __init__(self):
        self.shares = np.stack([target_shares(r) for r in ROLES])  # (roles, steps + 1, 3)
        chains = np.stack([fit_chain(s) for s in self.shares])  # (roles, steps, 3, 3)
        self.cumulative = np.cumsum(chains, axis=3)  # (roles, steps, from, to)
        self.cumulative[..., -1] = 1.0
        self.start_cumulative = np.cumsum(self.shares[:, 0, :], axis=1)
        self.start_cumulative[:, -1] = 1.0

    def draw_day(self, roles: np.ndarray, uniforms: np.ndarray) -> np.ndarray:
        """roles : (people,) int index into ROLES; uniforms : (people, STEPS_PER_DAY + 1) in [0, 1)."""
        people = roles.shape[0]
        states = np.empty((people, STEPS_PER_DAY), dtype=np.int8)
        state = (uniforms[:, 0, None] >= self.start_cumulative[roles]).sum(axis=1)
        for t in range(STEPS_PER_DAY):  # over the day's steps, vectorised over people
            states[:, t] = state
            cdf = self.cumulative[roles, t, state]  # (people, 3)
            state = (uniforms[:, t + 1, None] >= cdf).sum(axis=1)
        return states
