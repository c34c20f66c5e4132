""" "You said, we did": staff write an entry citing a resident's feedback and choose "Publish now"; a real
Celery beat and worker publish it (nothing in the test calls a service for that), the public sees it, and the
resident whose feedback it answers gets exactly one email."""

import re
import time

import pytest
from playwright.sync_api import Page, expect

from residents.models import Resident, YouSaidWeDid
from tests.factories import feedback_from

pytestmark = [pytest.mark.browser, pytest.mark.worker]

TITLE = "Weekly cleaning for Alder House stairs"
YOU_SAID = "The stairs in Alder House were not being cleaned often enough."
WE_DID = "We changed the cleaning contract: the stairs are now cleaned every Thursday."
PUBLISH_TIMEOUT = 60
SUBJECT = f"You said, we did: {TITLE}"


def reload_until_listed(page: Page, url: str, title: str, *, timeout: float, worker) -> None:
    """Load the public list once a second until an entry with this title is on it (or fail after timeout)."""
    deadline = time.monotonic() + timeout
    link = page.get_by_role("link", name=title)
    while True:
        page.goto(url)
        if link.count():
            return
        worker.check()
        if time.monotonic() >= deadline:
            pytest.fail(f"{title!r} was not on {url} after {timeout:g}s.\n--- worker log ---\n{worker.log}")
        page.wait_for_timeout(1000)


def test_staff_publish_now_and_the_worker_publishes_it_and_emails_the_resident_once(
    page, live_server, sign_in, check_page, resident, other_resident, staff, other_browser, celery_worker, celery_beat
):
    feedback = feedback_from(Resident.objects.get(user=resident))
    feedback_from(Resident.objects.get(user=other_resident))  # cited by nobody: that resident hears nothing
    public_list = f"{live_server.url}/you-said-we-did/"

    # A visitor who is not signed in sees nothing yet.
    visitor = other_browser()
    visitor.goto(public_list)
    expect(visitor.get_by_role("heading", level=1)).to_have_text("You said, we did")
    expect(visitor.get_by_text("No updates yet.")).to_be_visible()
    check_page(visitor, "you-said-we-did-empty", phone=True)

    sign_in(page, staff, mfa=True)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="You said, we did").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("You said, we did")
    check_page(page, "updates-staff-list", phone=True)
    page.get_by_role("link", name="Write a new entry").click()

    expect(page.get_by_role("heading", level=1)).to_have_text('Write a "You said, we did" entry')
    check_page(page, "update-create", phone=True, shot=True)
    page.get_by_label("Title").fill(TITLE)
    page.get_by_label("You said").fill(YOU_SAID)
    page.get_by_label("We did").fill(WE_DID)
    page.get_by_label("Topic").select_option(label="Cleaning")
    page.get_by_role("group", name="Neighbourhoods").get_by_label("Millfield").check()
    page.get_by_label("Feedback references").fill(feedback.reference)
    page.get_by_role("button", name="Save draft").click()

    expect(page.get_by_role("status")).to_contain_text("The draft is saved.")
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    voices = page.get_by_role("region", name="Whose voices it answers")
    expect(voices).to_contain_text(feedback.reference)
    expect(voices).to_contain_text("1 resident gave this feedback.")
    check_page(page, "update-draft", phone=True, shot=True)
    page.get_by_role("button", name="Publish now").click()

    expect(page.get_by_role("status")).to_contain_text("It will be published within a minute.")
    check_page(page, "update-scheduled")

    # Beat sends the publisher every second; the worker publishes it. The visitor reloads until it is there.
    reload_until_listed(visitor, public_list, TITLE, timeout=PUBLISH_TIMEOUT, worker=celery_worker)
    entry_card = visitor.get_by_role("listitem").filter(has=visitor.get_by_role("link", name=TITLE))
    expect(entry_card).to_contain_text("For: Millfield. Topic: Cleaning.")
    expect(entry_card).to_contain_text("Answers the voices of 1 resident.")
    expect(visitor.get_by_text("1 update.")).to_be_visible()
    check_page(visitor, "you-said-we-did-list", phone=True, shot=True)
    visitor.get_by_role("link", name=TITLE).click()

    expect(visitor.get_by_role("heading", level=1)).to_have_text(TITLE)
    main = visitor.get_by_role("main")
    expect(main).to_contain_text(YOU_SAID)
    expect(main).to_contain_text(WE_DID)
    answers = main.locator("dt", has_text="Whose voices it answers").locator("xpath=following-sibling::dd[1]")
    expect(answers).to_have_text("1 resident")
    # The public page says how many were heard, never who.
    expect(main).not_to_contain_text("Amina")
    expect(main).not_to_contain_text(feedback.reference)
    check_page(visitor, "you-said-we-did-entry", phone=True, shot=True)

    # The feed is Atom, not an HTML page (so it is not scanned as one), and carries the entry.
    feed = visitor.request.get(f"{live_server.url}/you-said-we-did/feed.atom")
    assert feed.ok, feed.status
    assert feed.headers["content-type"].startswith("application/atom+xml"), feed.headers["content-type"]
    assert "<feed" in feed.text() and f"<title>{TITLE}</title>" in feed.text()

    # Staff see it published, no longer editable.
    page.reload()
    expect(page.get_by_role("main")).to_contain_text(re.compile(r"Published \d{1,2} \w+ \d{4} at \d\d:\d\d"))
    expect(page.get_by_text("It answers the voices of 1 resident.")).to_be_visible()
    expect(page.get_by_role("button", name="Publish now")).to_have_count(0)
    check_page(page, "update-published", phone=True)

    # Exactly one email, to the resident whose feedback it cites, even after more runs of the relay and the
    # publisher (a second publication or a second send would show up here).
    def update_mail():
        return [message for message in celery_worker.sent_mail() if message["Subject"] == SUBJECT]

    celery_worker.wait_for(update_mail, timeout=30, message="the 'You said, we did' email")
    relays = celery_worker.tasks_succeeded("residents.tasks.relay_outbox")
    publishes = celery_worker.tasks_succeeded("residents.tasks.publish_due_updates")
    celery_worker.wait_for(
        lambda: (
            celery_worker.tasks_succeeded("residents.tasks.relay_outbox") >= relays + 2
            and celery_worker.tasks_succeeded("residents.tasks.publish_due_updates") >= publishes + 2
        ),
        timeout=30,
        message="two more runs of the outbox relay and the publisher",
    )
    sent = update_mail()
    assert len(sent) == 1, [(m["To"], m["Subject"]) for m in sent]
    assert sent[0]["To"] == "resident@example.org"
    body = sent[0].get_content()
    assert body.startswith("Dear Amina,") and YOU_SAID in body and WE_DID in body
    entry = YouSaidWeDid.objects.get()
    assert f"/you-said-we-did/{entry.pk}/" in body
    assert not [m for m in celery_worker.sent_mail() if "You said, we did" in m["Subject"] and m["To"] != sent[0]["To"]]
    assert (entry.status, entry.voices) == ("published", 1)
