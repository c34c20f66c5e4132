"""Invitation emails: queued in batches through the outbox exactly once, reminders to those who have not
answered, and opting out from the link in an email."""

import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from residents.models import OutboundEmail, Preferences
from residents.outbox import services as outbox
from surveys.models import Anonymity, Invitation
from surveys.services import invitations

from .fixtures import build_survey
from .sending_helpers import prefer, residents_in

pytestmark = pytest.mark.django_db


def published(count=3, **fields):
    residents = residents_in("Millfield", count)
    survey = build_survey(**fields)
    # Surveys close at the end of their last day (the start of the next, local time).
    survey.closes_at = (timezone.localtime() + timedelta(days=21)).replace(hour=0, minute=0, second=0, microsecond=0)
    survey.save(update_fields=["closes_at"])
    invitations.publish_survey(survey=survey)
    return survey, residents


def test_each_email_invitation_is_queued_once_and_linked_to_its_email(settings):
    settings.SITE_URL = "https://portal.example.org"
    settings.LANDLORD_NAME = "Riverside Homes"
    survey, residents = published(3, anonymity=Anonymity.ANONYMOUS)
    residents_in("Millfield", 1, email=False)  # not invited: published before they moved in

    assert invitations.send_survey_invitations(survey_id=survey.pk) == 3
    assert invitations.send_survey_invitations(survey_id=survey.pk) == 0

    emails = {e.key: e for e in OutboundEmail.objects.all()}
    assert len(emails) == 3
    for invitation in survey.invitations.select_related("email"):
        email = invitation.email
        assert email.key == f"survey-invite:{invitation.pk}" and email.to == invitation.resident.email
        assert invitation.last_contacted_at is not None
        assert "Riverside Homes would like to hear from you" in email.body
        assert survey.title in email.subject and survey.title in email.body
        assert f"https://portal.example.org/s/{invitation.token}/" in email.body
        assert f"https://portal.example.org/surveys/opt-out/{invitation.token}/" in email.body
        assert survey.anonymity_promise in email.body
        assert "You can answer until the end of" in email.body


def test_the_relay_sends_with_a_message_id_made_from_the_key(settings):
    settings.SITE_URL = "https://portal.example.org"
    survey, _ = published(1)
    invitations.send_survey_invitations(survey_id=survey.pk)
    outbox.send_queued_emails()
    invitation = survey.invitations.get()
    assert mail.outbox[0].extra_headers["Message-ID"] == f"<survey-invite.{invitation.pk}@portal.example.org>"


def test_a_sender_that_fails_half_way_through_a_batch_queues_nothing_and_the_next_run_sends_each_once(monkeypatch):
    survey, _ = published(5)
    real = invitations._email
    calls = []

    def fails_on_the_third(invitation, *, key, reminder):
        calls.append(invitation.pk)
        if len(calls) == 3:
            raise RuntimeError("the worker died")
        return real(invitation, key=key, reminder=reminder)

    monkeypatch.setattr(invitations, "_email", fails_on_the_third)
    with pytest.raises(RuntimeError):
        invitations.send_survey_invitations(survey_id=survey.pk)
    assert not OutboundEmail.objects.exists()
    assert not survey.invitations.filter(email__isnull=False).exists()

    monkeypatch.setattr(invitations, "_email", real)
    assert invitations.send_survey_invitations(survey_id=survey.pk) == 5
    assert OutboundEmail.objects.count() == 5


