""" "You said, we did": staff write and schedule entries citing feedback; the publisher publishes each due entry
exactly once and tells every resident heard; the public pages and feed show published entries and never who."""

import io
import re
import threading
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta
from html import unescape
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from PIL import Image

from residents.feedback import services as feedback_services
from residents.models import (
    Channel,
    Feedback,
    Neighbourhood,
    OutboundEmail,
    Preferences,
    RegisterImport,
    UpdateStatus,
    YouSaidWeDid,
)
from residents.outbox import services as outbox
from residents.people import register_import
from residents.updates import services as updates

from ..factories import BlockFactory, HomeFactory, NeighbourhoodFactory, ResidentFactory, UserFactory
from ..querycount import queries_for_get

LONDON = ZoneInfo("Europe/London")
ATOM = "{http://www.w3.org/2005/Atom}"
LIST_URL = reverse("residents:update_list")
CREATE_URL = reverse("residents:update_create")
PUBLIC_URL = reverse("residents:update_public_list")
FEED_URL = reverse("residents:update_feed")


def page(response) -> str:
    return unescape(response.content.decode())


def edit_url(entry) -> str:
    return reverse("residents:update_edit", args=[entry.pk])


def schedule_url(entry) -> str:
    return reverse("residents:update_schedule", args=[entry.pk])


def detail_url(entry) -> str:
    return reverse("residents:update_detail", args=[entry.pk])


def photo_url(entry) -> str:
    return reverse("residents:update_photo", args=[entry.pk])


def png_bytes(colour="green") -> bytes:
    image = io.BytesIO()
    Image.new("RGB", (8, 8), colour).save(image, "PNG")
    return image.getvalue()


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Photos go to a temporary folder, not the developer's media folder."""
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def staff_client(client_for, staff):
    return client_for("staff")


def give_feedback(resident, text="The path by the flats is too dark at night.") -> Feedback:
    return feedback_services.submit_feedback(
        resident=resident,
        logged_by=resident.user,
        channel=Channel.PORTAL,
        kind="suggestion",
        category="safety",
        scope="neighbourhood",
        text=text,
    )


def make_entry(*, title="Lights on the path", neighbourhoods=(), everyone=False, topic="safety", **fields):
    entry = YouSaidWeDid.objects.create(
        title=title,
        you_said=fields.pop("you_said", "The path is too dark at night."),
        we_did=fields.pop("we_did", "We put up six new lights."),
        topic=topic,
        everyone=everyone,
        **fields,
    )
    entry.neighbourhoods.set(neighbourhoods)
    return entry


def publish(entry, *, sources=()) -> YouSaidWeDid:
    if sources:
        updates.set_sources(entry=entry, objects=list(sources))
    updates.schedule_update(entry=entry, publish_at=timezone.now())
    assert entry.pk in updates.publish_due_updates()
    entry.refresh_from_db()
    return entry


def form_data(**overrides) -> dict:
    data = {
        "title": "Lights on the Millfield path",
        "you_said": "The path by Alder House is too dark at night.",
        "we_did": "We put up six new lights in March.",
        "topic": "safety",
        "source_references": "",
        "photo_alt": "",
    }
    data.update(overrides)
    return data


# Staff: writing an entry and citing feedback -------------------------------------------------------------


def test_staff_create_a_draft_citing_feedback_by_reference(staff_client, staff, resident, neighbourhood):
    first = give_feedback(resident.resident)
    second = give_feedback(resident.resident, "Please light the car park too.")
    references = f"{first.reference}\n{second.reference.lower()}, FB-{second.pk}"  # case and zeros do not matter

    response = staff_client.post(CREATE_URL, form_data(neighbourhoods=[neighbourhood.pk], source_references=references))

    entry = YouSaidWeDid.objects.get()
    assert response.status_code == 302 and response.url == edit_url(entry)
    assert entry.status == UpdateStatus.DRAFT and entry.created_by == staff
    assert list(entry.neighbourhoods.all()) == [neighbourhood]
    assert sorted(entry.sources.values_list("object_id", flat=True)) == [first.pk, second.pk]
    shown = page(staff_client.get(edit_url(entry)))
    assert f"{first.reference}\n{second.reference}" in shown  # the form shows the references it cites
    assert "1 resident gave this feedback" in shown


