"""Demo data from the apps above this one (surveys, panels, community).

Each registers a seed from its AppConfig.ready(); `seed_demo` runs them after the demo register and feedback,
each in its own transaction. A seed is idempotent and returns a line to print, or "" when it added nothing.
"""

from collections.abc import Callable

SEEDS: list[Callable[[], str]] = []


def register_demo_seed(seed: Callable[[], str]) -> None:
    if seed not in SEEDS:
        SEEDS.append(seed)
