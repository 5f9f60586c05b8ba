"""SimPy helpers."""
from __future__ import annotations

from simpy.core import URGENT
from simpy.events import Event


class UrgentTimeout(Event):
    """A timeout processed before the ordinary events of the same minute.

    DR event starts and ends use it so that they take effect before that minute's interval is
    metered, whatever order the processes were created in.
    """

    def __init__(self, env, delay: float, value=None):
        if delay < 0:
            raise ValueError(f"delay = {delay} is not allowed: must be >= 0")
        super().__init__(env)
        self._ok = True
        self._value = value
        env.schedule(self, URGENT, delay)
