"""Confidence of a coded event: one set of weights, so that `bench/confidence.py` can tune them."""

from __future__ import annotations

import os
from dataclasses import dataclass, fields, replace


@dataclass(frozen=True)
class Scoring:
    """Weights added to (or taken from) a base confidence; the result is clamped to [floor, ceiling]."""

    verb: float = 0.55  # base for a verb or adjective trigger
    noun: float = 0.45  # base for a noun trigger ("talks", "attack")
    source_coded: float = 0.2
    target_coded: float = 0.15
    specific: float = 0.05  # a lexicon entry with objects/particles, or a wrapper with its governed action
    hypothetical: float = 0.15  # taken off (only with --keep-negated)
    recoded: float = 0.1  # taken off when a modality rule recoded the trigger (negated, future)
    fallback: float = 0.1  # taken off per argument read by a fallback (any object, inherited subject...)
    alternative_factor: float = 0.5  # alternative pairings: confidence times this, at most alternative_cap
    alternative_cap: float = 0.3
    host: float = 0.05  # taken off the host's 043 of a visit
    reported_appeal: float = 0.5  # "X said Y must ...": an appeal
    floor: float = 0.05
    ceiling: float = 0.95

    def raw(self, kind: str, src_coded: bool, tgt_coded: bool, specific: bool, hypothetical: bool,
            weak: float, recoded: bool, alternative: bool) -> float:
        """The unclamped confidence of one event."""
        conf = self.noun if kind == "noun" else self.verb
        conf += self.source_coded if src_coded else 0.0
        conf += self.target_coded if tgt_coded else 0.0
        conf += self.specific if specific else 0.0
        conf -= self.hypothetical if hypothetical else 0.0
        conf -= weak + (self.recoded if recoded else 0.0)
        if alternative:
            conf = min(conf * self.alternative_factor, self.alternative_cap)
        return conf

    def clamp(self, conf: float) -> float:
        return round(max(self.floor, min(conf, self.ceiling)), 3)

    def host_of(self, raw: float) -> float:
        """The host's 043 of a visit: a little below the visit."""
        return round(max(self.floor, min(raw, self.ceiling)) - self.host, 3)


DEFAULT = Scoring()
ENV = "NEWSEVENTS_SCORING"


class ScoringError(ValueError):
    pass


def parse(spec: str, base: Scoring = DEFAULT) -> Scoring:
    """Weights from "verb=0.5,recoded=0.2" (names of Scoring fields) over `base`."""
    names = {f.name for f in fields(Scoring)}
    changes = {}
    for item in filter(None, (x.strip() for x in spec.split(","))):
        key, _, value = item.partition("=")
        if key.strip() not in names:
            raise ScoringError(f"{ENV}: unknown weight {key.strip()!r} (known: {', '.join(sorted(names))})")
        try:
            changes[key.strip()] = float(value)
        except ValueError:
            raise ScoringError(f"{ENV}: {key.strip()}={value!r} is not a number") from None
    return replace(base, **changes)


def current() -> Scoring:
    """The default weights, or those of $NEWSEVENTS_SCORING (for tuning, e.g. by bench/confidence.py)."""
    spec = os.environ.get(ENV)
    return parse(spec) if spec else DEFAULT
