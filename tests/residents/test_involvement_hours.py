"""Hours: logged by the volunteer and confirmed by staff (unconfirmed shown as such), or recorded from attendance
by a feature above residents through the registration API (idempotent per source and resident); milestone
thanks; the involvement record, its place in the data download, and its erasure with the resident."""

import json
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from residents.involvement import services, sources
from residents.models import HoursEntry, Interest, Neighbourhood, OpportunityAlert, OutboundEmail, Resident


def page(response) -> str:
    return response.content.decode()


@pytest.fixture
def walkabouts():
    """A model of another app, registered as the features above do from their AppConfig.ready() (a neighbourhood
    stands in for a walkabout)."""
    sources.register_hours_source(Neighbourhood, describe=lambda place: f"Walkabout in {place.name}")
    yield
    sources._SOURCES.pop(Neighbourhood._meta.label_lower, None)


def test_a_volunteer_logs_hours_which_show_as_unconfirmed(client_for, resident):
    client = client_for("resident")
    response = client.post(
        reverse("residents:involvement_log_hours"),
        {"on": timezone.localdate().isoformat(), "hours": "1.5", "description": "Delivered leaflets"},
    )
    assert response.status_code == 302
    entry = HoursEntry.objects.get()
    assert (entry.resident, entry.hours, entry.confirmed) == (resident.resident, Decimal("1.5"), False)
    record = page(client.get(reverse("residents:my_involvement")))
    assert "Unconfirmed" in record and "Delivered leaflets" in record


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"hours": "30"}, "hours", "Enter at most 24 hours for one day."),
        ({"hours": "two"}, "hours", "Enter a number of hours, for example 2 or 1.5."),
        ({"on": "2999-01-01"}, "on", "The date cannot be in the future."),
        ({"description": ""}, "description", "Say what you did."),
    ],
)
def test_bad_hours_are_refused_next_to_the_field_keeping_what_was_typed(client_for, resident, data, field, message):
    form = {"on": timezone.localdate().isoformat(), "hours": "2", "description": "Litter pick"} | data
    response = client_for("resident").post(reverse("residents:involvement_log_hours"), form)
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    assert f'value="{form["hours"]}"' in page(response)
    assert not HoursEntry.objects.exists()


def test_a_volunteer_can_log_hours_only_against_a_role_they_were_accepted_for(
    client_for, resident, own_interest, staff
):
    form = {"on": timezone.localdate().isoformat(), "hours": "2", "description": "Review meeting"}
    response = client_for("resident").post(
        reverse("residents:involvement_log_hours"), form | {"opportunity": own_interest.opportunity_id}
    )
    assert "opportunity" in response.context["form"].errors, "not accepted yet: not one of their roles"
    services.accept_interest(interest=own_interest, actor=staff)
    response = client_for("resident").post(
        reverse("residents:involvement_log_hours"), form | {"opportunity": own_interest.opportunity_id}
    )
    assert response.status_code == 302
    assert HoursEntry.objects.get().opportunity_id == own_interest.opportunity_id


def test_staff_confirm_hours_once(client_for, own_hours):
    staff = client_for("staff")
    assert "Leafleting" in page(staff.get(reverse("residents:involvement_hours")))
    staff.post(reverse("residents:involvement_hours_confirm", args=[own_hours.pk]))
    own_hours.refresh_from_db()
    assert own_hours.confirmed
    again = staff.post(reverse("residents:involvement_hours_confirm", args=[own_hours.pk]), follow=True)
    assert "These hours were confirmed already." in page(again)
    assert "Leafleting" not in page(staff.get(reverse("residents:involvement_hours")))
    assert "Confirmed" in page(client_for("resident").get(reverse("residents:my_involvement")))


def test_attendance_hours_are_recorded_once_per_source_and_resident(resident, walkabouts, neighbourhood):
    today, me = timezone.localdate(), resident.resident.pk
    services.record_attendance_hours_for(source=neighbourhood, hours_by_resident={me: Decimal("2")}, on=today)
    first = HoursEntry.objects.get()
    services.record_attendance_hours_for(source=neighbourhood, hours_by_resident={me: Decimal("3")}, on=today)
    again = HoursEntry.objects.get()
    assert first.pk == again.pk
    assert (again.hours, again.description, again.confirmed) == (Decimal("3.00"), "Walkabout in Millfield", True)
    assert services.remove_attendance_hours_for(source=neighbourhood, resident_ids=[me]) == 1
    assert not HoursEntry.objects.exists()


