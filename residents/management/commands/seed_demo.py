"""Demo data: a believable housing association to click through, and a large register for benchmarks.

`seed_demo` adds four neighbourhoods with their blocks of flats and streets of houses, a few hundred homes
and residents (some joint tenants sharing a tenancy reference), and three logins: resident@demo.example
(linked to their register entry), staff@demo.example and board@demo.example, all with DEMO_PASSWORD. Staff
and board have no two-factor authenticator yet: the portal asks them to set one up, as it would a new member
of staff.

`seed_demo --scale N` also adds N residents in about N homes, spread over the same neighbourhoods, for
benchmarks.

Rows go through the register import's own writer (register_import.apply_rows), so seeded data obeys the same
rules as an imported register. Every row has a stable reference (P-000001, R-000001, T-100001; SP-, SR- and
ST- for scale data) and is made from a fixed random seed, so running the command again adds nothing.

A re-run creates only what is missing and leaves every existing row as it is, even one changed since (a
resident's new phone number, a renamed neighbourhood, a login's name): someone trying the portal out should
not find their changes quietly put back. It says what it created and what it left.

Made-up people and a published password must never reach a live register: the command refuses to run with
DEBUG off unless given --force.
"""

import random
import re
import time
from dataclasses import dataclass
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone
from faker import Faker

from residents import demo
from residents.models import (
    Block,
    Channel,
    Feedback,
    FeedbackCategory,
    FeedbackKind,
    FeedbackStatus,
    Home,
    Neighbourhood,
    Resident,
    Role,
    Tenure,
    User,
    YouSaidWeDid,
)
from residents.people import services
from residents.people.register_import import apply_rows

DEMO_PASSWORD = "demo-portal-2026"
SEED = 2026
LCHO_SHARE = 0.15  # about 85% of homes are low-cost rental, the rest low-cost home ownership
JOINT_TENANCY_SHARE = 0.2
DEMO_RESIDENT_REFERENCE = "R-000001"
DEMO_LOGINS = (
    # email, role, full name ("" for the resident: they take the name on their register entry)
    ("resident@demo.example", Role.RESIDENT, ""),
    ("staff@demo.example", Role.STAFF, "Jo Whitfield"),
    ("board@demo.example", Role.BOARD, "Graham Ashworth"),
)


@dataclass(frozen=True)
class Place:
    """A block of flats (it has a street address) or a street of houses, as the register calls a block."""

    name: str
    postcode: str
    homes: int
    street_address: str = ""


@dataclass(frozen=True)
class Area:
    name: str
    town: str
    district: str  # the outward code used for scale blocks
    places: tuple[Place, ...]


AREAS = (
    Area(
        "Millfield",
        "Leeds",
        "LS6",
        (
            Place("Alder House", "LS6 2AB", 24, "12 Mill Lane"),
            Place("Weaver Court", "LS6 2AD", 18, "40 Mill Lane"),
            Place("Beech Road", "LS6 3CD", 30),
            Place("Kirkstall Terrace", "LS6 3EF", 16),
        ),
    ),
    Area(
        "Hillside",
        "Bradford",
        "BD3",
        (
            Place("Hillside Tower", "BD3 7HJ", 40, "1 Hillside Road"),
            Place("Cedar Court", "BD3 7EF", 16),
            Place("Low Green", "BD3 7PQ", 24),
            Place("Rowan Close", "BD3 8LN", 14),
        ),
    ),
    Area(
        "Riverside",
        "Wakefield",
        "WF1",
        (
            Place("Wharf House", "WF1 5RS", 30, "Calder Quay"),
            Place("Ferry Mews", "WF1 5RT", 12, "2 Ferry Lane"),
            Place("Calder Walk", "WF1 5TU", 24),
            Place("Tanners Row", "WF1 5DL", 12),
        ),
    ),
    Area(
        "Oakwood",
        "Leeds",
        "LS8",
        (
            Place("Oakwood Grange", "LS8 2PW", 20, "2 Oakwood Lane"),
            Place("Elm Grove", "LS8 2QB", 28),
            Place("Roundhay View", "LS8 4AZ", 18),
            Place("Gledhow Walk", "LS8 4BD", 12),
        ),
    ),
)