def test_unknown_feedback_reference_is_refused_by_name_and_what_was_typed_is_kept(staff_client, resident):
    known = give_feedback(resident.resident)
    typed = f"{known.reference}, FB-999999\nnonsense"

    response = staff_client.post(CREATE_URL, form_data(everyone="on", source_references=typed))

    assert response.status_code == 200
    html = page(response)
    assert "We could not find feedback with these references: FB-999999, nonsense." in html
    assert typed in html and "Lights on the Millfield path" in html
    assert not YouSaidWeDid.objects.exists()


def test_editing_a_draft_changes_its_sources(staff_client, resident, neighbourhood):
    first, second = give_feedback(resident.resident), give_feedback(resident.resident, "And the car park.")
    entry = make_entry(everyone=True)
    updates.set_sources(entry=entry, objects=[first])

    response = staff_client.post(edit_url(entry), form_data(everyone="on", source_references=second.reference))

    assert response.status_code == 302
    assert list(entry.sources.values_list("object_id", flat=True)) == [second.pk]
    entry.refresh_from_db()
    assert entry.title == "Lights on the Millfield path"


def test_a_photo_is_checked_needs_a_description_and_is_stored_with_its_type(staff_client):
    without_alt = staff_client.post(
        CREATE_URL,
        {**form_data(everyone="on"), "photo": SimpleUploadedFile("lights.jpg", png_bytes(), "image/jpeg")},
    )
    assert without_alt.status_code == 200
    assert "Describe the photo for people who cannot see it" in page(without_alt)

    not_a_photo = staff_client.post(
        CREATE_URL,
        {**form_data(everyone="on", photo_alt="x"), "photo": SimpleUploadedFile("x.jpg", b"<html>", "image/jpeg")},
    )
    assert "x.jpg is not a photo we can use" in page(not_a_photo)
    assert not YouSaidWeDid.objects.exists()

    staff_client.post(
        CREATE_URL,
        {
            **form_data(everyone="on", photo_alt="The path with new lights"),
            "photo": SimpleUploadedFile("lights.jpg", png_bytes(), "image/jpeg"),  # named .jpg, really a PNG
        },
    )
    entry = YouSaidWeDid.objects.get()
    assert entry.photo_content_type == "image/png" and entry.photo.name.endswith(".png")
    assert entry.photo_alt == "The path with new lights"


def test_only_drafts_and_scheduled_entries_can_be_changed(staff_client):
    entry = publish(make_entry(everyone=True))

    shown = page(staff_client.get(edit_url(entry)))
    assert "Withdraw this entry" in shown and 'name="title"' not in shown
    response = staff_client.post(edit_url(entry), form_data(everyone="on", title="Changed after publishing"))

    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.title == "Lights on the path"


# Staff: scheduling ---------------------------------------------------------------------------------------


def test_scheduling_needs_neighbourhoods_or_everyone_and_keeps_the_time_typed(staff_client):
    entry = make_entry()  # no neighbourhoods, not for everyone

    response = staff_client.post(schedule_url(entry), {"publish_date": "2031-05-02", "publish_time": "09:15"})

    assert response.status_code == 200
    html = page(response)
    assert "Choose the neighbourhoods this is for, or 'for everyone'." in html
    assert 'value="2031-05-02"' in html and 'value="09:15"' in html
    entry.refresh_from_db()
    assert entry.status == UpdateStatus.DRAFT and entry.publish_at is None


def test_an_entry_is_published_at_its_uk_time_and_not_before(client_for, neighbourhood):
    entry = make_entry(neighbourhoods=[neighbourhood])
    with time_machine.travel(datetime(2031, 6, 30, 12, 0, tzinfo=LONDON), tick=False):
        staff_client = client_for("staff")  # signed in then, so the session is fresh in 2031
        response = staff_client.post(schedule_url(entry), {"publish_date": "2031-07-01", "publish_time": "10:00"})
        assert response.status_code == 302 and response.url == edit_url(entry)
        assert "It will be published on 1 July 2031 at 10:00." in page(staff_client.get(edit_url(entry)))
    entry.refresh_from_db()
    assert entry.status == UpdateStatus.SCHEDULED
    assert entry.publish_at == datetime(2031, 7, 1, 9, 0, tzinfo=ZoneInfo("UTC"))  # 10:00 in summer time

    with time_machine.travel(datetime(2031, 7, 1, 9, 59, 59, tzinfo=LONDON), tick=False):
        assert updates.publish_due_updates() == []
    entry.refresh_from_db()
    assert entry.status == UpdateStatus.SCHEDULED and entry.published_at is None

    with time_machine.travel(datetime(2031, 7, 1, 10, 0, 30, tzinfo=LONDON), tick=False):
        assert updates.publish_due_updates() == [entry.pk]
    entry.refresh_from_db()
    assert entry.status == UpdateStatus.PUBLISHED
    assert entry.published_at == datetime(2031, 7, 1, 10, 0, 30, tzinfo=LONDON)


