"""Each config field's contract, declared once beside the field: type (the annotation), unit,
meaning and allowed range. The same declaration feeds validation, ``enernet run --help`` and the
generated config reference (``docs/config.md``).

    households: int = declare(500, "households simulated", "households", ge=1, le=1_000_000)

A value is checked against its declaration generically (finite numbers, the range, one of the
allowed names, each element of a list); rules across fields (an initial share below the final
share, an interval that divides a day) are small functions beside the dataclasses they concern.
"""
from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass, field
from typing import Any

from omegaconf import MISSING, ListConfig


class ConfigError(ValueError):
    """A configuration value is out of range or names something that does not exist."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("invalid configuration:\n  - " + "\n  - ".join(problems))


@dataclass(frozen=True)
class Contract:
    """What a field may hold: ``ge``/``gt`` and ``le``/``lt`` bound numbers (and each element of a
    list of numbers), ``choices`` names; ``optional`` allows null; ``nonempty`` refuses an empty list; ``results=False``
    marks a field that never changes a run's results (progress bar, overwrite): a run's identity
    (``config_hash``, what a resumed sweep skips) leaves it out; ``internal`` marks a name or
    description a group's option file sets, or a key derived from others: ``--help`` leaves it out
    (the generated docs list it)."""

    doc: str
    unit: str = ""
    ge: float | None = None
    gt: float | None = None
    le: float | None = None
    lt: float | None = None
    choices: tuple[str, ...] | None = None
    optional: bool = False
    nonempty: bool = False
    results: bool = True  # False: the field changes how a run is shown or guarded, never its results
    internal: bool = False  # set by a group's option file or derived from other keys: not in --help

    def allowed(self) -> str:
        """The allowed values in words, e.g. 'a number in [0, 1]' or 'one of flat, tou'."""
        if self.choices is not None:
            return "one of " + ", ".join(self.choices)
        low = f"[{_num(self.ge)}" if self.ge is not None else (f"({_num(self.gt)}" if self.gt is not None else None)
        high = f"{_num(self.le)}]" if self.le is not None else (f"{_num(self.lt)})" if self.lt is not None else None)
        if low and high:
            return f"in {low}, {high}"
        if low:
            return (">= " if low[0] == "[" else "> ") + low[1:]
        if high:
            return ("<= " if high[-1] == "]" else "< ") + high[:-1]
        return "any value of its type"

    def problem(self, key: str, value: Any) -> str | None:
        """Why ``value`` is not allowed for ``key`` (None when it is)."""
        if value is None or value is MISSING:
            return None if self.optional else f"{key} is not set: give {self.allowed()}"
        if self.choices is not None:
            return None if value in self.choices else f"{key} = {value!r} is not allowed: choose {self.allowed()}"
        if isinstance(value, bool) or isinstance(value, str):
            return None
        sequence = isinstance(value, (list, tuple, ListConfig))
        values = list(value) if sequence else [value]
        if sequence and self.nonempty and not values:
            return f"{key} = [] is not allowed: give at least one value, each {self.allowed()}"
        for v in values:
            if isinstance(v, bool) or not isinstance(v, (int, float)):
                continue  # structured lists (tariff periods) have contracts of their own
            if not math.isfinite(v) or not self._in_range(v):
                what = "each value must be a finite number" if sequence else "must be a finite number"
                shown = list(value) if sequence else value
                unit = f" [{self.unit}]" if self.unit and self.unit != "-" else ""
                return f"{key} = {shown!r} is not allowed: {what} {self.allowed()}{unit}"
        return None

    def _in_range(self, v: float) -> bool:
        return ((self.ge is None or v >= self.ge) and (self.gt is None or v > self.gt)
                and (self.le is None or v <= self.le) and (self.lt is None or v < self.lt))


def _num(x: float) -> str:
    return f"{x:g}" if isinstance(x, float) else f"{x:,}" if abs(x) >= 10_000 else str(x)


def declare(default, doc: str, unit: str = "", **contract):
    """A dataclass field with its contract; lists get a copy of ``default`` per instance."""
    meta = {"contract": Contract(doc=doc, unit=unit, **contract)}
    if isinstance(default, list):
        return field(default_factory=lambda: list(default), metadata=meta)
    return field(default=default, metadata=meta)


def section(cls, doc: str = ""):
    """A nested section (a dataclass field holding another schema)."""
    return field(default_factory=cls, metadata={"section": doc})


def contracts(schema) -> list[tuple[str, dataclasses.Field]]:
    """Every (name, field) of ``schema`` that carries a contract, in declaration order."""
    return [(f.name, f) for f in dataclasses.fields(schema) if "contract" in f.metadata]


def check_fields(node, schema, prefix: str, problems: list[str]) -> None:
    """Check each declared field of ``node`` (a DictConfig or dataclass instance of ``schema``),
    and each nested section, appending one line per problem."""
    import typing

    hints = typing.get_type_hints(schema)
    for f in dataclasses.fields(schema):
        key = f"{prefix}{f.name}"
        try:
            value = node[f.name] if hasattr(node, "__getitem__") else getattr(node, f.name)
        except Exception as error:  # an interpolation that cannot resolve, a missing value
            reason = str(error).splitlines()[0] if str(error) else type(error).__name__
            problems.append(f"{key} cannot be read: {reason.replace('ValueError raised while resolving interpolation: ', '')}")
            continue
        if "contract" in f.metadata:
            problem = f.metadata["contract"].problem(key, value)
            if problem:
                problems.append(problem)
        elif dataclasses.is_dataclass(hints[f.name]) and value is not None:
            check_fields(value, hints[f.name], f"{key}.", problems)


def describe(schema, prefix: str = ""):
    """(key, type, unit, default, allowed, meaning) of every declared field, nested sections too."""
    import typing

    hints = typing.get_type_hints(schema)
    for f in dataclasses.fields(schema):
        hint = hints[f.name]
        if "contract" in f.metadata:
            c = f.metadata["contract"]
            default = f.default_factory() if f.default_factory is not dataclasses.MISSING else f.default
            yield (f"{prefix}{f.name}", _type_name(hint), c.unit, "(required)" if default is MISSING else default,
                   c.allowed(), c.doc)
            element = typing.get_args(hint)[0] if typing.get_origin(hint) is list else None
            if element is not None and dataclasses.is_dataclass(element):  # e.g. tariff.periods[].start_h
                yield from describe(element, f"{prefix}{f.name}[].")
        elif dataclasses.is_dataclass(hint):
            yield from describe(hint, f"{prefix}{f.name}.")


def not_results(schema, prefix: str = "") -> list[str]:
    """Dotted keys of every field declared with ``results=False``, nested sections too."""
    import typing

    out = []
    for f in dataclasses.fields(schema):
        hint = typing.get_type_hints(schema)[f.name]
        if "contract" in f.metadata and not f.metadata["contract"].results:
            out.append(f"{prefix}{f.name}")
        elif dataclasses.is_dataclass(hint):
            out += not_results(hint, f"{prefix}{f.name}.")
    return out


def internal_keys(schema, prefix: str = "") -> list[str]:
    """Dotted keys of every field declared ``internal=True``, nested sections too."""
    import typing

    out = []
    for f in dataclasses.fields(schema):
        hint = typing.get_type_hints(schema)[f.name]
        if "contract" in f.metadata and f.metadata["contract"].internal:
            out.append(f"{prefix}{f.name}")
        elif dataclasses.is_dataclass(hint):
            out += internal_keys(hint, f"{prefix}{f.name}.")
    return out


def _type_name(hint) -> str:
    text = getattr(hint, "__name__", None) or str(hint)
    return text.replace("typing.", "").replace("Optional[", "").rstrip("]") if "Optional" in str(hint) else text
