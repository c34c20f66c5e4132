"""What a checked register file would change, and writing it.

plan_import compares checked rows with the register and writes nothing; summarise_plan turns that into the
preview staff see; apply_plan writes a plan, keeping the register's value where a blank cell may not clear it,
and records each change to a resident as a RegisterChange. register_import.py checks files and runs imports.
"""

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils import timezone

from . import services, signals
from .models import Block, Home, Neighbourhood, RegisterChange, RegisterImport, Resident, join_name

HOME_FIELDS = ["block_id", "address_line_1", "address_line_2", "town", "postcode", "tenure"]
RESIDENT_FIELDS = ["home_id", "tenancy_reference", "first_name", "last_name", "email", "phone"]
BATCH = 2000


def _upsert_places(rows: list[dict]) -> dict[tuple[str, str], int]:
    """Make sure every neighbourhood and block exists. Returns (neighbourhood, block) -> block id."""
    # Names match whatever their case ("Millfield", "millfield"): one place each, named as first written.
    neighbourhood_names: dict[str, str] = {}
    wanted: dict[tuple[str, str], str] = {}
    for r in rows:
        neighbourhood_names.setdefault(r["neighbourhood"].lower(), r["neighbourhood"])
        wanted.setdefault((r["neighbourhood"].lower(), r["block"].lower()), r["block"])
    existing = {n.name.lower(): n for n in Neighbourhood.objects.all()}
    new_neighbourhoods = [Neighbourhood(name=name) for key, name in neighbourhood_names.items() if key not in existing]
    if new_neighbourhoods:
        Neighbourhood.objects.bulk_create(new_neighbourhoods, ignore_conflicts=True)
        signals.neighbourhoods_added.send(sender=Neighbourhood)
    neighbourhoods = {n.name.lower(): n.id for n in Neighbourhood.objects.all()}
    blocks = {(b.neighbourhood_id, b.name.lower()): b.id for b in Block.objects.all()}
    Block.objects.bulk_create(
        [
            Block(neighbourhood_id=neighbourhoods[n], name=name)
            for (n, b), name in wanted.items()
            if (neighbourhoods[n], b) not in blocks
        ],
        ignore_conflicts=True,
    )
    blocks = {(b.neighbourhood_id, b.name.lower()): b.id for b in Block.objects.all()}
    return {(n, b): blocks[(neighbourhoods[n], b)] for n, b in wanted}


def _existing(model, key_field: str, keys: list[str], fields: list[str]):
    """Rows whose key is in keys, fetched in chunks so a 100,000-row file makes a few dozen queries."""
    for start in range(0, len(keys), 10_000):
        yield from model.objects.filter(**{f"{key_field}__in": keys[start : start + 10_000]}).values(key_field, *fields)


# Cells that may be left empty. A blank one where the register has a value would erase it, so it clears the value
# only when staff confirm that separately; otherwise the value already on the register is kept.
CLEARABLE = ("email", "phone", "address_line_2", "town")
HOME_DIFF = ["block", "address_line_1", "address_line_2", "town", "postcode", "tenure"]
RESIDENT_DIFF = ["home", "tenancy_reference", "first_name", "last_name", "email", "phone"]
FIELD_LABELS = RegisterChange.FIELD_LABELS
SAMPLE_SIZE = 50


@dataclass
class Plan:
    """What a checked file would do to the register as it is now. Computed, never written, so the same file
    against the same register always gives the same plan (and the same fingerprint)."""

    rows: list[dict]
    new_homes: dict[str, dict] = field(default_factory=dict)
    changed_homes: dict[str, dict] = field(default_factory=dict)  # ref -> {"id", "target", "changes"}
    new_residents: dict[str, dict] = field(default_factory=dict)
    changed_residents: dict[str, dict] = field(default_factory=dict)
    new_neighbourhoods: int = 0
    new_blocks: int = 0
    home_count: int = 0

    def fingerprint(self) -> str:
        def changes(entries):
            return {ref: entry["changes"] for ref, entry in entries.items()}

        everything = [
            self.new_homes,
            changes(self.changed_homes),
            self.new_residents,
            changes(self.changed_residents),
        ]
        return hashlib.sha256(json.dumps(everything, sort_keys=True, default=list).encode()).hexdigest()


