"""Panels and membership, page by page: the public pages, a resident applying, withdrawing and stepping down, and staff
running the panels (adding one, deciding applications, roles and terms, the terms ending soon)."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from panels.models import Membership, MembershipRole, MembershipStatus, Panel
from residents.models import OutboundEmail

from ..factories import ResidentFactory
from .factories import ApplicationFactory, MembershipFactory, PanelFactory

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


def text(response) -> str:
    """The page's text without tags, spaces squeezed."""
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def header(response) -> str:
    return response.content.decode().split("<header", 1)[1].split("</header>", 1)[0]


# Public pages ----------------------------------------------------------------------------------------------------


def test_the_public_list_shows_listed_panels_only(client, db):
    PanelFactory(name="Contractor Selection Panel", slug="contractor-selection")
    PanelFactory(name="Old Estates Panel", slug="old-estates", is_active=False)
    page = text(client.get(reverse("panels:panel_list")))
    assert "Contractor Selection Panel" in page
    assert "Old Estates Panel" not in page


def test_the_panel_page_says_what_a_resident_needs_to_know_before_joining(client, db):
    panel = PanelFactory(
        remit="Chooses the contractor for the new kitchens.",
        can_influence="Which contractor is chosen.",
        cannot_influence="The budget set by the Board.",
        route_to_board="Its choice goes to the Asset Committee.",
        time_commitment="Three evenings in March.",
        support_offered="Travel costs paid and training given.",
        how_to_join="Apply on this page.",
    )
    page = text(client.get(reverse("panels:panel_detail", args=[panel.slug])))
    for fact in [
        "Chooses the contractor for the new kitchens.",
        "Which contractor is chosen.",
        "The budget set by the Board.",
        "Its choice goes to the Asset Committee.",
        "Three evenings in March.",
        "Travel costs paid and training given.",
        "Sign in to apply",
    ]:
        assert fact in page


def test_the_panel_page_names_members_who_agreed_by_first_name_and_role_only(client, db):
    panel = PanelFactory()
    MembershipFactory(
        panel=panel,
        role=MembershipRole.CHAIR,
        show_on_public_page=True,
        resident=ResidentFactory(first_name="Winifred", last_name="Oyelaran"),
    )
    MembershipFactory(panel=panel, show_on_public_page=False, resident=ResidentFactory(first_name="Barnaby"))
    ApplicationFactory(panel=panel, show_on_public_page=True, resident=ResidentFactory(first_name="Cosmo"))
    MembershipFactory(
        panel=panel,
        show_on_public_page=True,
        status=MembershipStatus.STEPPED_DOWN,
        resident=ResidentFactory(first_name="Delphine"),
    )
    page = text(client.get(reverse("panels:panel_detail", args=[panel.slug])))
    assert "Winifred, chair" in page
    assert "Oyelaran" not in page
    for hidden in ("Barnaby", "Cosmo", "Delphine"):
        assert hidden not in page


def test_a_retired_panel_is_not_found_publicly(client, db):
    panel = PanelFactory(is_active=False)
    assert client.get(reverse("panels:panel_detail", args=[panel.slug])).status_code == 404


# Applying -----------------------------------------------------------------------------------------------------


APPLICATION = {
    "why": "I want the works done with residents, not to them.",
    "availability": "Weekday evenings.",
    "support_needs": "Papers in large print.",
    "show_on_public_page": "on",
}


def test_a_resident_applies_and_sees_it_on_my_panels(client_for, resident, open_panel):
    client = client_for("resident")
    assert "My panels" not in header(client.get(reverse("residents:home")))
    assert "Apply to join" in text(client.get(reverse("panels:panel_detail", args=[open_panel.slug])))

    response = client.post(reverse("panels:apply", args=[open_panel.slug]), APPLICATION)

    assert response["Location"] == reverse("panels:my_panels")
    membership = Membership.objects.get(panel=open_panel, resident=resident.resident)
    assert (membership.status, membership.why, membership.support_needs) == (
        MembershipStatus.APPLIED,
        APPLICATION["why"],
        "Papers in large print.",
    )
    assert membership.show_on_public_page
    email = OutboundEmail.objects.get(key=f"panel-received:{membership.pk}")
    assert (email.to, email.subject) == ("resident@example.org", f"We have your application to the {open_panel.name}")
    page = client.get(reverse("panels:my_panels"))
    assert "Application received" in text(page)
    assert "My panels" in header(page), "a resident who has applied finds their panels in the header"