@pytest.mark.django_db(transaction=True)
def test_two_senders_at_once_never_queue_the_same_invitation_twice():
    survey, _ = published(60)
    barrier = threading.Barrier(2)
    counts = []

    def sender():
        barrier.wait()
        try:
            total = 0
            while sent := invitations.send_invitation_batch(survey_id=survey.pk, batch=7):
                total += sent
            counts.append(total)
        finally:
            connection.close()

    threads = [threading.Thread(target=sender) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(counts) == 60
    assert OutboundEmail.objects.count() == 60
    assert survey.invitations.filter(email__isnull=True).count() == 0


def test_a_resident_who_lost_their_email_address_moves_to_the_offline_list():
    survey, residents = published(2)
    residents[0].email = ""
    residents[0].save(update_fields=["email"])
    invitations.send_survey_invitations(survey_id=survey.pk)
    assert survey.invitations.get(resident=residents[0]).channel == "offline"
    assert OutboundEmail.objects.count() == 1


def test_invitations_to_a_resident_who_has_since_opted_out_are_not_sent():
    survey, residents = published(2)
    prefer(residents[0], survey_opt_out=True)
    assert invitations.send_survey_invitations(survey_id=survey.pk) == 1


def _send_all(survey):
    invitations.send_survey_invitations(survey_id=survey.pk)
    outbox.send_queued_emails()


def test_reminders_go_after_the_set_days_at_most_the_set_number_of_times():
    survey, residents = published(3, reminder_after_days=5, reminder_limit=2)
    _send_all(survey)
    Invitation.objects.filter(resident=residents[1]).update(responded=True)
    now = timezone.now()

    assert invitations.send_due_reminders(now=now + timedelta(days=4)) == 0
    assert invitations.send_due_reminders(now=now + timedelta(days=5, minutes=1)) == 2
    assert invitations.send_due_reminders(now=now + timedelta(days=5, minutes=2)) == 0  # run again: nothing
    outbox.send_queued_emails()
    assert invitations.send_due_reminders(now=now + timedelta(days=10)) == 0  # 5 days after the first reminder
    assert invitations.send_due_reminders(now=now + timedelta(days=10, minutes=2)) == 2
    outbox.send_queued_emails()
    assert invitations.send_due_reminders(now=now + timedelta(days=20)) == 0  # the limit is reached

    keys = sorted(OutboundEmail.objects.filter(key__startswith="survey-reminder").values_list("key", flat=True))
    ids = sorted(survey.invitations.exclude(resident=residents[1]).values_list("pk", flat=True))
    assert keys == sorted(f"survey-reminder:{pk}:{n}" for pk in ids for n in (1, 2))
    reminder = OutboundEmail.objects.filter(key__startswith="survey-reminder").first()
    assert reminder.subject.startswith("Reminder: ") and "/surveys/opt-out/" in reminder.body


def test_no_reminders_after_the_survey_closes_or_to_residents_who_opted_out():
    survey, residents = published(2, reminder_after_days=3)
    _send_all(survey)
    prefer(residents[0], survey_opt_out=True)
    assert invitations.send_due_reminders(now=timezone.now() + timedelta(days=4)) == 1
    assert invitations.send_due_reminders(now=timezone.now() + timedelta(days=30)) == 0  # closed after 21 days


def test_opting_out_from_the_email_link_asks_first_then_stops_surveys_and_cancels_waiting_emails(client):
    survey, residents = published(1)
    other = build_survey(title="Another survey")
    other_invitation = Invitation.objects.create(
        survey=other, wave=survey.waves.get(), resident=residents[0], channel="email"
    )
    invitations.send_survey_invitations(survey_id=survey.pk)  # queued, not sent yet
    invitation = survey.invitations.get()
    url = reverse("surveys:opt_out", args=[invitation.token])

    page = client.get(url)
    assert page.status_code == 200 and "Stop sending me surveys" in page.content.decode()
    assert not Preferences.objects.filter(resident=residents[0], survey_opt_out=True).exists()

    done = client.post(url)
    text = done.content.decode()
    assert (
        "will not send you any more surveys" in text
        and "1 survey email to you that had not gone yet was cancelled" in text
    )
    assert Preferences.objects.get(resident=residents[0]).survey_opt_out
    invitation.refresh_from_db()
    other_invitation.refresh_from_db()
    assert invitation.opted_out_at and other_invitation.opted_out_at and invitation.email_id is None
    assert not OutboundEmail.objects.exists()
    assert invitations.send_survey_invitations() == 0  # nothing is queued again

    again = client.post(url).content.decode()
    assert "You had already asked us to stop sending you surveys" in again


def test_opting_out_keeps_emails_already_sent_as_a_record(client):
    survey, _ = published(1)
    _send_all(survey)
    invitation = survey.invitations.get()
    client.post(reverse("surveys:opt_out", args=[invitation.token]))
    assert OutboundEmail.objects.filter(sent_at__isnull=False).count() == 1
    invitation.refresh_from_db()
    assert invitation.email_id is not None
