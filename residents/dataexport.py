"""A resident's copy of their data (UK GDPR right of access).

Each app that keeps personal data about a resident registers a section here from its AppConfig.ready(), so
the export grows with the portal without this app importing the ones above it. Staff-only notes never go in.
"""

from collections.abc import Callable

from django.db.models import Count

from .feedback.models import Feedback
from .involvement.selectors import record_for
from .people.models import EqualityMonitoring, Preferences, RegisterChange

SECTIONS: dict[str, Callable] = {}


def register_section(name: str, build: Callable) -> None:
    """build(user, resident_or_None) -> JSON-serialisable data for that section."""
    SECTIONS[name] = build


def _account(user, resident):
    return {
        "email": user.email,
        "name": user.full_name,
        "role": user.get_role_display(),
        "joined": user.date_joined.isoformat(),
        "last_login": user.last_login.isoformat() if user.last_login else None,
    }


def _register(user, resident):
    if resident is None:
        return None
    home = resident.home
    return {
        "resident_reference": resident.resident_reference,
        "tenancy_reference": resident.tenancy_reference,
        "first_name": resident.first_name,
        "last_name": resident.last_name,
        "email": resident.email,
        "phone": resident.phone,
        "home": {
            "address": home.address,
            "tenure": home.get_tenure_display(),
            "block": home.block.name,
            "neighbourhood": home.block.neighbourhood.name,
        },
        "account_linked_at": resident.linked_at.isoformat() if resident.linked_at else None,
    }


def _preferences(user, resident):
    p = Preferences.objects.filter(resident=resident).first() if resident else None
    if p is None:
        return None
    return {
        "contact_channels": p.contact_channels,
        "language": p.language,
        "accessibility_needs": p.accessibility_needs,
        "accessibility_other": p.accessibility_other,
        "involvement_interests": p.involvement_interests,
        "survey_opt_out": p.survey_opt_out,
        "do_not_contact": p.do_not_contact,
        "updated_at": p.updated_at.isoformat(),
    }


def _equality(user, resident):
    e = EqualityMonitoring.objects.filter(resident=resident).first() if resident else None
    if e is None:
        return None
    return {
        "age_band": e.age_band,
        "sex": e.sex,
        "ethnicity": e.ethnicity,
        "disability": e.disability,
        "updated_at": e.updated_at.isoformat(),
    }


def _iso(moment):
    return moment.isoformat() if moment else None


def _feedback(user, resident):
    """What the resident told us and what we replied. Staff notes and the staff history never go in."""
    if resident is None:
        return []
    items = (
        Feedback.objects.filter(resident=resident)
        .annotate(photo_count=Count("photos"))
        .prefetch_related("replies", "stages")
        .order_by("created_at", "id")
    )
    return [
        {
            "reference": item.reference,
            "received_at": item.created_at.isoformat(),
            "updated_at": item.updated_at.isoformat(),
            "closed_at": _iso(item.closed_at),
            "how_it_reached_us": item.get_channel_display(),
            "kind": item.get_kind_display(),
            "category": item.get_category_display(),
            "about": item.get_scope_display(),
            "text": item.text,
            "status": item.get_status_display(),
            "photos": item.photo_count,
            "complaint_stages": [
                {
                    "stage": stage.stage,
                    "opened_at": stage.opened_at.isoformat(),
                    "acknowledge_by": stage.acknowledge_due.isoformat(),
                    "acknowledged_at": _iso(stage.acknowledged_at),
                    "respond_by": stage.response_due.isoformat(),
                    "responded_at": _iso(stage.responded_at),
                }
                for stage in item.stages.all()
            ],
            "replies": [{"date": reply.created_at.isoformat(), "text": reply.body} for reply in item.replies.all()],
        }
        for item in items
    ]


def _register_changes(user, resident):
    """What register imports changed in the resident's entry (the audit trail kept so an import can be undone)."""
    if resident is None:
        return []
    changes = (
        RegisterChange.objects.filter(resident=resident)
        .select_related("register_import")
        .only("field", "old_value", "new_value", "changed_at", "reverted_at", "register_import__created_at")
        .order_by("id")
    )
    return [
        {
            "changed_at": change.changed_at.isoformat(),
            "field": change.field_label,
            "old_value": change.old_value,
            "new_value": change.new_value,
            "register_import": change.register_import.created_at.date().isoformat(),
            "put_back_at": _iso(change.reverted_at),
        }
        for change in changes
    ]


def _involvement(user, resident):
    """The roles they asked about and what was decided, their induction, their hours (confirmed or not), training,
    expenses claims, what they did in roles counted without hours (a Block Champion's time and the issues they
    logged), and what changed because of their involvement ("You said, we did" entries and what else it
    led to, such as a panel's recommendations)."""
    if resident is None:
        return None
    record = record_for(resident)
    return {
        "roles": [
            {
                "opportunity": interest.opportunity.title,
                "asked_at": interest.created_at.isoformat(),
                "availability": interest.availability,
                "support_needed": interest.support_needed,
                "status": interest.get_status_display(),
                "reason": interest.reason,
                "offered_instead": interest.placed_in.title if interest.placed_in else None,
                "induction": [{"step": step.label, "done_at": _iso(step.done_at)} for step in interest.induction.all()],
            }
            for interest in record["interests"]
        ],
        "hours": [
            {
                "date": entry.on.isoformat(),
                "hours": str(entry.hours),
                "what": entry.description,
                "role": entry.opportunity.title if entry.opportunity else None,
                "confirmed": entry.confirmed,
                "from": entry.get_origin_display(),
            }
            for entry in record["hours"]
        ],
        "training": [
            {
                "course": booking.session.course.title,
                "session": booking.session.starts_at.isoformat(),
                "booked_at": booking.booked_at.isoformat(),
                "completed_on": booking.completed_on.isoformat() if booking.completed_on else None,
                "runs_out_on": booking.expires_on.isoformat() if booking.expires_on else None,
            }
            for booking in record["training"]
        ],
        "expenses_claims": [
            {
                "kind": claim.get_kind_display(),
                "date": claim.incurred_on.isoformat(),
                "what_for": claim.description,
                "miles": str(claim.miles) if claim.miles is not None else None,
                "amount": str(claim.amount),
                "status": claim.get_status_display(),
                "reason": claim.reason,
                "receipt": bool(claim.receipt),
            }
            for claim in record["claims"]
        ],
        "activity": [
            {
                "what": activity.what,
                "from": activity.started.isoformat() if activity.started else None,
                "to": activity.ended.isoformat() if activity.ended else None,
                "ongoing": activity.ongoing,
            }
            for activity in record["activity"]
        ],
        "confirmed_hours": str(record["confirmed_hours"]),
        "unconfirmed_hours": str(record["unconfirmed_hours"]),
        "what_changed": {
            "you_said_we_did": [
                {"title": entry.title, "published_at": _iso(entry.published_at)} for entry in record["changes"]
            ],
            "also_led_to": [
                {
                    "kind": row.kind,
                    "title": row.title,
                    "status": row.status,
                    "came_from": row.came_from,
                    "date": row.on.isoformat() if row.on else None,
                }
                for row in record["led_to"]
            ],
        },
    }


register_section("account", _account)
register_section("register_entry", _register)
register_section("preferences", _preferences)
register_section("equality_monitoring", _equality)
register_section("feedback", _feedback)
register_section("register_changes", _register_changes)
register_section("involvement", _involvement)


def export_user_data(user) -> dict:
    resident = getattr(user, "resident", None)
    return {name: build(user, resident) for name, build in SECTIONS.items()}
