"""An ended reporting year's figures, frozen: the register grouped for the representativeness tables and the
involvement reach (representation.count_grouped_register) and the households reached (involvement.households_reached)
are counted once, the first time anyone asks for the year after it has ended, and stored (FrozenYear). From then on
the year reads that one row: a resident moving in or out, or an equality answer changed, no longer moves the
comparison of an ended year, and the year costs one small query instead of two over the whole register."""

from . import involvement, representation
from .models import FrozenYear
from .periods import Period


def year_figures(period: Period, cache: dict | None = None) -> dict:
    """{"groups": [Group], "households": {neighbourhood id: (homes, homes reached)}} for an ended reporting year:
    one query once frozen; the first time, the two counts and one insert."""
    if cache is not None and ("frozen", period.key) in cache:
        return cache[("frozen", period.key)]
    stored = FrozenYear.objects.filter(reporting_year=period.reporting_year).values_list("figures", flat=True).first()
    if stored is None:
        stored = {
            "groups": [group.as_list() for group in representation.count_grouped_register(period)],
            "households": [[pk, *figures] for pk, figures in _count_households(period).items()],
        }
        # Two first requests at once: the first insert wins and this one's figures, counted at the same moment, are
        # shown once.
        FrozenYear.objects.bulk_create(
            [FrozenYear(reporting_year=period.reporting_year, figures=stored)], ignore_conflicts=True
        )
    found = {
        "groups": [representation.Group.from_list(group) for group in stored["groups"]],
        "households": {pk: (homes, reached) for pk, homes, reached in stored["households"]},
    }
    if cache is not None:
        cache[("frozen", period.key)] = found
    return found


def households(period: Period, cache: dict | None = None) -> dict:
    """Homes with someone on the register and homes where someone took part, by neighbourhood: frozen for an ended
    reporting year, counted live otherwise."""
    if period.kind == "year" and period.ended:
        return year_figures(period, cache)["households"]
    return _count_households(period)


def _count_households(period: Period) -> dict:
    reached = involvement.households_reached(period)
    homes = representation.register_side()["homes"]
    return {pk: (n, reached.get(pk, 0)) for pk, n in homes.items()}