def test_publish_now_goes_at_the_next_run_and_a_draft_again_stays_unpublished(staff_client):
    entry = make_entry(everyone=True)
    staff_client.post(schedule_url(entry), {"publish_date": "", "publish_time": "", "publish_now": "1"})
    entry.refresh_from_db()
    assert entry.status == UpdateStatus.SCHEDULED and entry.publish_at <= timezone.now()

    response = staff_client.post(reverse("residents:update_unschedule", args=[entry.pk]))

    assert response.status_code == 302 and response.url == edit_url(entry)
    assert updates.publish_due_updates() == []
    entry.refresh_from_db()
    assert entry.status == UpdateStatus.DRAFT and entry.publish_at is None


def test_a_time_that_does_not_exist_in_the_uk_is_refused(staff_client):
    entry = make_entry(everyone=True)
    response = staff_client.post(schedule_url(entry), {"publish_date": "2031-03-30", "publish_time": "01:30"})
    assert "That time does not exist on this date: the clocks go forward." in page(response)
    entry.refresh_from_db()
    assert entry.status == UpdateStatus.DRAFT


# Publishing exactly once, and telling the residents heard -------------------------------------------------


def heard_residents(home):
    """Four residents who gave feedback: one by account, one on the register only, one who asked not to be
    contacted, and one who gave two items."""
    by_account = ResidentFactory(home=home, user=UserFactory(email="account@example.org"), email="old@example.org")
    register_only = ResidentFactory(home=home, email="register@example.org")
    do_not_contact = ResidentFactory(home=home, user=UserFactory(email="quiet@example.org"))
    Preferences.objects.create(resident=do_not_contact, do_not_contact=True)
    twice = ResidentFactory(home=home, user=UserFactory(email="twice@example.org"))
    items = [give_feedback(r) for r in (by_account, register_only, do_not_contact, twice)]
    items.append(give_feedback(twice, "Still dark."))
    return [by_account, register_only, do_not_contact, twice], items


def update_emails(entry):
    return OutboundEmail.objects.filter(key__startswith=f"update-published:{entry.pk}:")


def test_publishing_emails_every_resident_heard_once_except_those_who_asked_not_to_be_contacted(home, neighbourhood):
    (by_account, register_only, do_not_contact, twice), items = heard_residents(home)
    entry = make_entry(neighbourhoods=[neighbourhood])

    publish(entry, sources=items)

    assert entry.voices == 4  # distinct residents, including the one we do not email
    assert set(update_emails(entry).values_list("key", "to")) == {
        (f"update-published:{entry.pk}:{by_account.pk}", "account@example.org"),
        (f"update-published:{entry.pk}:{register_only.pk}", "register@example.org"),
        (f"update-published:{entry.pk}:{twice.pk}", "twice@example.org"),
    }
    mail.outbox.clear()
    outbox.send_queued_emails()
    sent = [m for m in mail.outbox if m.subject == "You said, we did: Lights on the path"]
    assert sorted(m.to[0] for m in sent) == ["account@example.org", "register@example.org", "twice@example.org"]
    assert "We put up six new lights." in sent[0].body
    assert detail_url(entry) in sent[0].body


def test_publishing_twice_publishes_and_emails_once(home, neighbourhood):
    _, items = heard_residents(home)
    entry = make_entry(neighbourhoods=[neighbourhood])
    updates.set_sources(entry=entry, objects=items)
    updates.schedule_update(entry=entry, publish_at=timezone.now() - timedelta(minutes=1))

    first = updates.publish_due_updates()
    entry.refresh_from_db()
    published_at = entry.published_at
    second = updates.publish_due_updates(now=timezone.now() + timedelta(minutes=1))

    assert (first, second) == ([entry.pk], [])
    entry.refresh_from_db()
    assert entry.published_at == published_at
    assert update_emails(entry).count() == 3