def _block_label(block: str, neighbourhood: str) -> str:
    return f"{block} ({neighbourhood})"


def _diff(current: dict, wanted: dict, fields: list[str]) -> dict[str, list[str]]:
    return {f: [current[f], wanted[f]] for f in fields if current[f] != wanted[f]}


def is_clearing(name: str, old: str, new: str) -> bool:
    return name in CLEARABLE and old != "" and new == ""


def plan_import(rows: list[dict]) -> Plan:
    """Compare checked rows with the register, in a fixed number of queries per 10,000 rows."""
    plan = Plan(rows=rows)
    homes: dict[str, dict] = {}
    for r in rows:
        homes.setdefault(
            r["property_reference"],
            {
                "block": _block_label(r["block"], r["neighbourhood"]),
                "block_key": [r["neighbourhood"].lower(), r["block"].lower()],
                **{f: r[f] for f in ("address_line_1", "address_line_2", "town", "postcode", "tenure")},
            },
        )
    plan.home_count = len(homes)
    neighbourhoods = {name.lower() for name in Neighbourhood.objects.values_list("name", flat=True)}
    blocks = {(n.lower(), b.lower()) for n, b in Block.objects.values_list("neighbourhood__name", "name")}
    plan.new_neighbourhoods = len({r["neighbourhood"].lower() for r in rows} - neighbourhoods)
    plan.new_blocks = len({(r["neighbourhood"].lower(), r["block"].lower()) for r in rows} - blocks)

    existing_homes = {
        v["property_reference"]: v
        for v in _existing(
            Home,
            "property_reference",
            list(homes),
            ["id", "block__name", "block__neighbourhood__name", *HOME_DIFF[1:]],
        )
    }
    for ref, wanted in homes.items():
        current = existing_homes.get(ref)
        if current is None:
            plan.new_homes[ref] = wanted
            continue
        current["block"] = _block_label(current["block__name"], current["block__neighbourhood__name"])
        # Names match whatever their case, as they do when places are added.
        if [current["block__neighbourhood__name"].lower(), current["block__name"].lower()] == wanted["block_key"]:
            current["block"] = wanted["block"]
        changes = _diff(current, wanted, HOME_DIFF)
        if changes:
            plan.changed_homes[ref] = {"id": current["id"], "current": current, "target": wanted, "changes": changes}

    existing_residents = {
        v["resident_reference"]: v
        for v in _existing(
            Resident,
            "resident_reference",
            [r["resident_reference"] for r in rows],
            ["id", "home__property_reference", *RESIDENT_DIFF[1:]],
        )
    }
    for r in rows:
        ref = r["resident_reference"]
        wanted = {"home": r["property_reference"], **{f: r[f] for f in RESIDENT_DIFF[1:]}}
        current = existing_residents.get(ref)
        if current is None:
            plan.new_residents[ref] = wanted
            continue
        current["home"] = current["home__property_reference"]
        changes = _diff(current, wanted, RESIDENT_DIFF)
        if changes:
            plan.changed_residents[ref] = {
                "id": current["id"],
                "current": current,
                "target": wanted,
                "changes": changes,
            }
    return plan


def _kept_changes(changes: dict, clear_blanks: bool) -> dict:
    return {f: v for f, v in changes.items() if clear_blanks or not is_clearing(f, *v)}


