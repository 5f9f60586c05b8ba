"""The counterfactual twins stepped in a second process beside the model, on the second core.

The twins read nothing the model writes (``scenarios.model.counterfactual``), so a copy of the
process forked at the start of ``run()`` can step them alone, interval by interval as the model
would have, and hand back what the model reads of each interval through shared memory: the twin's
feeder import and overloaded transformers, and the DR twin's net load of the customers the DR
programme meters. The numbers are the ones an in-process twin gives (same objects, same order of
operations; the test compares every table byte for byte); only who computes them changes. What the
twins shared with the model in-process is recomputed in the child from the same seed: the homes' day
plans and their critical-peak answers (announced by the DR twin's own retailer), the EV trips.

Flow: a ring of ``slots`` intervals in an anonymous shared mapping, and two pipes that count slots
(the child writes a byte per interval filled, the parent a byte per slot it has read). The child
runs at most a ring ahead; the parent waits only when the child is behind. The child writes only to
the ring and the pipes, never to the run directory, and leaves with ``os._exit`` (no buffers of the
parent flushed twice). If it fails, its traceback comes back through a third pipe and the model
raises it; if the model stops, the child is killed and waited for.
"""
from __future__ import annotations

import mmap
import os
import signal
import sys
import traceback
import warnings
from time import perf_counter

import numpy as np

from enernet.scenarios.model.counterfactual import TwinSteps

# The ring's size: a day of intervals at most, and no more than this many bytes (100,000 metered
# households x 96 intervals would be 77 MB).
RING_BYTES = 64 * 2**20


def can_fork() -> bool:
    """True where a second process can step the twins: Linux (``os.fork``), and this process may run
    on two cores or more."""
    if not sys.platform.startswith("linux"):  # fork beside threads is unsafe on macOS; Windows has none
        return False
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return min(cores, _cgroup_cpus()) >= 2


def forks_twins(has_twins: bool, interval_path: bool, parallel: bool) -> bool:
    """True when a run's counterfactual twins step in a forked process: it has twins, runs interval
    by interval, allows it (``run.parallel_twins``) and ``can_fork``. The model's ``run`` and the
    size estimate (``scenarios.model.sizing``) both ask this."""
    return has_twins and interval_path and parallel and can_fork()


def _cgroup_cpus() -> float:
    """The CPUs a cgroup v2 quota allows this process ("max": no limit), as a container sees them."""
    try:
        quota, period = open("/sys/fs/cgroup/cpu.max").read().split()[:2]
    except (OSError, ValueError):
        return float("inf")
    return float("inf") if quota == "max" else int(quota) / int(period)