@pytest.mark.django_db(transaction=True)
def test_two_publishers_at_the_same_moment_publish_each_entry_once(transactional_db):
    neighbourhood = NeighbourhoodFactory(name="Millfield")
    home = HomeFactory(block=BlockFactory(neighbourhood=neighbourhood))
    residents, items = heard_residents(home)
    entries = [make_entry(title=f"Entry {n}", neighbourhoods=[neighbourhood]) for n in range(20)]
    for entry in entries:
        updates.set_sources(entry=entry, objects=items)
        updates.schedule_update(entry=entry, publish_at=timezone.now() - timedelta(seconds=1))
    barrier = threading.Barrier(2)
    published: list[list[int]] = []
    errors: list[BaseException] = []

    def publisher(offset: int):
        try:
            barrier.wait()
            published.append(updates.publish_due_updates(now=timezone.now() + timedelta(seconds=offset)))
        except BaseException as error:  # noqa: BLE001  (reported by the main thread)
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=publisher, args=(offset,)) for offset in (0, 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert not errors, errors
    first, second = published
    assert not set(first) & set(second), "an entry was published by both publishers"
    assert sorted(first + second) == sorted(e.pk for e in entries)
    for entry in entries:
        entry.refresh_from_db()
        assert entry.status == UpdateStatus.PUBLISHED and entry.published_at is not None
        emailed = list(update_emails(entry).values_list("key", flat=True))
        assert len(emailed) == len(set(emailed)) == 3  # one per resident heard, none for do-not-contact


# Withdrawing -------------------------------------------------------------------------------------------


def test_withdrawing_needs_a_reason_and_then_shows_only_the_reason_publicly(staff_client, client_for):
    entry = publish(make_entry(everyone=True, photo_alt="x"))
    withdraw_url = reverse("residents:update_withdraw", args=[entry.pk])

    refused = staff_client.post(withdraw_url, {"reason": "  "})
    assert refused.status_code == 200
    assert "Give the reason: it is shown publicly in place of the entry." in page(refused)
    entry.refresh_from_db()
    assert entry.status == UpdateStatus.PUBLISHED

    staff_client.post(withdraw_url, {"reason": "The lights were put up in another street."})
    entry.refresh_from_db()
    assert entry.status == UpdateStatus.WITHDRAWN

    public = page(client_for("anonymous").get(detail_url(entry)))
    assert "Lights on the path" in public and "The lights were put up in another street." in public
    assert "We put up six new lights." not in public and "too dark" not in public
    assert "Lights on the path" not in page(client_for("anonymous").get(PUBLIC_URL))


# Public pages ------------------------------------------------------------------------------------------


@pytest.fixture
def areas(neighbourhood):
    return neighbourhood, NeighbourhoodFactory(name="Hillside")


def test_public_list_shows_published_entries_only_newest_first_with_how_many_were_heard(client_for, resident, areas):
    millfield, hillside = areas
    older = publish(make_entry(title="Older: new bins", neighbourhoods=[millfield], topic="cleaning"))
    newer = publish(
        make_entry(title="Newer: lights", neighbourhoods=[millfield, hillside]),
        sources=[give_feedback(resident.resident)],
    )
    make_entry(title="A draft", everyone=True)
    updates.schedule_update(
        entry=make_entry(title="Scheduled later", everyone=True), publish_at=timezone.now() + timedelta(days=1)
    )
    withdrawn = publish(make_entry(title="Withdrawn one", everyone=True))
    updates.withdraw_update(entry=withdrawn, reason="Wrong area.")

    response = client_for("anonymous").get(PUBLIC_URL)

    html = page(response)
    assert response.status_code == 200
    assert html.index("Newer: lights") < html.index("Older: new bins")
    for hidden in ("A draft", "Scheduled later", "Withdrawn one"):
        assert hidden not in html
    assert "Answers the voices of 1 resident." in html
    assert "For: Hillside, Millfield." in html and "Topic: Cleaning." in html
    assert "Okafor" not in html and "Amina" not in html  # never who
    feed_link = f'<link rel="alternate" type="application/atom+xml" title="You said, we did" href="{FEED_URL}" nonce='
    assert feed_link in html
    assert newer.voices == 1 and older.voices == 0


def test_public_list_filters_by_neighbourhood_including_everyone_and_by_topic(client_for, areas):
    millfield, hillside = areas
    publish(make_entry(title="Millfield lights", neighbourhoods=[millfield]))
    publish(make_entry(title="Hillside bins", neighbourhoods=[hillside], topic="cleaning"))
    publish(make_entry(title="Everyone: new phone line", everyone=True, topic="communication"))
    client = client_for("anonymous")

    in_millfield = page(client.get(PUBLIC_URL, {"neighbourhood": millfield.pk}))
    assert "Millfield lights" in in_millfield and "Everyone: new phone line" in in_millfield
    assert "Hillside bins" not in in_millfield

    cleaning = page(client.get(PUBLIC_URL, {"topic": "cleaning"}))
    assert "Hillside bins" in cleaning and "Millfield lights" not in cleaning and "phone line" not in cleaning

    both = page(client.get(PUBLIC_URL, {"neighbourhood": millfield.pk, "topic": "cleaning"}))
    assert "No updates match what you chose." in both


def test_public_list_says_which_filter_it_does_not_know_and_applies_the_other(client_for, areas):
    millfield, hillside = areas
    publish(make_entry(title="Millfield lights", neighbourhoods=[millfield]))
    publish(make_entry(title="Hillside bins", neighbourhoods=[hillside]))

    html = page(client_for("anonymous").get(PUBLIC_URL, {"neighbourhood": hillside.pk, "topic": "gardening"}))

    assert "Choose a topic from the list." in html and "Choose a neighbourhood" not in html
    assert "Hillside bins" in html and "Millfield lights" not in html
    assert re.search(rf'<option value="{hillside.pk}" selected>Hillside</option>', html)


def test_public_detail_shows_a_published_entry_with_its_photo_and_never_who(client_for, resident):
    entry = make_entry(everyone=True, photo_alt="The path with its new lights", photo_content_type="image/png")
    entry.photo.save("photo", ContentFile(png_bytes()), save=True)
    publish(entry, sources=[give_feedback(resident.resident)])
    client = client_for("anonymous")

    html = page(client.get(detail_url(entry)))
    assert "We put up six new lights." in html and "The path is too dark at night." in html
    assert f'<img src="{photo_url(entry)}" alt="The path with its new lights"' in html
    assert "1 resident" in html and "Okafor" not in html and "FB-" not in html

    photo = client.get(photo_url(entry))
    assert photo.status_code == 200
    assert photo["Content-Type"] == "image/png" and photo["X-Content-Type-Options"] == "nosniff"
    assert b"".join(photo.streaming_content) == png_bytes()


@pytest.mark.parametrize("status", [UpdateStatus.DRAFT, UpdateStatus.SCHEDULED])
def test_an_unpublished_entry_and_its_photo_do_not_exist_publicly(client_for, status):
    entry = make_entry(everyone=True, photo_alt="x", photo_content_type="image/png")
    entry.photo.save("photo", ContentFile(png_bytes()), save=True)
    if status == UpdateStatus.SCHEDULED:
        updates.schedule_update(entry=entry, publish_at=timezone.now() + timedelta(hours=1))
    for persona in ("anonymous", "resident", "staff"):
        client = client_for(persona)
        assert client.get(detail_url(entry)).status_code == 404
        assert client.get(photo_url(entry)).status_code == 404
    assert client_for("anonymous").get(reverse("residents:update_detail", args=[987654321])).status_code == 404


def test_a_withdrawn_entrys_photo_is_no_longer_served(client_for):
    entry = make_entry(everyone=True, photo_alt="x", photo_content_type="image/png")
    entry.photo.save("photo", ContentFile(png_bytes()), save=True)
    publish(entry)
    updates.withdraw_update(entry=entry, reason="Wrong photo.")
    assert client_for("anonymous").get(photo_url(entry)).status_code == 404


def test_atom_feed_is_public_valid_xml_with_the_published_entries(client_for, resident):
    first = publish(make_entry(title="Lights & bins", everyone=True), sources=[give_feedback(resident.resident)])
    second = publish(make_entry(title="New benches", everyone=True, topic="grounds"))
    make_entry(title="A draft", everyone=True)

    response = client_for("anonymous").get(FEED_URL)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    assert feed.tag == f"{ATOM}feed"
    assert feed.find(f"{ATOM}updated") is not None and feed.find(f"{ATOM}author/{ATOM}name") is not None
    entries = feed.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == ["New benches", "Lights & bins"]
    links = [e.find(f"{ATOM}link").get("href") for e in entries]
    assert links == [f"http://testserver{detail_url(second)}", f"http://testserver{detail_url(first)}"]
    summary = entries[1].findtext(f"{ATOM}summary")
    assert "We put up six new lights." in summary and "The path is too dark at night." in summary
    assert all(e.find(f"{ATOM}updated") is not None and e.findtext(f"{ATOM}id") for e in entries)
    assert b"Okafor" not in response.content and b"A draft" not in response.content


# The public pages' cache -----------------------------------------------------------------------------------


def feed_titles(client) -> list[str]:
    return [e.findtext(f"{ATOM}title") for e in ET.fromstring(client.get(FEED_URL).content).findall(f"{ATOM}entry")]


def test_a_newly_published_entry_is_on_the_cached_list_and_feed_at_once(client_for, neighbourhood):
    publish(make_entry(title="New bins", everyone=True, topic="cleaning"))
    client = client_for("anonymous")
    filtered = {"neighbourhood": neighbourhood.pk, "topic": "safety"}
    assert "New bins" in page(client.get(PUBLIC_URL)) and feed_titles(client) == ["New bins"]
    assert "No updates match what you chose." in page(client.get(PUBLIC_URL, filtered))

    publish(make_entry(title="Lights on the path", neighbourhoods=[neighbourhood]))

    assert "Lights on the path" in page(client.get(PUBLIC_URL))
    assert "Lights on the path" in page(client.get(PUBLIC_URL, filtered))
    assert feed_titles(client) == ["Lights on the path", "New bins"]


def test_a_withdrawn_entry_leaves_the_cached_list_and_feed_at_once(client_for, staff_client):
    entry = publish(make_entry(title="Lights on the path", everyone=True))
    client = client_for("anonymous")
    assert "Lights on the path" in page(client.get(PUBLIC_URL)) and feed_titles(client) == ["Lights on the path"]

    staff_client.post(reverse("residents:update_withdraw", args=[entry.pk]), {"reason": "Wrong street."})

    assert "Lights on the path" not in page(client.get(PUBLIC_URL))
    assert feed_titles(client) == []


def test_a_change_made_in_the_admin_site_shows_at_once(client_for, neighbourhood):
    entry = publish(make_entry(title="Lights on the path", neighbourhoods=[neighbourhood]))
    client = client_for("anonymous")
    assert "Lights on the path" in page(client.get(PUBLIC_URL))

    admin = client_for("admin_user")
    admin.post(reverse("admin:residents_neighbourhood_change", args=[neighbourhood.pk]), {"name": "Millfield Green"})
    assert "For: Millfield Green." in page(client.get(PUBLIC_URL))

    admin.post(reverse("admin:residents_yousaidwedid_delete", args=[entry.pk]), {"post": "yes"})
    assert "Lights on the path" not in page(client.get(PUBLIC_URL)) and feed_titles(client) == []


def test_a_neighbourhood_new_in_a_register_import_is_offered_as_a_filter_at_once(client_for, neighbourhood):
    client = client_for("anonymous")
    assert "Hillside" not in page(client.get(PUBLIC_URL))

    done = register_import.run_import(
        RegisterImport.objects.create(filename="register.csv", content=register_import.example_csv())
    )

    assert done.status == RegisterImport.Status.DONE and "Hillside" in page(client.get(PUBLIC_URL))


def test_the_cached_list_is_shown_inside_each_visitors_own_page(client_for):
    publish(make_entry(title="Lights on the path", everyone=True))
    anonymous = page(client_for("anonymous").get(PUBLIC_URL))  # cached whole for visitors not signed in
    assert "Lights on the path" in anonymous and "Sign out" not in anonymous

    signed_in = page(client_for("resident").get(PUBLIC_URL))
    assert "Lights on the path" in signed_in and "Sign out" in signed_in and "My feedback" in signed_in
    again = page(client_for("anonymous").get(PUBLIC_URL))
    assert "Lights on the path" in again and "Sign out" not in again and "Sign in" in again


def test_a_message_waiting_for_a_visitor_is_shown_to_them_and_to_nobody_else(client_for):
    publish(make_entry(title="Lights on the path", everyone=True))
    client_for("anonymous").get(PUBLIC_URL)  # the whole page is cached
    leaving = client_for("resident")
    leaving.post(reverse("account_logout"))  # "You have signed out." waits for their next page

    assert "You have signed out." in page(leaving.get(PUBLIC_URL))
    assert "You have signed out." not in page(client_for("anonymous").get(PUBLIC_URL))
    assert "You have signed out." not in page(leaving.get(PUBLIC_URL))


@pytest.mark.parametrize(
    "query",
    [{}, {"page": "2"}, {"topic": "cleaning"}, {"neighbourhood": "FIRST", "topic": ""}],
    ids=["list", "page_2", "topic", "neighbourhood"],
)
def test_public_pages_are_served_from_the_cache_until_something_changes(client_for, neighbourhood, query):
    for n in range(25):
        publish(make_entry(title=f"Update {n}", neighbourhoods=[neighbourhood], topic="cleaning"))
    query = {name: str(neighbourhood.pk) if value == "FIRST" else value for name, value in query.items()}
    client = client_for("anonymous")

    first = queries_for_get(client, f"{PUBLIC_URL}?{urlencode(query)}", warm_up=False)
    again = queries_for_get(client, f"{PUBLIC_URL}?{urlencode(query)}", warm_up=False)
    feed_first = queries_for_get(client, FEED_URL, warm_up=False)
    feed_again = queries_for_get(client, FEED_URL, warm_up=False)

    assert first.count > 0 and feed_first.count > 0
    assert again.count == 0 and feed_again.count == 0, f"{again}\n{feed_again}"


@pytest.mark.parametrize(
    "query",
    [{"neighbourhood": "987654"}, {"topic": "not-a-topic"}, {"page": "99"}, {"page": "x"}, {"utm_source": "email"}],
    ids=["unknown_neighbourhood", "unknown_topic", "page_past_the_end", "page_not_a_number", "other_parameter"],
)
def test_addresses_the_list_does_not_know_are_answered_but_never_cached(client_for, query):
    publish(make_entry(title="Lights on the path", everyone=True))
    client = client_for("anonymous")
    url = f"{PUBLIC_URL}?{urlencode(query)}"

    first = client.get(url)
    again = queries_for_get(client, url, warm_up=False)

    assert first.status_code == 200 and "Lights on the path" in page(first)
    assert again.count > 0, "a made-up address must not fill the cache"


def test_the_cached_feed_links_to_the_address_it_was_asked_at(client_for, settings):
    settings.ALLOWED_HOSTS = ["testserver", "portal.example.org"]
    entry = publish(make_entry(title="Lights on the path", everyone=True))
    client = client_for("anonymous")

    assert f"http://testserver{detail_url(entry)}".encode() in client.get(FEED_URL).content
    other = client.get(FEED_URL, HTTP_HOST="portal.example.org", secure=True)

    assert f"https://portal.example.org{detail_url(entry)}".encode() in other.content
    assert other["Content-Type"].startswith("application/atom+xml") and other.has_header("Last-Modified")


# The resident's home ------------------------------------------------------------------------------------


def test_resident_home_shows_their_neighbourhood_and_everyone_but_not_another_area(client_for, resident, areas):
    millfield, hillside = areas
    publish(make_entry(title="Millfield lights", neighbourhoods=[millfield]))
    publish(make_entry(title="For everyone: phone line", everyone=True))
    publish(make_entry(title="Hillside bins", neighbourhoods=[hillside]))
    make_entry(title="Millfield draft", neighbourhoods=[millfield])

    html = page(client_for("resident").get(reverse("residents:home")))

    assert "You said, we did in your area" in html
    assert "Millfield lights" in html and "For everyone: phone line" in html
    assert "Hillside bins" not in html and "Millfield draft" not in html


def test_resident_home_shows_the_latest_three(client_for, resident, neighbourhood):
    for n in range(5):
        publish(make_entry(title=f"Update number {n}", neighbourhoods=[neighbourhood]))
    html = page(client_for("resident").get(reverse("residents:home")))
    assert [f"Update number {n}" in html for n in range(5)] == [False, False, True, True, True]


def test_resident_home_shows_an_entry_as_soon_as_it_is_published_or_withdrawn(client_for, resident, neighbourhood):
    """The area's latest entries are cached (with the public pages); publishing or withdrawing starts afresh."""
    client = client_for("resident")
    lights = publish(make_entry(title="Lights on the path", neighbourhoods=[neighbourhood]))
    assert "Lights on the path" in page(client.get(reverse("residents:home")))

    publish(make_entry(title="New bins", neighbourhoods=[neighbourhood]))
    assert "New bins" in page(client.get(reverse("residents:home")))

    updates.withdraw_update(entry=lights, reason="Published by mistake.")
    html = page(client.get(reverse("residents:home")))
    assert "Lights on the path" not in html and "New bins" in html


# Query counts -------------------------------------------------------------------------------------------

SMALL = 10
LARGE = 5_000


def grow_entries_to(total: int, *, areas) -> None:
    """Entries in every state, most published, each with one or two neighbourhoods or for everyone."""
    start = YouSaidWeDid.objects.count()
    now = timezone.now()
    states = [UpdateStatus.PUBLISHED] * 7 + [UpdateStatus.DRAFT, UpdateStatus.SCHEDULED, UpdateStatus.WITHDRAWN]
    made = []
    for n in range(start, total):
        status = states[n % len(states)]
        made.append(
            YouSaidWeDid(
                title=f"Bulk entry {n}",
                you_said="You told us the bins overflow.",
                we_did="We empty them twice a week now.",
                topic=["cleaning", "repairs", "safety"][n % 3],
                everyone=n % 5 == 0,
                status=status,
                publish_at=now - timedelta(minutes=n) if status != UpdateStatus.DRAFT else None,
                published_at=now - timedelta(minutes=n) if status in ("published", "withdrawn") else None,
                withdrawn_at=now if status == UpdateStatus.WITHDRAWN else None,
                withdrawn_reason="Wrong area." if status == UpdateStatus.WITHDRAWN else "",
                voices=n % 7,
            )
        )
    entries = YouSaidWeDid.objects.bulk_create(made)
    through = YouSaidWeDid.neighbourhoods.through
    links = []
    for i, entry in enumerate(entries):
        if not entry.everyone:
            links.append(through(yousaidwedid_id=entry.pk, neighbourhood_id=areas[i % len(areas)].pk))
            if i % 2:
                links.append(through(yousaidwedid_id=entry.pk, neighbourhood_id=areas[(i + 1) % len(areas)].pk))
    through.objects.bulk_create(links, ignore_conflicts=True)
    assert YouSaidWeDid.objects.count() == total


PAGES = [
    # The public list and feed, each the first time after a change (the cache is empty; once cached, a visit
    # costs no query at all, see test_public_pages_are_served_from_the_cache_until_something_changes).
    # count, page of entries, their neighbourhoods, the neighbourhoods for the filter
    pytest.param("anonymous", PUBLIC_URL, 4, id="public_list"),
    # ... and the chosen neighbourhood, checked
    pytest.param("anonymous", f"{PUBLIC_URL}?neighbourhood=FIRST&topic=cleaning", 5, id="public_list_filtered"),
    # the entries, their neighbourhoods
    pytest.param("anonymous", FEED_URL, 2, id="atom_feed"),
    # session, user (two-factor authentication is remembered in the session); count, page of entries, their
    # neighbourhoods
    pytest.param("staff", LIST_URL, 5, id="staff_list"),
    # session, user, resident with home and preferences, recent feedback ("You said, we did" in their area is
    # cached with the public pages), the panels apps add (residents/homepanels.py): the neighbourhood's action plan
    pytest.param("resident", reverse("residents:home"), 5, id="resident_home"),
]


def cost_of(client, url):
    """Queries for one visit; for a cached public page, the first visit after a change."""
    if url.startswith(PUBLIC_URL):
        updates.forget_public_pages()
        return queries_for_get(client, url, warm_up=False)
    return queries_for_get(client, url)


@pytest.mark.parametrize(("persona", "url", "expected"), PAGES)
def test_page_costs_the_same_queries_with_10_and_5000_entries(client_for, resident, staff, persona, url, expected):
    areas = [resident.resident.home.block.neighbourhood] + Neighbourhood.objects.bulk_create(
        [Neighbourhood(name=f"Area {n}") for n in range(30)]
    )
    url = url.replace("FIRST", str(areas[0].pk))
    client = client_for(persona)
    grow_entries_to(SMALL, areas=areas)
    small = cost_of(client, url)
    grow_entries_to(LARGE, areas=areas)
    large = cost_of(client, url)
    assert small.count == large.count == expected, f"{small}\n\n{large}"