# Scale data: block names made from these never clash with the demo places above (the register import
# treats a block name as belonging to one neighbourhood).
SCALE_WORDS = (
    "Ash Aspen Bramble Chestnut Hawthorn Hazel Heather Holly Juniper Larch Laurel Linden Maple Myrtle Poplar "
    "Sycamore Willow Yew Acorn Blackthorn Foxglove Primrose Bluebell Clover Meadow Orchard Heron Kestrel Lark Wren"
).split()
SCALE_SUFFIXES = (
    "House Court Road Close Lane Street Grove Walk Mews Gardens Way Place Terrace Crescent Drive Avenue Rise View "
    "Lodge Tower"
).split()
SCALE_QUALIFIERS = ("", "North", "South", "East", "West", "Upper", "Lower", "Old", "New", "Little")
FLAT_SUFFIXES = {"House", "Court", "Mews", "Lodge", "Tower"}
POSTCODE_UNIT_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"  # letters used in the inward code (no C, I, K, M, O, V)
SCALE_HOMES_PER_BLOCK = 48
SCALE_GROUP = (8, 7)  # every 8 scale residents live in 7 homes: the last home is a joint tenancy
SCALE_CHUNK = 8_000  # residents written per call to the import writer; a multiple of SCALE_GROUP[0]


@dataclass
class Counts:
    neighbourhoods: int = 0
    blocks: int = 0
    homes: int = 0
    residents: int = 0
    logins: int = 0

    def any(self) -> bool:
        return any(vars(self).values())

    def __str__(self) -> str:
        return (
            f"{self.neighbourhoods} neighbourhoods, {self.blocks} blocks, {self.homes} homes, "
            f"{self.residents} residents and {self.logins} logins"
        )


# Demo data ------------------------------------------------------------------------------------------


def seed_demo() -> tuple[Counts, Counts]:
    """Add what is missing of the demo association and its logins, leaving what is there as it is. Returns what
    was created and what was left. Run in a transaction."""
    rows = demo_rows()
    left = _present(rows)
    before = _table_counts()
    apply_rows(_missing_rows(rows))
    after = _table_counts()
    created = Counts(**{name: after[name] - before[name] for name in before})
    made = [_ensure_login(email, role, full_name) for email, role, full_name in DEMO_LOGINS]
    created.logins, left.logins = sum(made), len(made) - sum(made)
    return created, left


def _present(rows: list[dict]) -> Counts:
    """How many of the places, homes and residents in these rows are there already."""
    neighbourhoods = {r["neighbourhood"] for r in rows}
    homes = {r["property_reference"] for r in rows}
    return Counts(
        neighbourhoods=Neighbourhood.objects.filter(name__in=neighbourhoods).count(),
        blocks=Block.objects.filter(name__in={r["block"] for r in rows}).count(),
        homes=Home.objects.filter(property_reference__in=homes).count(),
        residents=Resident.objects.filter(resident_reference__in=[r["resident_reference"] for r in rows]).count(),
    )


def _missing_rows(rows: list[dict]) -> list[dict]:
    """The rows of residents not on the register yet. The import writer updates a home it finds, so a new joint
    tenant of an existing home is given that home as it is now, and the writer finds nothing to change."""
    existing = set(
        Resident.objects.filter(resident_reference__in=[r["resident_reference"] for r in rows]).values_list(
            "resident_reference", flat=True
        )
    )
    missing = [r for r in rows if r["resident_reference"] not in existing]
    homes = {
        home.property_reference: home
        for home in Home.objects.filter(
            property_reference__in={r["property_reference"] for r in missing}
        ).select_related("block__neighbourhood")
    }
    kept = []
    for row in missing:
        home = homes.get(row["property_reference"])
        if home is not None:
            row = {
                **row,
                "address_line_1": home.address_line_1,
                "address_line_2": home.address_line_2,
                "town": home.town,
                "postcode": home.postcode,
                "tenure": home.tenure,
                "block": home.block.name,
                "neighbourhood": home.block.neighbourhood.name,
            }
        kept.append(row)
    return kept