def test_attendance_from_an_unregistered_model_is_refused(resident, neighbourhood):
    with pytest.raises(ValueError, match="register_hours_source"):
        services.record_attendance_hours_for(
            source=neighbourhood, hours_by_resident={resident.resident.pk: Decimal("2")}, on=timezone.localdate()
        )


def test_milestones_are_thanked_once_each(resident, walkabouts, staff):
    place = Neighbourhood.objects.create(name="Riverside")
    services.record_attendance_hours_for(
        source=place, hours_by_resident={resident.resident.pk: Decimal("9")}, on=timezone.localdate()
    )
    assert not OutboundEmail.objects.filter(key__startswith="involvement-milestone:").exists()
    logged = services.log_hours(
        resident=resident.resident, on=timezone.localdate() - timedelta(days=1), hours=Decimal("1"), description="Event"
    )
    services.confirm_hours(entry=logged, actor=staff)
    services.record_attendance_hours_for(
        source=place, hours_by_resident={resident.resident.pk: Decimal("9.5")}, on=timezone.localdate()
    )
    thanks = OutboundEmail.objects.filter(key__startswith="involvement-milestone:")
    assert list(thanks.values_list("key", flat=True)) == [f"involvement-milestone:{resident.resident.pk}:10"]


def test_the_data_download_holds_the_involvement_record(client_for, resident, own_interest, own_hours):
    data = json.loads(client_for("resident").get(reverse("residents:data_export")).content)
    involvement = data["involvement"]
    assert involvement["roles"][0]["opportunity"] == own_interest.opportunity.title
    assert involvement["roles"][0]["availability"] == "Evenings"
    assert involvement["hours"][0] == {
        "date": own_hours.on.isoformat(),
        "hours": "2.00",
        "what": "Leafleting",
        "role": None,
        "confirmed": False,
        "from": "Logged by the volunteer",
    }
    assert involvement["unconfirmed_hours"] == "2.00"


def test_the_record_is_erased_with_the_resident(resident, own_interest, own_hours, staff):
    services.accept_interest(interest=own_interest, actor=staff)
    OpportunityAlert.objects.create(resident=resident.resident)
    Resident.objects.filter(pk=resident.resident.pk).delete()
    assert not Interest.objects.exists()
    assert not HoursEntry.objects.exists()
    assert not OpportunityAlert.objects.exists()


def test_the_record_shows_what_changed_because_of_what_they_told_us(client_for, resident, other_resident):
    from residents.models import UpdateStatus, YouSaidWeDid
    from residents.updates import services as updates
    from tests.factories import feedback_from

    mine = feedback_from(resident.resident)
    theirs = feedback_from(other_resident.resident)
    for title, source in [("Stairs cleaned weekly", mine), ("New bins", theirs)]:
        entry = YouSaidWeDid.objects.create(
            title=title, you_said="Said", we_did="Did", topic="cleaning", everyone=True, status=UpdateStatus.DRAFT
        )
        updates.set_sources(entry=entry, objects=[source])
        YouSaidWeDid.objects.filter(pk=entry.pk).update(status=UpdateStatus.PUBLISHED, published_at=timezone.now())
    record = page(client_for("resident").get(reverse("residents:my_involvement")))
    assert "Stairs cleaned weekly" in record and "New bins" not in record


def test_each_volunteer_is_thanked_for_their_year_once(resident, other_resident, staff):
    from residents.models import Preferences

    last_year = timezone.localdate().year - 1
    for who, day in [(resident, 3), (other_resident, 4)]:
        entry = services.log_hours(
            resident=who.resident,
            on=timezone.localdate().replace(year=last_year, month=6, day=day),
            hours=Decimal("2.5"),
            description="Panel",
        )
        services.confirm_hours(entry=entry, actor=staff)
    Preferences.objects.create(resident=other_resident.resident, do_not_contact=True)
    assert services.send_last_years_summaries(today=timezone.localdate().replace(month=2, day=1)) == 0
    january = timezone.localdate().replace(month=1, day=15)
    assert services.send_last_years_summaries(today=january) == 1
    services.send_last_years_summaries(today=january)
    (summary,) = OutboundEmail.objects.filter(key__startswith="involvement-annual:")
    assert summary.to == resident.email and "you gave 2.5 hours" in summary.body