def _quiet_child() -> None:
    """The child says nothing and answers no signal of its own: the run's output, its progress bar
    (whose thread is not in the child) and its Ctrl-C belong to the model's process, which stops
    the child itself (``ForkedTwins.close``); a failure goes back through the error pipe."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1), os.dup2(devnull, 2)
    sys.stdout = sys.stderr = open(os.devnull, "w")  # noqa: SIM115 - for the child's life, closed by its exit
    warnings.simplefilter("ignore")


class ForkedTwins:
    """``counterfactual.TwinSteps`` with the twins in a forked child: ``advance`` takes the next
    interval's readings from the ring (waiting for the child if need be)."""

    forked = True

    def __init__(self, model):
        self.model = model
        clock = model.clock
        self.next_interval = model.env.now // clock.interval_min  # the model's next interval (twins are there too)
        self.end_interval = clock.n_intervals
        self.rows = model.dr.meter_rows if model.dr is not None else np.zeros(0, dtype=np.int64)
        self.width = 2 + self.rows.size  # feeder import, overloaded transformers, the metered net loads
        self.slots = int(max(2, min(clock.intervals_per_day, RING_BYTES // (8 * self.width))))
        self._map = mmap.mmap(-1, 8 * self.width * self.slots)  # anonymous and shared: both processes see it
        self.ring = np.frombuffer(self._map, dtype=np.float64).reshape(self.slots, self.width)
        self.dr_net_kw = np.zeros(model.population.n)  # the metered rows filled each interval
        self.feeder_import_kw = float("nan")
        self.overloaded = 0
        self._ready = 0  # slots filled by the child and not yet read
        self._holding = False  # the slot read last, not yet handed back (the model read it in its interval)
        self._taken = self.next_interval
        self.wait_s = 0.0  # the model's time waiting for the child [s] (manifest: stage_timing_s.twins_wait)
        filled_r, filled_w = os.pipe()
        free_r, free_w = os.pipe()
        error_r, error_w = os.pipe()
        self.pid = self.child_pid = os.fork()  # pid: 0 once the child is waited for
        if self.pid == 0:  # the child: step the twins, never return into the model's run
            os.close(filled_r), os.close(free_w), os.close(error_r)
            code = 1
            try:
                _quiet_child()
                self._child(filled_w, free_r)
                code = 0
            except BaseException:  # noqa: BLE001 - every failure goes back to the model, then the child leaves
                os.write(error_w, traceback.format_exc().encode()[-8192:])
            finally:
                os._exit(code)
        os.close(filled_w), os.close(free_r), os.close(error_w)
        self._filled, self._free, self._error = filled_r, free_w, error_r

    # -- the child -------------------------------------------------------------------------------
    def _child(self, filled_w: int, free_r: int) -> None:
        m = self.model
        if hasattr(m.loads, "on_day"):
            m.loads.on_day = None  # the model's per-home table is the model's: nothing written from here
            m.loads.keeps_dr_answers = False  # no DR call reaches the twins: the price answers suffice
        steps = TwinSteps(m)
        credit = self.slots
        for interval in range(self.next_interval, self.end_interval):
            if credit == 0:
                freed = os.read(free_r, 4096)
                if not freed:
                    return  # the model is gone
                credit += len(freed)
            steps.advance(interval)
            slot = self.ring[interval % self.slots]
            slot[0] = steps.feeder_import_kw
            slot[1] = steps.overloaded
            if self.rows.size:
                np.take(steps.dr_net_kw, self.rows, out=slot[2:])
            credit -= 1
            os.write(filled_w, b"\x01")

    # -- the model's side ----------------------------------------------------------------------
    def advance(self, interval: int) -> None:
        """The twins' readings of ``interval`` (the model's next, in order)."""
        if self._filled < 0:
            raise RuntimeError("the counterfactual twins' process has ended (the run finished or failed): "
                               "build a new model to run again")
        if interval != self._taken:
            raise RuntimeError(f"the twins' process steps intervals in order: {interval} asked, "
                               f"{self._taken} next")
        self._taken += 1
        if self._holding:  # hand back the slot read last (before waiting: the child may be waiting for it)
            try:
                os.write(self._free, b"\x01")
            except BrokenPipeError:
                pass  # the child has left: done with every interval (else the read below says why)
            self._holding = False
        if not self._ready:
            waited = perf_counter()
            while not self._ready:
                got = os.read(self._filled, 4096)
                if not got:
                    raise RuntimeError(f"the counterfactual twins' process failed at interval {interval}:\n"
                                       + self._child_error())
                self._ready += len(got)
            self.wait_s += perf_counter() - waited
        self._ready -= 1
        slot = self.ring[interval % self.slots]
        self.feeder_import_kw = float(slot[0])
        self.overloaded = int(slot[1])
        if self.rows.size:
            self.dr_net_kw[self.rows] = slot[2:]
        self._holding = True

    def _child_error(self) -> str:
        chunks = []
        while chunk := os.read(self._error, 65536):
            chunks.append(chunk)
        status = self._reap()
        how = ("" if status is None else f" (killed by signal {-status})" if status < 0 else f" (exit status {status})")
        return b"".join(chunks).decode(errors="replace") or f"(it exited without a traceback{how})"

    def _reap(self) -> int | None:
        """Wait for the child; its exit code (negative: the signal that killed it), None if unknown."""
        code = None
        if self.pid:
            try:
                code = os.waitstatus_to_exitcode(os.waitpid(self.pid, 0)[1])
            except ChildProcessError:
                pass
            self.pid = 0
        return code

    def close(self) -> None:
        """Stop the child (it has finished at the run's end; after a failure it is killed) and
        release the pipes and the ring."""
        if self.pid:
            try:
                done, _ = os.waitpid(self.pid, os.WNOHANG)
            except ChildProcessError:  # reaped already (SIGCHLD ignored by a host process)
                done, self.pid = 1, 0
            if not done and self._taken < self.end_interval:
                os.kill(self.pid, signal.SIGKILL)
            self._reap()
        for fd in (self._filled, self._free, self._error):
            try:
                os.close(fd)
            except OSError:
                pass
        self._filled = self._free = self._error = -1
        self.ring = None
        try:
            self._map.close()
        except BufferError:  # a view of it still held somewhere: freed with it
            pass