def demo_rows() -> list[dict]:
    """One register row per resident, as a checked import file would give them."""
    fake = Faker("en_GB")
    fake.seed_instance(SEED)
    rng = random.Random(SEED)
    rows = []
    home_number = 0
    for area in AREAS:
        for place in area.places:
            for number in range(1, place.homes + 1):
                home_number += 1
                home = _demo_home(area, place, number, home_number, rng)
                last_name = fake.last_name()
                household = [(fake.first_name(), last_name)]
                if rng.random() < JOINT_TENANCY_SHARE:
                    household.append((fake.first_name(), last_name if rng.random() < 0.7 else fake.last_name()))
                for first_name, surname in household:
                    reference = f"R-{len(rows) + 1:06d}"
                    rows.append({**home, **_person(reference, first_name, surname, rng)})
    rows[0]["email"] = DEMO_LOGINS[0][0]  # the demo resident's register entry has their login email
    return rows


def _demo_home(area: Area, place: Place, number: int, home_number: int, rng: random.Random) -> dict:
    if place.street_address:
        line_1, line_2 = f"Flat {number} {place.name}", place.street_address
    else:
        line_1, line_2 = f"{number} {place.name}", ""
    return {
        "property_reference": f"P-{home_number:06d}",
        "tenancy_reference": f"T-{100_000 + home_number}",
        "address_line_1": line_1,
        "address_line_2": line_2,
        "town": area.town,
        "postcode": place.postcode,
        "tenure": Tenure.LCHO if rng.random() < LCHO_SHARE else Tenure.LCRA,
        "block": place.name,
        "neighbourhood": area.name,
    }


def _person(reference: str, first_name: str, last_name: str, rng: random.Random) -> dict:
    """Contact details that cannot reach anyone: example.org addresses and Ofcom's numbers for drama."""
    email = ""
    if rng.random() < 0.65:
        local = ".".join(re.sub(r"[^a-z]", "", name.lower()) for name in (first_name, last_name))
        email = f"{local}{rng.randint(1, 99)}@example.org"
    roll = rng.random()
    if roll < 0.6:
        phone = f"07700 900{rng.randint(0, 999):03d}"
    elif roll < 0.8:
        phone = f"0113 496 0{rng.randint(0, 999):03d}"
    else:
        phone = ""
    return {
        "resident_reference": reference,
        "first_name": first_name,
        "last_name": last_name,
        "email": email,
        "phone": phone,
    }


def _ensure_login(email: str, role: str, full_name: str) -> bool:
    """Make a demo login that can sign in straight away. Returns whether the account is new; an existing one
    is left as it is (its name, password and email address)."""
    user = User.objects.filter(email__iexact=email).first()
    created = user is None
    if created:
        user = User.objects.create_user(email, DEMO_PASSWORD, role=role, full_name=full_name)
        EmailAddress.objects.get_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
    if role == Role.RESIDENT and not Resident.objects.filter(user=user).exists():
        entry = Resident.objects.select_related("home").get(resident_reference=DEMO_RESIDENT_REFERENCE)
        services.link_account_by_tenancy(
            user=user, tenancy_reference=entry.tenancy_reference, postcode=entry.home.postcode
        )
        if created and not user.full_name:
            user.full_name = entry.full_name
            user.save(update_fields=["full_name"])
    return created


def _table_counts() -> dict[str, int]:
    return {
        "neighbourhoods": Neighbourhood.objects.count(),
        "blocks": Block.objects.count(),
        "homes": Home.objects.count(),
        "residents": Resident.objects.count(),
    }


# Scale data -----------------------------------------------------------------------------------------


