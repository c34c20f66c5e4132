"""Demo data from the apps above this one (surveys, panels, community).

Each registers a seed from its AppConfig.ready(); `seed_demo` runs them after the demo register and feedback,
each in its own transaction. A seed is idempotent: it creates what is missing, never changes what is there, and
returns a line to print saying which it did ("" when it had nothing to do, e.g. no demo register to use).
"""

from collections.abc import Callable

SEEDS: list[Callable[[], str]] = []


def register_demo_seed(seed: Callable[[], str]) -> None:
    if seed not in SEEDS:
        SEEDS.append(seed)