def test_bad_input_keeps_what_was_typed_and_saves_nothing(client_for, resident, open_panel):
    response = client_for("resident").post(
        reverse("panels:apply", args=[open_panel.slug]),
        {"why": "", "availability": "Saturday mornings only", "support_needs": "A hearing loop"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert 'href="#id_why"' in page, "the summary links to the field"
    assert "Tell us why you would like to join." in page
    assert "Saturday mornings only" in page and "A hearing loop" in page
    assert "<title>Error:" in page
    assert not Membership.objects.exists()


def test_too_long_an_answer_is_refused_with_its_length(client_for, resident, open_panel):
    response = client_for("resident").post(
        reverse("panels:apply", args=[open_panel.slug]), {**APPLICATION, "why": "x" * 2001}
    )
    assert "Keep it to 2000 characters or fewer. You have written 2001." in response.content.decode()
    assert not Membership.objects.exists()


def test_applying_twice_goes_to_my_panels(client_for, own_application):
    response = client_for("resident").get(reverse("panels:apply", args=[own_application.panel.slug]))
    assert response["Location"] == reverse("panels:my_panels")
    assert Membership.objects.count() == 1


def test_a_panel_not_recruiting_takes_no_applications(client_for, resident):
    panel = PanelFactory(accepting_applications=False)
    client = client_for("resident")
    assert client.post(reverse("panels:apply", args=[panel.slug]), APPLICATION)["Location"] == reverse(
        "panels:panel_detail", args=[panel.slug]
    )
    assert not Membership.objects.exists()
    assert "not taking applications" in text(client.get(reverse("panels:panel_detail", args=[panel.slug])))


def test_a_resident_declined_before_may_apply_again(client_for, resident, open_panel):
    ApplicationFactory(panel=open_panel, resident=resident.resident, status=MembershipStatus.DECLINED, reason="Full.")
    client_for("resident").post(reverse("panels:apply", args=[open_panel.slug]), APPLICATION)
    assert Membership.objects.filter(resident=resident.resident, status=MembershipStatus.APPLIED).count() == 1


def test_a_resident_withdraws_their_application(client_for, own_application):
    client = client_for("resident")
    client.post(reverse("panels:withdraw", args=[own_application.pk]))
    own_application.refresh_from_db()
    assert own_application.status == MembershipStatus.WITHDRAWN
    assert "Application withdrawn" in text(client.get(reverse("panels:my_panels")))


def test_a_decided_application_cannot_be_withdrawn(client_for, own_application, staff):
    Membership.objects.filter(pk=own_application.pk).update(
        status=MembershipStatus.MEMBER, term_starts=TODAY, decided_at=timezone.now()
    )
    client_for("resident").post(reverse("panels:withdraw", args=[own_application.pk]))
    own_application.refresh_from_db()
    assert own_application.status == MembershipStatus.MEMBER


def test_a_member_steps_down_with_a_reason(client_for, own_membership):
    client = client_for("resident")
    assert "Step down" in text(client.get(reverse("panels:step_down", args=[own_membership.pk])))
    response = client.post(reverse("panels:step_down", args=[own_membership.pk]), {"reason": "I am moving away."})
    assert response["Location"] == reverse("panels:my_panels")
    own_membership.refresh_from_db()
    assert (own_membership.status, own_membership.term_ends, own_membership.reason) == (
        MembershipStatus.STEPPED_DOWN,
        TODAY,
        "I am moving away.",
    )
    assert "Stepped down" in text(client.get(reverse("panels:my_panels")))


def test_another_resident_cannot_step_down_for_a_member(client_for, own_membership):
    response = client_for("other_resident").post(reverse("panels:step_down", args=[own_membership.pk]), {})
    assert response.status_code == 404
    own_membership.refresh_from_db()
    assert own_membership.status == MembershipStatus.MEMBER


# Staff: deciding applications --------------------------------------------------------------------------------------


def accept(client, membership, **fields):
    data = {"role": "member", "term_starts": TODAY.isoformat(), "term_ends": (TODAY + 730 * DAY).isoformat()} | fields
    return client.post(reverse("panels:membership_accept", args=[membership.panel.slug, membership.pk]), data)


def test_staff_accept_an_application_and_the_resident_is_told(client_for, own_application, staff):
    staff_client = client_for("staff")
    page = text(
        staff_client.get(reverse("panels:membership_detail", args=[own_application.panel.slug, own_application.pk]))
    )
    assert "I want better contractors." in page

    response = accept(staff_client, own_application, role="vice_chair")

    assert response.status_code == 302
    own_application.refresh_from_db()
    assert own_application.status == MembershipStatus.MEMBER
    assert own_application.role == MembershipRole.VICE_CHAIR
    assert own_application.decided_by == staff
    email = OutboundEmail.objects.get(key=f"panel-accepted:{own_application.pk}")
    assert email.to == "resident@example.org"
    assert "Welcome to the Contractor Selection Panel" == email.subject
    assert "vice-chair" in email.body and reverse("panels:my_panels") in email.body
    assert "Member, vice-chair" in text(client_for("resident").get(reverse("panels:my_panels")))


def test_a_panel_has_one_chair_at_a_time(client_for, own_application):
    MembershipFactory(
        panel=own_application.panel,
        role=MembershipRole.CHAIR,
        resident=ResidentFactory(first_name="Ola", last_name="Chair"),
    )
    response = accept(client_for("staff"), own_application, role="chair", term_starts="2026-12-01")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Ola Chair is chair of this panel already" in page
    assert 'href="#accept-id_role"' in page or 'href="#accept-role"' in page
    assert 'value="2026-12-01"' in page, "what was typed is kept"
    own_application.refresh_from_db()
    assert own_application.status == MembershipStatus.APPLIED
    assert not OutboundEmail.objects.filter(key__startswith="panel-accepted").exists()


def test_a_term_cannot_end_before_it_starts(client_for, own_application):
    response = accept(client_for("staff"), own_application, term_ends=(TODAY - DAY).isoformat())
    assert "The term must end on or after the day it starts." in response.content.decode()
    own_application.refresh_from_db()
    assert own_application.status == MembershipStatus.APPLIED


def test_staff_decline_with_a_reason_the_resident_sees(client_for, own_application):
    url = reverse("panels:membership_decline", args=[own_application.panel.slug, own_application.pk])
    staff_client = client_for("staff")
    empty = staff_client.post(url, {"reason": "  "})
    assert "Give the reason the resident will see." in empty.content.decode()

    staff_client.post(url, {"reason": "The panel is full until April: please apply again then."})

    own_application.refresh_from_db()
    assert own_application.status == MembershipStatus.DECLINED
    email = OutboundEmail.objects.get(key=f"panel-declined:{own_application.pk}")
    assert "The panel is full until April" in email.body
    page = text(client_for("resident").get(reverse("panels:my_panels")))
    assert "Not accepted" in page and "The panel is full until April: please apply again then." in page


def test_an_application_decided_twice_keeps_the_first_decision(client_for, own_application):
    staff_client = client_for("staff")
    accept(staff_client, own_application)
    url = reverse("panels:membership_decline", args=[own_application.panel.slug, own_application.pk])
    response = staff_client.post(url, {"reason": "Too late."}, follow=True)
    assert "cannot be done" in text(response)
    own_application.refresh_from_db()
    assert own_application.status == MembershipStatus.MEMBER


def test_staff_change_a_members_role_and_end_their_term(client_for, own_membership):
    staff_client = client_for("staff")
    slug = own_membership.panel.slug
    staff_client.post(
        reverse("panels:membership_change", args=[slug, own_membership.pk]),
        {"role": "chair", "term_starts": own_membership.term_starts.isoformat(), "term_ends": ""},
    )
    own_membership.refresh_from_db()
    assert (own_membership.role, own_membership.term_ends) == (MembershipRole.CHAIR, None)

    staff_client.post(reverse("panels:membership_end", args=[slug, own_membership.pk]), {"reason": "End of term."})
    own_membership.refresh_from_db()
    assert (own_membership.status, own_membership.term_ends) == (MembershipStatus.ENDED, TODAY)
    email = OutboundEmail.objects.get(key=f"panel-ended:{own_membership.pk}")
    assert email.subject == "Your term on the Planned Works Panel has ended" and "End of term." in email.body
    assert "Term ended" in text(client_for("resident").get(reverse("panels:my_panels")))
    # The chair is free for someone else now.
    other = ApplicationFactory(panel=own_membership.panel)
    accept(staff_client, other, role="chair")
    other.refresh_from_db()
    assert other.role == MembershipRole.CHAIR


def test_terms_ending_within_60_days_are_listed_soonest_first(client_for, db):
    panel = PanelFactory()
    MembershipFactory(
        panel=panel, term_ends=TODAY + 50 * DAY, resident=ResidentFactory(first_name="Later", last_name="Soon")
    )
    MembershipFactory(
        panel=panel, term_ends=TODAY + 5 * DAY, resident=ResidentFactory(first_name="Very", last_name="Soon")
    )
    MembershipFactory(
        panel=panel, term_ends=TODAY + 90 * DAY, resident=ResidentFactory(first_name="Not", last_name="Yet")
    )
    MembershipFactory(
        panel=panel,
        status=MembershipStatus.STEPPED_DOWN,
        term_ends=TODAY + 5 * DAY,
        resident=ResidentFactory(first_name="Already", last_name="Gone"),
    )
    page = text(client_for("staff").get(reverse("panels:terms_ending")))
    assert page.index("Very Soon") < page.index("Later Soon")
    assert "Not Yet" not in page and "Already Gone" not in page


# Staff: panels ------------------------------------------------------------------------------------------------------

NEW_PANEL = {
    "name": "Contractor Selection Panel 2027",
    "slug": "contractor-selection-2027",
    "kind": "other",
    "summary": "Residents choose the contractor for kitchens and bathrooms.",
    "remit": "Scores the bids.",
    "can_influence": "Which contractor wins.",
    "cannot_influence": "The budget.",
    "route_to_board": "Its choice goes to the Board for approval.",
    "time_commitment": "Three evenings.",
    "support_offered": "Travel costs.",
    "how_to_join": "Apply on this page.",
    "accepting_applications": "on",
    "is_active": "on",
}


def test_staff_add_a_panel_and_it_is_public(client_for, client):
    response = client_for("staff").post(reverse("panels:panel_create"), NEW_PANEL)
    assert response["Location"] == reverse("panels:staff_panel", args=["contractor-selection-2027"])
    assert "Residents choose the contractor" in text(client.get(reverse("panels:panel_list")))


def test_a_panel_with_a_bad_address_keeps_what_was_typed(client_for, db):
    response = client_for("staff").post(
        reverse("panels:panel_create"), {**NEW_PANEL, "slug": "terms-ending", "remit": ""}
    )
    page = response.content.decode()
    assert "That web address is used by another page." in page
    assert "Enter what the panel does." in page
    assert "Residents choose the contractor for kitchens and bathrooms." in page
    assert not Panel.objects.filter(name=NEW_PANEL["name"]).exists()


def test_staff_edit_a_panel(client_for, open_panel):
    client_for("staff").post(
        reverse("panels:panel_edit", args=[open_panel.slug]),
        {**NEW_PANEL, "slug": open_panel.slug, "accepting_applications": ""},
    )
    open_panel.refresh_from_db()
    assert open_panel.name == NEW_PANEL["name"] and not open_panel.accepting_applications


def test_staff_see_applications_waiting_on_their_tab(client_for, own_application):
    url = reverse("panels:staff_panel", args=[own_application.panel.slug])
    client = client_for("staff")
    assert "Amina Okafor" not in text(client.get(url))
    assert "Amina Okafor" in text(client.get(url + "?show=applications"))


@pytest.mark.parametrize(("persona", "sees"), [("staff", True), ("admin_user", True), ("resident", False)])
def test_staff_reach_panels_from_the_header(client_for, persona, sees):
    page = client_for(persona).get(reverse("panels:panel_list"))
    assert (reverse("panels:staff_panel_list") in header(page)) is sees


def test_a_panel_member_sees_my_panels_in_the_header(client_for, panel_member):
    assert reverse("panels:my_panels") in header(client_for("panel_member").get(reverse("residents:home")))


def test_signed_out_visitors_find_the_panels_in_the_header(client, db):
    assert reverse("panels:panel_list") in header(client.get(reverse("residents:update_public_list")))


def test_a_member_changes_their_mind_about_being_named(client_for, client, own_membership):
    own_membership.show_on_public_page = True
    own_membership.save(update_fields=["show_on_public_page"])
    public = reverse("panels:panel_detail", args=[own_membership.panel.slug])
    assert "Amina, member" in text(client.get(public))

    client_for("resident").post(reverse("panels:public_name", args=[own_membership.pk]), {})

    assert "Amina" not in text(client.get(public))
    client_for("resident").post(reverse("panels:public_name", args=[own_membership.pk]), {"show_on_public_page": "on"})
    assert "Amina, member" in text(client.get(public))


def test_another_resident_cannot_name_a_member(client_for, own_membership):
    response = client_for("other_resident").post(
        reverse("panels:public_name", args=[own_membership.pk]), {"show_on_public_page": "on"}
    )
    assert response.status_code == 404
    own_membership.refresh_from_db()
    assert not own_membership.show_on_public_page


def test_a_residents_data_download_holds_their_applications(client_for, own_application):
    data = client_for("resident").get(reverse("residents:data_export")).json()
    [row] = data["panels"]
    assert row["panel"] == "Contractor Selection Panel"
    assert row["why"] == "I want better contractors."
    assert row["status"] == "Applied"


def test_a_term_that_ran_out_stays_in_view_until_staff_end_or_renew_it(client_for, db):
    panel = PanelFactory()
    MembershipFactory(
        panel=panel,
        term_starts=TODAY - 800 * DAY,
        term_ends=TODAY - 3 * DAY,
        resident=ResidentFactory(first_name="Overdue", last_name="Member"),
    )
    client = client_for("staff")
    ending = text(client.get(reverse("panels:terms_ending")))
    assert "Overdue Member" in ending and "Over: end or renew it" in ending
    members = text(client.get(reverse("panels:staff_panel", args=[panel.slug])))
    assert "Overdue Member" in members and "Term over: end or renew it" in members
    assert "0 current members" in members


def test_an_empty_application_is_refused_with_its_errors(client_for, resident, open_panel):
    response = client_for("resident").post(reverse("panels:apply", args=[open_panel.slug]))
    assert "Tell us why you would like to join." in response.content.decode()
    assert not Membership.objects.exists()


def test_a_member_goes_from_my_panels_to_their_meetings_and_the_panels_work(client_for, panel_member):
    html = client_for("panel_member").get(reverse("panels:my_panels")).content.decode()
    assert f'href="{reverse("panels:my_meetings")}"' in html
    work = reverse("panels:scrutiny_home", args=["scrutiny"])
    assert f'href="{work}"' in html
    assert client_for("panel_member").get(work).status_code == 200
