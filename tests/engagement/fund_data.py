"""A Community Fund small enough to count by hand, for the Board dashboard's fund figures and the public
performance page."""

from decimal import Decimal

from community.fund import services
from residents.models import Tenure

from ..community.fund_fixtures import application_for, make_round
from ..factories import BlockFactory, HomeFactory, NeighbourhoodFactory, ResidentFactory
from .board_data import when


def build_fund(staff) -> dict:
    """North: Ann, Bob, Eve; South: Dan.

    Rounds: "Early 2025" opened 1 February 2025 (before the reporting year 2025), £2,000, North. "Summer 2025" opened
    1 May 2025, £5,000, North and South. "Winter 2025" opened 1 November 2025, £3,000, South.

    Applications:
    - Ann to Early 2025 for North: sent 1 February 2025, awarded £200 on 1 March 2025, reported 1 May 2025: 15
      people reached.
    - Ann to Summer 2025 for North: sent 1 May 2025, £800 awarded in full on 15 June 2025, reported 1 October 2025:
      40 people reached.
    - Bob to Summer 2025 for North and South: asked £600, £400 awarded (in part) on 15 June 2025, no report yet.
    - Dan to Summer 2025 for South: sent 1 May 2025, declined 15 June 2025.
    - Dan to Winter 2025 for South: sent 1 November 2025, not decided yet.
    - Eve to Summer 2025: a draft, never sent.

    In the reporting year 2025, all neighbourhoods: budget £8,000 (two rounds); four applications sent (one each of
    submitted, awarded, part awarded, declined); £1,200 awarded to two projects; two reports: £1,000 spent, 55
    people reached. Residents who applied: Ann, Bob and Dan (three; Dan twice)."""
    north, south = NeighbourhoodFactory(name="North"), NeighbourhoodFactory(name="South")
    north_block = BlockFactory(neighbourhood=north)
    people = {
        name: ResidentFactory(home=HomeFactory(block=north_block, tenure=Tenure.LCRA), first_name=name.title())
        for name in ("ann", "bob", "eve")
    }
    people["dan"] = ResidentFactory(home=HomeFactory(block=BlockFactory(neighbourhood=south)), first_name="Dan")

    def fund_round(title, opens, budget, neighbourhoods):
        opens_at = when(*opens)
        return make_round(
            neighbourhoods,
            title=title,
            budget=Decimal(budget),
            opens_at=opens_at,
            closes_at=when(opens[0], opens[1] + 1, opens[2]),
        )

    early = fund_round("Early 2025", (2025, 2, 1), "2000", [north])
    summer = fund_round("Summer 2025", (2025, 5, 1), "5000", [north, south])
    winter = fund_round("Winter 2025", (2025, 11, 1), "3000", [south])

    def apply(name, to, amount, helps):
        application = application_for(people[name], to, amount=Decimal(amount), title=f"{name} {to.title}")
        application.neighbourhoods.set(helps)
        return application

    def decide(application, award, on):
        return services.decide(
            application=application,
            award=None if award is None else Decimal(award),
            reasons="Decided by the panel.",
            actor=staff,
            now=when(*on),
        )

    def report(application, people_reached, on):
        services.submit_report(
            application=application, what_done="Ran it.", people_reached=people_reached, spend="Food.", now=when(*on)
        )

    early_ann = decide(apply("ann", early, "200", [north]), "200", (2025, 3, 1))
    report(early_ann, 15, (2025, 5, 1))
    summer_ann = decide(apply("ann", summer, "800", [north]), "800", (2025, 6, 15))
    report(summer_ann, 40, (2025, 10, 1))
    decide(apply("bob", summer, "600", [north, south]), "400", (2025, 6, 15))
    decide(apply("dan", summer, "500", [south]), None, (2025, 6, 15))
    apply("dan", winter, "300", [south])
    application_for(people["eve"], summer, submit=False)
    return {"north": north, "south": south, "people": people, "rounds": [early, summer, winter]}