def summarise_plan(plan: Plan) -> dict:
    """The preview staff see: counts, values blank cells would clear by column, and a sample of the residents
    and homes affected. Stored on the import with the plan's fingerprint."""
    cleared = dict.fromkeys(CLEARABLE, 0)
    for entries in (plan.changed_homes, plan.changed_residents):
        for entry in entries.values():
            for name, (old, new) in entry["changes"].items():
                if is_clearing(name, old, new):
                    cleared[name] += 1

    def counts(entries: dict, new: dict, total: int) -> dict:
        # "updated" counts what changes if blanks keep the register's values (the default);
        # "updated_if_cleared" what changes if clearing is confirmed too.
        updated = sum(1 for entry in entries.values() if _kept_changes(entry["changes"], False))
        return {
            "added": len(new),
            "updated": updated,
            "updated_if_cleared": len(entries),
            "unchanged": total - len(new) - updated,
        }

    sample = []
    for ref, values in plan.new_residents.items():
        if len(sample) >= SAMPLE_SIZE:
            break
        sample.append(
            {
                "kind": "new resident",
                "reference": ref,
                "name": join_name(values["first_name"], values["last_name"]),
                "changes": [],
            }
        )
    for kind, entries in (("resident", plan.changed_residents), ("home", plan.changed_homes)):
        for ref, entry in entries.items():
            if len(sample) >= SAMPLE_SIZE:
                break
            current = entry["current"]
            name = (
                join_name(current["first_name"], current["last_name"])
                if kind == "resident"
                else current["address_line_1"]
            )
            sample.append(
                {
                    "kind": kind,
                    "reference": ref,
                    "name": name,
                    "changes": [
                        {"field": FIELD_LABELS[f], "old": old, "new": new, "clears": is_clearing(f, old, new)}
                        for f, (old, new) in entry["changes"].items()
                    ],
                }
            )
    affected = len(plan.new_residents) + len(plan.changed_residents) + len(plan.changed_homes)
    return {
        "fingerprint": plan.fingerprint(),
        "rows": len(plan.rows),
        "places": {"neighbourhoods": plan.new_neighbourhoods, "blocks": plan.new_blocks},
        "homes": counts(plan.changed_homes, plan.new_homes, plan.home_count),
        "residents": counts(plan.changed_residents, plan.new_residents, len(plan.rows)),
        "cleared": cleared,
        "cleared_by_column": [[FIELD_LABELS[name], count] for name, count in cleared.items()],
        "clear_total": sum(cleared.values()),
        "sample": sample,
        "more": affected - len(sample),
    }


def _write(model, fields: list[str], new: list, changed: list, *, progress, done: int, total: int) -> int:
    for start in range(0, len(new), BATCH):
        model.objects.bulk_create(new[start : start + BATCH])
        done += len(new[start : start + BATCH])
        progress(done, total)
    for start in range(0, len(changed), BATCH):
        model.objects.bulk_update(changed[start : start + BATCH], fields)
        done += len(changed[start : start + BATCH])
        progress(done, total)
    return done


def _no_progress(done: int, total: int) -> None:
    pass


