"""Issues logged on a walk: each is a feedback item for the neighbourhood, in the staff queue, with its hazard clocks,
and a retried send never makes two."""

import io
import threading
import uuid
from datetime import timedelta

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from community.walkabouts import services
from community.walkabouts.models import WalkaboutIssue
from residents.models import Feedback, FeedbackScope, HazardReview, OutboundEmail, YouSaidWeDidSource

from ..factories import NeighbourhoodFactory, ResidentFactory, SignedInClient
from .factories import plan
from .walkabout_fixtures import issue_spec


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def png_upload(name="bins.png"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    buffer = io.BytesIO()
    Image.new("RGB", (20, 10), "grey").save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def form_data(raised_by=None, **fields) -> dict:
    """The staff form; without `raised_by`, an issue nobody raised (logged for the walk's neighbourhood)."""
    return {
        "key": str(uuid.uuid4()),
        "raised_by": raised_by.pk if raised_by else "",
        "category": "grounds",
        "text": "A mattress has been dumped by the bins.",
        "location": "Bin store behind Alder House",
        "latitude": "53.800800",
        "longitude": "-1.549100",
        "priority": "high",
        "assignee": "",
        "due_on": (timezone.localdate() + timedelta(days=7)).isoformat(),
    } | fields


def issue_url(walkabout) -> str:
    return reverse("community:walkabout_issue_new", args=[walkabout.pk])


def test_staff_log_an_issue_with_a_photo_for_the_neighbourhood_and_it_joins_the_feedback_queue(
    client_for, staff, resident, past_walkabout, media
):
    form = client_for("staff").get(issue_url(past_walkabout)).content.decode()
    assert "Nobody: log it for the neighbourhood" in form  # the default: nobody raised it
    data = form_data(assignee=staff.pk) | {"photos": png_upload()}
    response = client_for("staff").post(issue_url(past_walkabout), data)

    issue = WalkaboutIssue.objects.select_related("feedback").get()
    assert response.status_code == 302
    assert response["Location"] == reverse("community:walkabout_issue_logged", args=[past_walkabout.pk, issue.pk])
    feedback = issue.feedback
    # Logged for the walk's neighbourhood, with no resident (or home) behind it.
    assert feedback.resident is None and feedback.home is None and feedback.logged_by == staff
    assert feedback.scope == FeedbackScope.NEIGHBOURHOOD and feedback.neighbourhood == past_walkabout.neighbourhood
    assert feedback.assignee == staff and feedback.photos.count() == 1
    assert "Bin store behind Alder House" in feedback.text
    assert (str(issue.latitude), str(issue.longitude), issue.priority) == ("53.800800", "-1.549100", "high")
    # Nobody to acknowledge it to: no email at all, to nobody.
    assert not OutboundEmail.objects.filter(key=f"feedback-ack:{feedback.pk}").exists()
    assert not OutboundEmail.objects.filter(to="").exists()
    queue = client_for("staff").get(reverse("residents:feedback_queue")).content.decode()
    assert feedback.reference in queue and "Logged for Millfield" in queue


def test_an_issue_a_resident_on_the_walk_raised_is_in_their_name_and_they_are_told(
    client_for, staff, resident, past_walkabout
):
    client_for("staff").post(issue_url(past_walkabout), form_data(resident.resident))
    feedback = WalkaboutIssue.objects.select_related("feedback").get().feedback
    assert feedback.resident == resident.resident and feedback.home == resident.resident.home
    assert feedback.neighbourhood == past_walkabout.neighbourhood
    # The resident who raised it gets the reference, as for any feedback.
    assert OutboundEmail.objects.get(key=f"feedback-ack:{feedback.pk}").to == resident.email


def test_the_same_send_twice_makes_one_issue_and_both_get_the_same_result_page(
    client_for, resident, past_walkabout, media
):
    data = form_data()
    client = client_for("staff")
    first = client.post(issue_url(past_walkabout), data)
    second = client.post(issue_url(past_walkabout), data)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert WalkaboutIssue.objects.count() == 1 and Feedback.objects.count() == 1
    page = client.get(second["Location"])
    assert f"Issue {WalkaboutIssue.objects.get().feedback.reference} logged" in page.content.decode()


@pytest.mark.django_db(transaction=True)
def test_two_sends_of_the_same_key_at_once_make_one_issue(transactional_db):
    neighbourhood = NeighbourhoodFactory(name="Millfield")
    walkabout = plan(neighbourhood, starts_in=timedelta(hours=-1))
    raised_by = ResidentFactory(home__block__neighbourhood=neighbourhood)
    spec = issue_spec(raised_by)
    barrier = threading.Barrier(2)
    results, errors = [], []

    def send():
        try:
            barrier.wait()
            results.append(services.log_issue(walkabout=walkabout, spec=spec, logged_by=walkabout.lead))
        except BaseException as error:  # noqa: BLE001  (reported by the main thread)
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert not errors, errors
    assert sorted(result.created for result in results) == [False, True]
    assert {result.issue.pk for result in results} == {WalkaboutIssue.objects.get().pk}
    assert Feedback.objects.count() == 1  # the losing send's feedback rolled back with it
    assert OutboundEmail.objects.filter(key__startswith="feedback-ack:").count() == 1


@pytest.mark.parametrize("raised", [False, True], ids=["for the neighbourhood", "raised by a resident"])
@pytest.mark.parametrize(
    ("category", "text"),
    [("damp_mould", "Black mould on the stairwell wall."), ("safety", "A loose handrail on the stairs.")],
)
def test_damp_mould_and_safety_start_the_hazard_clocks(client_for, resident, past_walkabout, category, text, raised):
    data = form_data(resident.resident if raised else None, category=category, text=text)
    client_for("staff").post(issue_url(past_walkabout), data)
    feedback = WalkaboutIssue.objects.get().feedback
    assert (feedback.resident is not None) == raised
    assert feedback.hazard_review == HazardReview.POSSIBLE
    # The investigation clock runs from when it was logged, whether or not a resident raised it.
    assert feedback.next_due_at == feedback.possible_hazard_due
    hazards = client_for("staff").get(reverse("residents:hazards")).content.decode()
    assert feedback.reference in hazards
    assert ("Logged for Millfield" in hazards) != raised


def test_bad_input_is_shown_by_the_field_and_what_was_typed_is_kept(client_for, resident, past_walkabout):
    data = form_data(location="", latitude="53.8", longitude="", text="Broken light")
    response = client_for("staff").post(issue_url(past_walkabout), data)
    assert response.status_code == 200
    body = response.content.decode()
    assert "There is a problem" in body and "Say where it is." in body
    assert "Give both the latitude and the longitude, or neither." in body
    assert "Broken light" in body and data["key"] in body  # the same key: a corrected send is still one issue
    assert not WalkaboutIssue.objects.exists()


def test_only_residents_on_the_walk_can_be_named_as_raising_it(client_for, past_walkabout, other_resident):
    response = client_for("staff").post(issue_url(past_walkabout), form_data(other_resident.resident))
    assert "Choose one of these, or nobody." in response.content.decode()
    assert not WalkaboutIssue.objects.exists()


def test_the_form_works_without_javascript_and_carries_a_fresh_key(client_for, past_walkabout):
    body = client_for("staff").get(issue_url(past_walkabout)).content.decode()
    assert 'type="hidden" name="key"' in body
    assert 'enctype="multipart/form-data"' in body
    assert "Use my location" in body  # shown by the script only; a plain form without it
    assert f'data-draft-key="walkabout-issue-draft-{past_walkabout.pk}"' in body
    assert 'name="assignee"' in body and 'name="raised_by"' in body  # staff choose who deals with it


def test_a_walkabout_issue_can_be_cited_by_you_said_we_did(walkabout_issue, resident):
    from residents.updates import sources

    assert sources.is_source_model(WalkaboutIssue)
    source = YouSaidWeDidSource(
        content_type=ContentType.objects.get_for_model(WalkaboutIssue), object_id=walkabout_issue.pk
    )
    assert (
        sources.describe(source)
        == f"Walkabout issue {walkabout_issue.feedback.reference}: Bin store behind Alder House"
    )
    assert sources.voices([source]) == {resident.resident.pk}


def test_an_issue_nobody_raised_carries_no_voice(past_walkabout, staff):
    from residents.updates import sources

    issue = services.log_issue(walkabout=past_walkabout, spec=issue_spec(None), logged_by=staff).issue
    feedback_type = ContentType.objects.get_for_model(Feedback)
    cited = [
        YouSaidWeDidSource(content_type=ContentType.objects.get_for_model(WalkaboutIssue), object_id=issue.pk),
        YouSaidWeDidSource(content_type=feedback_type, object_id=issue.feedback_id),
    ]
    assert sources.voices(cited) == set()  # nobody is told when an entry citing it is published


def test_an_issue_spec_names_nobody_unless_told(past_walkabout, staff):
    spec = services.IssueSpec(**{name: value for name, value in vars(issue_spec(None)).items() if name != "raised_by"})
    assert spec.raised_by is None
    logged = services.log_issue(walkabout=past_walkabout, spec=spec, logged_by=staff)
    assert logged.created and logged.issue.feedback.resident_id is None
    assert services.log_issue(walkabout=past_walkabout, spec=spec, logged_by=staff).created is False


def test_a_send_retried_days_later_still_finds_its_issue(staff, resident, past_walkabout):
    data = form_data(due_on=timezone.localdate().isoformat())
    client = SignedInClient(staff)
    first = client.post(issue_url(past_walkabout), data)
    with time_machine.travel(timezone.now() + timedelta(days=3)):
        again = client.post(issue_url(past_walkabout), data)  # its put-right date has passed by now
    assert again.status_code == 302 and again["Location"] == first["Location"]
    assert WalkaboutIssue.objects.count() == 1