def seed_scale(total: int, *, progress=None) -> Counts:
    """Add scale residents SR-0000001 .. SR-<total> and their homes, chunk by chunk. Run in a transaction.

    A chunk whose residents are all there already is skipped, so re-running with the same total is quick.
    """
    fake = Faker("en_GB")
    fake.seed_instance(SEED)
    first_names = [fake.first_name() for _ in range(2_000)]
    last_names = [fake.last_name() for _ in range(2_000)]
    counts = Counts()
    for start in range(0, total, SCALE_CHUNK):
        end = min(start + SCALE_CHUNK, total)
        references = [_scale_reference(i) for i in range(start, end)]
        if Resident.objects.filter(resident_reference__in=references).count() == len(references):
            continue
        summary = apply_rows(_missing_rows(_scale_rows(start, end, first_names, last_names)))
        counts.homes += summary["homes"]["added"]
        counts.residents += summary["residents"]["added"]
        if progress:
            progress(f"  {end:,} of {total:,} scale residents")
    return counts


def _scale_reference(index: int) -> str:
    return f"SR-{index + 1:07d}"


def _scale_rows(start: int, end: int, first_names: list[str], last_names: list[str]) -> list[dict]:
    """Rows for scale residents start..end-1. Start is a multiple of the group size, so joint tenants stay together."""
    rng = random.Random(f"{SEED}:{start}")  # per chunk, so a skipped chunk does not change the others
    per_group, homes_per_group = SCALE_GROUP
    rows = []
    for index in range(start, end):
        group, position = divmod(index, per_group)
        home = group * homes_per_group + min(position, homes_per_group - 1)
        last_name = rng.choice(last_names)
        if position == per_group - 1 and rng.random() < 0.7:
            last_name = rows[-1]["last_name"]  # a joint tenant, often sharing a surname
        rows.append({**_scale_home(home), **_person(_scale_reference(index), rng.choice(first_names), last_name, rng)})
    return rows