def apply_plan(
    plan: Plan,
    *,
    clear_blanks: bool,
    register_import: RegisterImport | None = None,
    user=None,
    progress: Callable[[int, int], None] = _no_progress,
) -> dict:
    """Write a plan: add new places, homes and residents, change what changed (blanks clear values only with
    clear_blanks), and record every change made to a resident as a RegisterChange. Call inside a transaction."""
    block_ids = {tuple(k): v for k, v in _upsert_places(plan.rows).items()}
    homes_changed = {
        ref: entry for ref, entry in plan.changed_homes.items() if _kept_changes(entry["changes"], clear_blanks)
    }
    residents_changed = {
        ref: entry for ref, entry in plan.changed_residents.items() if _kept_changes(entry["changes"], clear_blanks)
    }
    total = len(plan.new_homes) + len(homes_changed) + len(plan.new_residents) + len(residents_changed)

    def home_values(values: dict, keep: dict | None) -> dict:
        out = {f: values[f] for f in HOME_DIFF[1:]}
        if keep:  # a blank cell that may not clear: the register's value stays
            out |= {f: keep[f] for f in CLEARABLE if f in out and out[f] == "" and not clear_blanks}
        return {"block_id": block_ids[tuple(values["block_key"])], **out}

    done = _write(
        Home,
        HOME_FIELDS,
        [Home(property_reference=ref, **home_values(v, None)) for ref, v in plan.new_homes.items()],
        [
            Home(id=e["id"], property_reference=ref, **home_values(e["target"], e["current"]))
            for ref, e in homes_changed.items()
        ],
        progress=progress,
        done=0,
        total=total,
    )
    home_ids = {
        v["property_reference"]: v["id"]
        for v in _existing(Home, "property_reference", [r["property_reference"] for r in plan.rows], ["id"])
    }

    def resident_values(values: dict, keep: dict | None) -> dict:
        out = {f: values[f] for f in RESIDENT_DIFF[1:]}
        if keep:
            out |= {f: keep[f] for f in CLEARABLE if f in out and out[f] == "" and not clear_blanks}
        return {"home_id": home_ids[values["home"]], **out}

    _write(
        Resident,
        RESIDENT_FIELDS,
        [Resident(resident_reference=ref, **resident_values(v, None)) for ref, v in plan.new_residents.items()],
        [
            Resident(id=e["id"], resident_reference=ref, **resident_values(e["target"], e["current"]))
            for ref, e in residents_changed.items()
        ],
        progress=progress,
        done=done,
        total=total,
    )
    cleared = dict.fromkeys(CLEARABLE, 0)
    if clear_blanks:
        for entries in (homes_changed, residents_changed):
            for entry in entries.values():
                for name, (old, new) in entry["changes"].items():
                    if is_clearing(name, old, new):
                        cleared[name] += 1
    if register_import is not None:
        _record_changes(plan, register_import, user, clear_blanks, homes_changed, residents_changed)
    services.forget_register_totals()
    unchanged_homes = plan.home_count - len(plan.new_homes) - len(homes_changed)
    unchanged_residents = len(plan.rows) - len(plan.new_residents) - len(residents_changed)
    return {
        "homes": {"added": len(plan.new_homes), "updated": len(homes_changed), "unchanged": unchanged_homes},
        "residents": {
            "added": len(plan.new_residents),
            "updated": len(residents_changed),
            "unchanged": unchanged_residents,
        },
        "cleared": cleared,
    }


def _record_changes(plan, register_import, user, clear_blanks, homes_changed, residents_changed) -> None:
    """One audit row per field changed per resident; a home's changes are recorded for each resident in it."""
    now = timezone.now()
    common = {"register_import_id": register_import.pk, "changed_at": now, "changed_by": user}
    refs = [*plan.new_residents, *residents_changed]
    ids = {v["resident_reference"]: v["id"] for v in _existing(Resident, "resident_reference", refs, ["id"])}
    audit = [RegisterChange(resident_id=ids[ref], field=RegisterChange.CREATED, **common) for ref in plan.new_residents]
    for ref, entry in residents_changed.items():
        audit += [
            RegisterChange(resident_id=ids[ref], field=name, old_value=old, new_value=new, **common)
            for name, (old, new) in _kept_changes(entry["changes"], clear_blanks).items()
        ]
    home_changes = {entry["id"]: _kept_changes(entry["changes"], clear_blanks) for entry in homes_changed.values()}
    home_ids = list(home_changes)
    for start in range(0, len(home_ids), 10_000):
        living = Resident.objects.filter(home_id__in=home_ids[start : start + 10_000]).values_list("id", "home_id")
        for resident_id, home_id in living:
            audit += [
                RegisterChange(
                    resident_id=resident_id, home_id=home_id, field=name, old_value=old, new_value=new, **common
                )
                for name, (old, new) in home_changes[home_id].items()
            ]
    RegisterChange.objects.bulk_create(audit, batch_size=BATCH)


def apply_rows(rows: list[dict], *, clear_blanks: bool = False) -> dict:
    """Write checked rows as they compare with the register now, with no preview and no audit (the demo data
    uses it). Call inside a transaction."""
    return apply_plan(plan_import(rows), clear_blanks=clear_blanks)