def _scale_home(home: int) -> dict:
    block, position = divmod(home, SCALE_HOMES_PER_BLOCK)
    area = AREAS[block % len(AREAS)]
    name = _scale_block_name(block)
    number = position + 1
    is_flats = name.split()[-1] in FLAT_SUFFIXES
    in_area = block // len(AREAS)
    sector = 1 + (in_area // 400) % 9
    unit = POSTCODE_UNIT_LETTERS[(in_area // 20) % 20] + POSTCODE_UNIT_LETTERS[in_area % 20]
    # Knuth's multiplicative hash spreads the low-cost home ownership homes over blocks without a random state.
    is_lcho = (home * 2_654_435_761) % 1_000 < LCHO_SHARE * 1_000
    return {
        "property_reference": f"SP-{home + 1:07d}",
        "tenancy_reference": f"ST-{home + 1:07d}",
        "address_line_1": f"Flat {number} {name}" if is_flats else f"{number} {name}",
        "address_line_2": "",
        "town": area.town,
        "postcode": f"{area.district} {sector}{unit}",
        "tenure": Tenure.LCHO if is_lcho else Tenure.LCRA,
        "block": name,
        "neighbourhood": area.name,
    }


def _scale_block_name(block: int) -> str:
    """Distinct, plausible names: 'Hazel Grove', then 'North Hazel Grove', ..., then numbered."""
    words, suffixes = len(SCALE_WORDS), len(SCALE_SUFFIXES)
    word = SCALE_WORDS[block % words]
    suffix = SCALE_SUFFIXES[(block // words) % suffixes]
    cycle = block // (words * suffixes)
    qualifier = SCALE_QUALIFIERS[cycle % len(SCALE_QUALIFIERS)]
    name = f"{qualifier} {word} {suffix}".strip()
    if cycle >= len(SCALE_QUALIFIERS):
        name = f"{name} {cycle // len(SCALE_QUALIFIERS) + 1}"
    return name


def _refresh_statistics(models=(Neighbourhood, Block, Home, Resident)) -> None:
    """Planner statistics and visibility map as autovacuum would leave them on a live database, so the first
    benchmark after a large seed sees the real table sizes and can use index-only scans.

    VACUUM cannot run inside a transaction (as under a test); ANALYZE alone is enough there.
    """
    tables = ", ".join(model._meta.db_table for model in models)
    with connection.cursor() as cursor:
        cursor.execute(f"{'ANALYZE' if connection.in_atomic_block else 'VACUUM ANALYZE'} {tables}")


# Feedback and "You said, we did" ----------------------------------------------------------------------

DEMO_FEEDBACK = [
    # resident reference, kind, category, scope, text
    (
        "R-000001",
        "complaint",
        "repairs",
        "home",
        "I reported a broken window in my bedroom six weeks ago and nobody has come.",
    ),
    ("R-000001", "service_request", "damp_mould", "home", "There is black mould spreading on the bathroom ceiling."),
    (
        "R-000003",
        "suggestion",
        "grounds",
        "neighbourhood",
        "Could we have benches by the play area? Older residents have nowhere to sit.",
    ),
    ("R-000004", "compliment", "cleaning", "block", "The new cleaner keeps the stairwell spotless. Thank you."),
    ("R-000005", "comment", "asb", "block", "Cars are parked on the grass every night and the lights are out."),
    ("R-000006", "service_request", "safety", "block", "The fire door on the second floor does not close properly."),
    ("R-000007", "complaint", "communication", "home", "I was promised a call back three times and never got one."),
    (
        "R-000008",
        "suggestion",
        "communal",
        "block",
        "The notice board is always out of date. Could it show repairs in the block?",
    ),
]


def seed_demo_feedback() -> int:
    """A few realistic feedback items and one published "You said, we did", once (through the services): when
    there is any feedback already, nothing is added."""
    if Feedback.objects.exists():
        return 0
    from residents.feedback import services as feedback_services
    from residents.updates import services as updates

    made = []
    for reference, kind, category, scope, text in DEMO_FEEDBACK:
        resident = Resident.objects.filter(resident_reference=reference).select_related("home__block").first()
        if resident is None:
            continue
        made.append(
            feedback_services.submit_feedback(
                resident=resident,
                logged_by=resident.user,
                channel=Channel.PORTAL if resident.user_id else Channel.PHONE,
                kind=kind,
                category=category,
                scope=scope,
                text=text,
            )
        )
    benches = [f for f in made if f.category == "grounds"]
    if benches:
        entry = YouSaidWeDid.objects.create(
            title="Benches by the play area",
            you_said="Older residents told us there was nowhere to sit near the play area.",
            we_did="We have put in three benches and will check with residents in the spring that they are used.",
            topic="grounds",
        )
        entry.neighbourhoods.add(benches[0].neighbourhood)
        updates.set_sources(entry=entry, objects=benches)
        updates.schedule_update(entry=entry, publish_at=timezone.now())
        updates.publish_due_updates()
    return len(made)


def seed_scale_feedback(total: int) -> int:
    """Add feedback items (bulk) from scale residents until there are `total`, and published entries."""
    have = Feedback.objects.count()
    if have >= total:
        return 0
    rng = random.Random(f"{SEED}:feedback:{have}")
    residents = list(
        Resident.objects.filter(resident_reference__startswith="SR-").values_list(
            "id", "home_id", "home__block_id", "home__block__neighbourhood_id"
        )[: max(total, 1)]
    )
    if not residents:
        raise CommandError("Seed scale residents first (--scale N).")
    kinds, categories = FeedbackKind.values, FeedbackCategory.values
    statuses = [FeedbackStatus.NEW, FeedbackStatus.IN_PROGRESS, FeedbackStatus.RESPONDED, FeedbackStatus.CLOSED]
    now = timezone.now()
    items = []
    for n in range(have, total):
        resident_id, home_id, block_id, neighbourhood_id = residents[n % len(residents)]
        created = now - timedelta(minutes=rng.randrange(60 * 24 * 365))
        # As in a working queue: most items older than a month are closed.
        recent = now - created < timedelta(days=30)
        status = rng.choice(statuses) if recent or rng.random() < 0.05 else FeedbackStatus.CLOSED
        items.append(
            Feedback(
                resident_id=resident_id,
                home_id=home_id,
                block_id=block_id,
                neighbourhood_id=neighbourhood_id,
                kind=rng.choice(kinds),
                category=rng.choice(categories),
                scope="home",
                channel=Channel.PORTAL,
                text="Scale feedback for benchmarks.",
                status=status,
                created_at=created,
                next_due_at=None if status == FeedbackStatus.CLOSED else created + timedelta(days=rng.randrange(1, 40)),
            )
        )
    Feedback.objects.bulk_create(items, batch_size=5000)
    neighbourhoods = list(Neighbourhood.objects.values_list("id", flat=True))
    entries = YouSaidWeDid.objects.bulk_create(
        [
            YouSaidWeDid(
                title=f"Scale update {n}",
                you_said="Residents asked.",
                we_did="We did it.",
                topic=rng.choice(categories),
                status="published",
                everyone=n % 5 == 0,
                published_at=now - timedelta(hours=n),
                voices=rng.randrange(1, 40),
            )
            for n in range(total // 100)
        ]
    )
    YouSaidWeDid.neighbourhoods.through.objects.bulk_create(
        [
            YouSaidWeDid.neighbourhoods.through(
                yousaidwedid_id=e.id, neighbourhood_id=neighbourhoods[i % len(neighbourhoods)]
            )
            for i, e in enumerate(entries)
            if not e.everyone
        ]
    )
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {Feedback._meta.db_table}, {YouSaidWeDid._meta.db_table}")
    return len(items)


# Command --------------------------------------------------------------------------------------------


class Command(BaseCommand):
    help = "Add a demo housing association with demo logins; --scale N also adds N residents for benchmarks."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=int, default=0, metavar="N", help="also add N scale residents")
        parser.add_argument("--feedback", type=int, default=0, metavar="N", help="with --scale: N feedback items")
        parser.add_argument("--force", action="store_true", help="run even with DEBUG off (never on a live register)")

    def handle(self, *args, scale: int = 0, feedback: int = 0, force: bool = False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "seed_demo adds made-up residents and logins with a published password, so it only runs with "
                "DEBUG on. Use --force to run it anyway, and never against a live register."
            )
        if scale < 0:
            raise CommandError("--scale must be a positive number of residents.")

        with transaction.atomic():
            created, left = seed_demo()
        if created.any():
            self.stdout.write(f"Demo data: created {created} (password {DEMO_PASSWORD}).")
        else:
            self.stdout.write("Demo data already present: created nothing.")
        if left.any():
            self.stdout.write(f"Demo data left as it was (changes kept): {left}.")
        with transaction.atomic():
            made = seed_demo_feedback()
        if made:
            self.stdout.write(f'Demo feedback: {made} items and a published "You said, we did".')
        else:
            self.stdout.write("Demo feedback: there is feedback already, so none was added and it was left as it was.")
        for seed in demo.SEEDS:
            with transaction.atomic():
                said = seed()
            if said:
                self.stdout.write(said)

        if scale:
            started = time.monotonic()
            with transaction.atomic():
                counts = seed_scale(scale, progress=self.stdout.write)
            if counts.any():
                _refresh_statistics()  # part of making the data usable, so inside the time reported
                self.stdout.write(
                    f"Scale data: created {counts.homes:,} homes, {counts.residents:,} residents "
                    f"in {time.monotonic() - started:.1f}s."
                )
            else:
                self.stdout.write(f"Scale data for {scale:,} residents already present.")
        if feedback:
            with transaction.atomic():
                made = seed_scale_feedback(feedback)
            if made:
                _refresh_statistics((Feedback, YouSaidWeDid))  # the queue's counts read indexes only once vacuumed
            self.stdout.write(f"Scale feedback: added {made:,} items." if made else "Scale feedback already present.")
