"""The access table: every URL pattern, every persona, the status each one gets.

Product pages (the portal's own URL names) are each listed explicitly below. allauth's pages are listed
explicitly too, so an allauth upgrade that adds a page fails the suite until someone decides who may open it.
Django admin pages follow one rule (ADMIN_RULE), because the admin grows a set of pages with every registered
model: only an administrator with two-factor authentication gets in.

A page that takes the id of something a resident owns (their feedback, its photos) says `other_resident: 404`:
another resident's object does not exist for them. Other resident pages live under /my/ and show only the
signed-in account's own data (tests/residents/test_people_profile.py checks that one resident never sees another's).

allauth asks for the password again (REAUTH) before its sensitive pages (turning two-factor authentication on
or off, recovery codes), whatever the session. The journeys at the end of this file sign in for real and check
that the pages the table redirects to do open.
"""

import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.http import HttpResponse
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, path, reverse
from django.urls.resolvers import RegexPattern
from django.utils import timezone
from PIL import Image

from residents.feedback.photos import CheckedPhoto
from residents.feedback.services import submit_feedback
from residents.models import Channel, RegisterImport, Resident, Role, UpdateStatus, YouSaidWeDid

from .access import (
    LOGIN,
    MFA_SETUP,
    MISSING_PK,
    POST_ONLY,
    REAUTH,
    RESIDENT_LINKED_PAGE,
    STAFF_PAGE,
    STAFF_PAGE_MISSING_OBJECT,
    Entry,
    Redirect,
    by_persona,
    check,
    everyone,
    named,
    signed_in,
)
from .community.access_champions import CHAMPION_MISSING_OBJECTS, CHAMPION_PAGES
from .community.access_community import COMMUNITY_PAGES
from .community.access_events import EVENTS_MISSING_OBJECTS, EVENTS_PAGES
from .community.access_fund import FUND_MISSING_OBJECTS, FUND_PAGES
from .community.access_plans import PLAN_MISSING_OBJECTS, PLAN_PAGES
from .community.access_spaces import SPACES_MISSING_OBJECTS, SPACES_PAGES
from .community.access_walkabouts import WALKABOUT_MISSING_OBJECTS, WALKABOUT_PAGES
from .conftest import PERSONAS
from .engagement.access_board import BOARD_PAGES
from .engagement.access_decisions import DECISION_MISSING_OBJECTS, DECISION_PAGES
from .engagement.access_outcomes import OUTCOME_MISSING_OBJECTS, OUTCOME_PAGES
from .factories import TEST_PASSWORD, ResidentFactory, UserFactory, totp_code, totp_code_for_secret
from .panels.access_meetings import MEETING_MISSING_OBJECTS, MEETING_PAGES
from .panels.access_membership import MEMBERSHIP_MISSING_OBJECTS, MEMBERSHIP_PAGES
from .panels.access_scoring import SCORING_MISSING_OBJECTS, SCORING_PAGES
from .panels.access_scrutiny import SCRUTINY_MISSING_OBJECTS, SCRUTINY_PAGES
from .residents.access_involvement import INVOLVEMENT_MISSING_OBJECTS, INVOLVEMENT_PAGES
from .surveys.access_table import SURVEY_MISSING_OBJECTS, SURVEY_PAGES


def own_register_entry(get) -> int:
    return get("resident").resident.pk


def unlinked_register_entry(get) -> int:
    return get("register_entry").pk


def register_import_pk(get) -> int:
    return get("register_import").pk


def own_feedback_pk(get) -> int:
    return get("own_feedback").pk


def own_feedback_photo_url(get) -> str:
    photo = get("own_feedback_photo")
    return reverse("residents:feedback_photo", kwargs={"pk": photo.feedback_id, "photo_pk": photo.pk})


def staff_feedback_url(name: str) -> Callable[[Callable], str]:
    """A staff page about one feedback item: the `resident` persona's own feedback."""
    return lambda get: reverse(name, kwargs={"pk": own_feedback_pk(get)})


def update_url(name: str, fixture: str) -> Callable[[Callable], str]:
    """The URL of a "You said, we did" page for the entry a fixture makes."""
    return lambda get: reverse(name, kwargs={"pk": get(fixture).pk})


# The table: product pages ------------------------------------------------------------------------------

PRODUCT = {
    "landing": Entry(
        named("landing"),
        by_persona(
            anonymous=200,
            resident=Redirect("residents:home"),
            other_resident=Redirect("residents:home"),
            panel_member=Redirect("residents:home"),
            unlinked_resident=Redirect("residents:home"),
            staff=Redirect("residents:staff_home"),
            staff_without_mfa=Redirect("residents:staff_home"),
            board=Redirect("board_home"),
            admin_user=Redirect("residents:staff_home"),
        ),
        wrong_method=("post", "anonymous"),
    ),
    "healthz": Entry(named("healthz"), everyone(200), wrong_method=("post", "anonymous")),
    "residents:home": Entry(
        named("residents:home"),
        by_persona(
            anonymous=LOGIN,
            resident=200,
            other_resident=200,
            panel_member=200,
            unlinked_resident=200,  # a page inviting them to link their home
            staff=403,
            staff_without_mfa=403,
            board=403,
            admin_user=403,
        ),
        wrong_method=("post", "resident"),
    ),
    "residents:link": Entry(
        named("residents:link"),
        by_persona(
            anonymous=LOGIN,
            resident=Redirect("residents:home"),  # already linked
            other_resident=Redirect("residents:home"),
            panel_member=Redirect("residents:home"),
            unlinked_resident=200,
            staff=403,
            staff_without_mfa=403,
            board=403,
            admin_user=403,
        ),
        wrong_method=("put", "unlinked_resident"),
    ),
    "residents:preferences": Entry(
        named("residents:preferences"),
        RESIDENT_LINKED_PAGE,
        wrong_method=("put", "resident"),
    ),
    "residents:equality": Entry(
        named("residents:equality"),
        RESIDENT_LINKED_PAGE,
        wrong_method=("put", "resident"),
    ),
    "residents:equality_delete": Entry(
        named("residents:equality_delete"),
        POST_ONLY,
        wrong_method=("put", "resident"),
        post=by_persona(
            anonymous=LOGIN,
            resident=Redirect("residents:home"),
            other_resident=Redirect("residents:home"),
            panel_member=Redirect("residents:home"),
            unlinked_resident=Redirect("residents:link"),
            staff=403,
            staff_without_mfa=403,
            board=403,
            admin_user=403,
        ),
    ),
    # Every account can download what the portal holds about it (UK GDPR right of access).
    "residents:data_export": Entry(named("residents:data_export"), signed_in(200), wrong_method=("post", "resident")),
    "residents:staff_home": Entry(named("residents:staff_home"), STAFF_PAGE, wrong_method=("post", "staff")),
    "residents:register_list": Entry(named("residents:register_list"), STAFF_PAGE, wrong_method=("post", "staff")),
    "residents:resident_detail": Entry(
        lambda get: reverse("residents:resident_detail", kwargs={"pk": own_register_entry(get)}),
        STAFF_PAGE,
        wrong_method=("post", "staff"),
    ),
    "residents:link_code_create": Entry(
        lambda get: reverse("residents:link_code_create", kwargs={"pk": unlinked_register_entry(get)}),
        POST_ONLY,
        wrong_method=("put", "staff"),
        post=STAFF_PAGE,
    ),
    "residents:register_upload": Entry(named("residents:register_upload"), STAFF_PAGE, wrong_method=("put", "staff")),
    "residents:register_example": Entry(
        named("residents:register_example"), STAFF_PAGE, wrong_method=("post", "staff")
    ),
    "residents:import_detail": Entry(
        lambda get: reverse("residents:import_detail", kwargs={"pk": register_import_pk(get)}),
        STAFF_PAGE,
        wrong_method=("post", "staff"),
    ),
    # Confirming and undoing an import: the fixture's import is neither checked nor applied, so staff are sent
    # back to its page with a message.
    "residents:import_apply": Entry(
        lambda get: reverse("residents:import_apply", kwargs={"pk": register_import_pk(get)}),
        POST_ONLY,
        wrong_method=("put", "staff"),
        post={**STAFF_PAGE, "staff": 302, "admin_user": 302},
    ),
    "residents:import_undo": Entry(
        lambda get: reverse("residents:import_undo", kwargs={"pk": register_import_pk(get)}),
        POST_ONLY,
        wrong_method=("put", "staff"),
        post={**STAFF_PAGE, "staff": 302, "admin_user": 302},
    ),
    "residents:import_changes": Entry(
        lambda get: reverse("residents:import_changes", kwargs={"pk": register_import_pk(get)}),
        STAFF_PAGE,
        wrong_method=("post", "staff"),
    ),
    # Feedback: a resident's own items, their photos, and staff logging feedback for a resident.
    "residents:my_feedback": Entry(
        named("residents:my_feedback"), RESIDENT_LINKED_PAGE, wrong_method=("post", "resident")
    ),
    "residents:feedback_new": Entry(
        named("residents:feedback_new"), RESIDENT_LINKED_PAGE, wrong_method=("put", "resident")
    ),
    "residents:feedback_detail": Entry(
        lambda get: reverse("residents:feedback_detail", kwargs={"pk": own_feedback_pk(get)}),
        {**RESIDENT_LINKED_PAGE, "other_resident": 404, "panel_member": 404},
        wrong_method=("post", "resident"),
    ),
    "residents:feedback_photo": Entry(
        own_feedback_photo_url,
        by_persona(
            anonymous=LOGIN,
            resident=200,
            other_resident=404,
            panel_member=404,
            unlinked_resident=404,
            staff=200,
            staff_without_mfa=MFA_SETUP,
            board=403,
            admin_user=200,
        ),
        wrong_method=("post", "resident"),
    ),
    "residents:staff_log_feedback": Entry(
        lambda get: reverse("residents:staff_log_feedback", kwargs={"pk": own_register_entry(get)}),
        STAFF_PAGE,
        wrong_method=("put", "staff"),
    ),
    # Staff feedback: the queue, one item and its actions, the hazards page. Actions are POST only; an empty POST
    # shows the item again with the form's error (200), unassigns (302), or names no action (400).
    "residents:feedback_queue": Entry(named("residents:feedback_queue"), STAFF_PAGE, wrong_method=("post", "staff")),
    "residents:feedback_item": Entry(
        staff_feedback_url("residents:feedback_item"), STAFF_PAGE, wrong_method=("post", "staff")
    ),
    "residents:feedback_assign": Entry(
        staff_feedback_url("residents:feedback_assign"),
        POST_ONLY,
        wrong_method=("put", "staff"),
        post={**STAFF_PAGE, "staff": 302, "admin_user": 302},
    ),
    "residents:feedback_status": Entry(
        staff_feedback_url("residents:feedback_status"), POST_ONLY, wrong_method=("put", "staff"), post=STAFF_PAGE
    ),
    "residents:feedback_reply": Entry(
        staff_feedback_url("residents:feedback_reply"), POST_ONLY, wrong_method=("put", "staff"), post=STAFF_PAGE
    ),
    "residents:feedback_note": Entry(
        staff_feedback_url("residents:feedback_note"), POST_ONLY, wrong_method=("put", "staff"), post=STAFF_PAGE
    ),
    "residents:feedback_complaint": Entry(
        staff_feedback_url("residents:feedback_complaint"),
        POST_ONLY,
        wrong_method=("put", "staff"),
        post={**STAFF_PAGE, "staff": 400, "admin_user": 400},
    ),
    "residents:feedback_hazard": Entry(
        staff_feedback_url("residents:feedback_hazard"),
        POST_ONLY,
        wrong_method=("put", "staff"),
        post={**STAFF_PAGE, "staff": 400, "admin_user": 400},
    ),
    "residents:hazards": Entry(named("residents:hazards"), STAFF_PAGE, wrong_method=("post", "staff")),
    # "You said, we did": staff write, schedule and withdraw entries; the public pages are open to everyone.
    "residents:update_list": Entry(named("residents:update_list"), STAFF_PAGE, wrong_method=("post", "staff")),
    "residents:update_create": Entry(named("residents:update_create"), STAFF_PAGE, wrong_method=("put", "staff")),
    "residents:update_edit": Entry(
        update_url("residents:update_edit", "draft_update"), STAFF_PAGE, wrong_method=("put", "staff")
    ),
    "residents:update_schedule": Entry(  # an empty form comes back with its errors
        update_url("residents:update_schedule", "draft_update"),
        POST_ONLY,
        wrong_method=("put", "staff"),
        post=STAFF_PAGE,
    ),
    "residents:update_unschedule": Entry(  # back to the entry's page, a draft again
        update_url("residents:update_unschedule", "scheduled_update"),
        POST_ONLY,
        wrong_method=("put", "staff"),
        post={**STAFF_PAGE, "staff": 302, "admin_user": 302},
    ),
    "residents:update_withdraw": Entry(  # no reason: the form comes back with the error
        update_url("residents:update_withdraw", "published_update"),
        POST_ONLY,
        wrong_method=("put", "staff"),
        post=STAFF_PAGE,
    ),
    "residents:update_public_list": Entry(
        named("residents:update_public_list"), everyone(200), wrong_method=("post", "anonymous")
    ),
    "residents:update_feed": Entry(named("residents:update_feed"), everyone(200), wrong_method=("post", "anonymous")),
    "residents:update_detail": Entry(
        update_url("residents:update_detail", "published_update"), everyone(200), wrong_method=("post", "anonymous")
    ),
    "residents:update_photo": Entry(
        update_url("residents:update_photo", "published_update"), everyone(200), wrong_method=("post", "anonymous")
    ),
    **SURVEY_PAGES,
    **MEETING_PAGES,
    **BOARD_PAGES,
    **COMMUNITY_PAGES,
    **SCRUTINY_PAGES,
    **SCORING_PAGES,
    **INVOLVEMENT_PAGES,
    **MEMBERSHIP_PAGES,
    **WALKABOUT_PAGES,
    **SPACES_PAGES,
    **EVENTS_PAGES,
    **PLAN_PAGES,
    **CHAMPION_PAGES,
    **FUND_PAGES,
    **DECISION_PAGES,
    **OUTCOME_PAGES,
}

# The same pages asked for something that does not exist: staff get 404, everyone else what they always get.
MISSING_OBJECTS = {
    "residents:resident_detail": Entry(named("residents:resident_detail", pk=MISSING_PK), STAFF_PAGE_MISSING_OBJECT),
    "residents:link_code_create": Entry(
        named("residents:link_code_create", pk=MISSING_PK), POST_ONLY, post=STAFF_PAGE_MISSING_OBJECT
    ),
    "residents:import_detail": Entry(named("residents:import_detail", pk=MISSING_PK), STAFF_PAGE_MISSING_OBJECT),
    "residents:import_changes": Entry(named("residents:import_changes", pk=MISSING_PK), STAFF_PAGE_MISSING_OBJECT),
    "residents:import_apply": Entry(
        named("residents:import_apply", pk=MISSING_PK), POST_ONLY, post=STAFF_PAGE_MISSING_OBJECT
    ),
    "residents:import_undo": Entry(
        named("residents:import_undo", pk=MISSING_PK), POST_ONLY, post=STAFF_PAGE_MISSING_OBJECT
    ),
    "residents:feedback_detail": Entry(
        named("residents:feedback_detail", pk=MISSING_PK),
        {**RESIDENT_LINKED_PAGE, "resident": 404, "other_resident": 404, "panel_member": 404},
    ),
    "residents:feedback_photo": Entry(
        named("residents:feedback_photo", pk=MISSING_PK, photo_pk=MISSING_PK),
        by_persona(
            anonymous=LOGIN,
            resident=404,
            other_resident=404,
            panel_member=404,
            unlinked_resident=404,
            staff=404,
            staff_without_mfa=MFA_SETUP,
            board=403,
            admin_user=404,
        ),
    ),
    "residents:staff_log_feedback": Entry(
        named("residents:staff_log_feedback", pk=MISSING_PK), STAFF_PAGE_MISSING_OBJECT
    ),
    "residents:feedback_item": Entry(named("residents:feedback_item", pk=MISSING_PK), STAFF_PAGE_MISSING_OBJECT),
    **{
        name: Entry(named(name, pk=MISSING_PK), POST_ONLY, post=STAFF_PAGE_MISSING_OBJECT)
        for name in [
            "residents:feedback_assign",
            "residents:feedback_status",
            "residents:feedback_reply",
            "residents:feedback_note",
            "residents:feedback_complaint",
            "residents:feedback_hazard",
        ]
    },
    "residents:update_edit": Entry(named("residents:update_edit", pk=MISSING_PK), STAFF_PAGE_MISSING_OBJECT),
    "residents:update_schedule": Entry(
        named("residents:update_schedule", pk=MISSING_PK), POST_ONLY, post=STAFF_PAGE_MISSING_OBJECT
    ),
    "residents:update_unschedule": Entry(
        named("residents:update_unschedule", pk=MISSING_PK), POST_ONLY, post=STAFF_PAGE_MISSING_OBJECT
    ),
    "residents:update_withdraw": Entry(
        named("residents:update_withdraw", pk=MISSING_PK), POST_ONLY, post=STAFF_PAGE_MISSING_OBJECT
    ),
    # Publicly, an entry that is not yet published does not exist (tests/residents/test_updates.py: unknown ids).
    "residents:update_detail": Entry(update_url("residents:update_detail", "draft_update"), everyone(404)),
    "residents:update_photo": Entry(update_url("residents:update_photo", "scheduled_update"), everyone(404)),
    **SURVEY_MISSING_OBJECTS,
    **MEETING_MISSING_OBJECTS,
    **SCRUTINY_MISSING_OBJECTS,
    **SCORING_MISSING_OBJECTS,
    **INVOLVEMENT_MISSING_OBJECTS,
    **MEMBERSHIP_MISSING_OBJECTS,
    **WALKABOUT_MISSING_OBJECTS,
    **SPACES_MISSING_OBJECTS,
    **EVENTS_MISSING_OBJECTS,
    **PLAN_MISSING_OBJECTS,
    **CHAMPION_MISSING_OBJECTS,
    **FUND_MISSING_OBJECTS,
    **DECISION_MISSING_OBJECTS,
    **OUTCOME_MISSING_OBJECTS,
}


# The table: allauth pages ------------------------------------------------------------------------------

WITH_TOTP = {"staff", "board", "admin_user"}  # personas made with a TOTP authenticator (no recovery codes)


def totp_users(status_with, status_without) -> dict:
    return signed_in(status_without) | {persona: status_with for persona in WITH_TOTP}


ALLAUTH = {
    # Public by design: signing in, signing up, resetting a password, confirming an email address.
    "account_login": Entry(named("account_login"), signed_in(Redirect("landing"), anonymous=200)),
    "account_signup": Entry(named("account_signup"), signed_in(Redirect("landing"), anonymous=200)),
    "account_logout": Entry(named("account_logout"), signed_in(200, anonymous=Redirect("landing"))),
    "account_inactive": Entry(named("account_inactive"), everyone(200)),
    "account_email_verification_sent": Entry(named("account_email_verification_sent"), everyone(200)),
    "account_confirm_email": Entry(named("account_confirm_email", key="not-a-real-key"), everyone(200)),
    "account_reset_password": Entry(named("account_reset_password"), everyone(200)),
    "account_reset_password_done": Entry(named("account_reset_password_done"), everyone(200)),
    "account_reset_password_from_key": Entry(
        named("account_reset_password_from_key", uidb36="1", key="not-a-real-key"), everyone(200)
    ),
    "account_reset_password_from_key_done": Entry(named("account_reset_password_from_key_done"), everyone(200)),
    # Sign-in by emailed code is off: nothing to confirm.
    "account_confirm_login_code": Entry(
        named("account_confirm_login_code"), signed_in(Redirect("landing"), anonymous=Redirect("account_login"))
    ),
    # The account's own settings.
    "account_email": Entry(named("account_email"), signed_in(200)),
    "account_change_password": Entry(named("account_change_password"), signed_in(200)),
    "account_set_password": Entry(named("account_set_password"), signed_in(Redirect("account_change_password"))),
    "account_reauthenticate": Entry(named("account_reauthenticate"), signed_in(200)),
    # Two-factor authentication.
    "mfa_index": Entry(named("mfa_index"), signed_in(200)),
    "mfa_authenticate": Entry(  # only in the middle of signing in
        named("mfa_authenticate"), signed_in(Redirect("landing"), anonymous=Redirect("account_login"))
    ),
    "mfa_reauthenticate": Entry(named("mfa_reauthenticate"), totp_users(200, REAUTH)),
    "mfa_activate_totp": Entry(named("mfa_activate_totp"), signed_in(REAUTH)),
    "mfa_deactivate_totp": Entry(named("mfa_deactivate_totp"), totp_users(REAUTH, 404)),
    "mfa_view_recovery_codes": Entry(named("mfa_view_recovery_codes"), signed_in(404)),
    "mfa_generate_recovery_codes": Entry(named("mfa_generate_recovery_codes"), signed_in(REAUTH)),
    "mfa_download_recovery_codes": Entry(named("mfa_download_recovery_codes"), signed_in(404)),
}


# The rule: Django admin pages --------------------------------------------------------------------------


def admin_status_for_administrator(route: str, name: str) -> int:
    """What an administrator (with two-factor authentication) gets from a GET of this admin page."""
    if name == "admin:logout":
        return 405  # Django admin signs out by POST only
    if name == "admin:login":
        return 302  # already signed in: on to the admin index
    if name == "admin:autocomplete":
        return 403  # no admin uses autocomplete fields, so every autocomplete request is refused
    if name == "admin:view_on_site":
        return 404  # no model has a public page
    if name == "" and route.endswith("(?P<url>.*)$"):
        return 404  # the catch-all for unknown admin URLs
    if name == "" and route.endswith("<path:object_id>/"):
        return 302  # the short object URL redirects to its change page
    if name == "admin:residents_outboundemail_add":
        return 403  # email is only ever written by the portal itself; the admin can look, not add
    return 200


def admin_url(route: str, get) -> str:
    """A URL for an admin route, with a real object wherever the route takes one."""
    parts = route.split("/")
    url = "/" + route
    if "<path:content_type_id>" in route:
        resident = get("resident").resident
        content_type = ContentType.objects.get_for_model(Resident)
        url = url.replace("<path:content_type_id>", str(content_type.pk)).replace("<path:object_id>", str(resident.pk))
    elif "<path:object_id>" in route:
        model = apps.get_model(parts[1], parts[2])
        get("admin_objects")
        instance = model._default_manager.order_by("pk").first()
        assert instance is not None, f"no {model.__name__} to open in the admin"
        url = url.replace("<path:object_id>", str(instance.pk))
    url = re.sub(r"\^\(\?P<app_label>[a-z_|]+\)/\$", "residents/", url)  # the app index, whichever apps it lists
    url = url.replace("(?P<url>.*)$", "no-such-page/")
    assert "<" not in url and "(" not in url, f"cannot build a URL for admin route {route}"
    return url


def check_admin(route: str, name: str, persona: str, client: Client, url: str) -> None:
    if persona == "anonymous":
        # Signed out: to the portal's own sign-in page, never a Django admin login form.
        response = client.get(url, follow=True)
        assert response.request["PATH_INFO"] == reverse("account_login"), response.redirect_chain
        assert response.status_code == 200
    elif persona == "admin_user":
        response = client.get(url)
        expected = admin_status_for_administrator(route, name)
        assert response.status_code == expected, f"expected {expected}, got {response.status_code}"
    else:
        # Signed in without the administrator role: the admin sends them to its login URL, which refuses them.
        response = client.get(url, follow=True)
        assert response.status_code == 403, response.redirect_chain
        assert all(hop.startswith("/admin/") for hop, _ in response.redirect_chain), response.redirect_chain


# Walking the URL patterns ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Pattern:
    name: str  # with namespace, e.g. "residents:home"; "" when the pattern has no name
    route: str  # the full route, e.g. "staff/register/<int:pk>/"


def walk(resolver: URLResolver, prefix: str = "", namespace: str = "") -> list[Pattern]:
    found = []
    for item in resolver.url_patterns:
        route = prefix + str(item.pattern)
        if isinstance(item, URLResolver):
            inner = f"{namespace}:{item.namespace}" if namespace and item.namespace else item.namespace or namespace
            found.extend(walk(item, route, inner or ""))
        elif isinstance(item, URLPattern):
            name = f"{namespace}:{item.name}" if namespace and item.name else item.name or ""
            found.append(Pattern(name=name, route=route))
    return found


def is_admin(pattern: Pattern) -> bool:
    return pattern.route.startswith("admin/")


def missing_entries(patterns: list[Pattern]) -> list[str]:
    listed = set(PRODUCT) | set(ALLAUTH)
    return [p.name or p.route for p in patterns if not is_admin(p) and p.name not in listed]


ALL_PATTERNS = walk(get_resolver())
ADMIN_PATTERNS = [p for p in ALL_PATTERNS if is_admin(p)]


# Fixtures the URL builders use -------------------------------------------------------------------------


@pytest.fixture
def register_entry(db):
    """A register entry with no portal account yet (staff can make a link code for it)."""
    return ResidentFactory(first_name="Margaret", last_name="Hughes")


@pytest.fixture
def register_import(staff):
    return RegisterImport.objects.create(uploaded_by=staff, filename="register.csv", content="")


@pytest.fixture
def own_feedback(resident):
    """An item of feedback from the `resident` persona."""
    return submit_feedback(
        resident=resident.resident,
        logged_by=resident,
        channel=Channel.PORTAL,
        kind="comment",
        category="grounds",
        scope="block",
        text="The hedges need cutting.",
    )


@pytest.fixture
def own_feedback_photo(resident, settings, tmp_path):
    """A photo the `resident` persona sent with their feedback (stored under a temporary MEDIA_ROOT)."""
    settings.MEDIA_ROOT = tmp_path
    image = io.BytesIO()
    Image.new("RGB", (8, 8), "green").save(image, "PNG")
    photo = CheckedPhoto(content=ContentFile(image.getvalue()), content_type="image/png", size=len(image.getvalue()))
    feedback = submit_feedback(
        resident=resident.resident,
        logged_by=resident,
        channel=Channel.PORTAL,
        kind="service_request",
        category="communal",
        scope="block",
        text="The lift is broken.",
        photos=[photo],
    )
    return feedback.photos.get()


def make_update(status: str, *, with_photo: bool = False, **fields) -> YouSaidWeDid:
    entry = YouSaidWeDid(
        title=f"A {status} entry",
        you_said="The path is too dark.",
        we_did="We put up lights.",
        topic="safety",
        everyone=True,
        status=status,
        **fields,
    )
    if with_photo:
        image = io.BytesIO()
        Image.new("RGB", (8, 8), "blue").save(image, "PNG")
        entry.photo_content_type = "image/png"
        entry.photo_alt = "The path with its new lights"
        entry.photo.save("photo", ContentFile(image.getvalue()), save=False)
    entry.save()
    return entry


@pytest.fixture
def draft_update(db):
    return make_update(UpdateStatus.DRAFT)


@pytest.fixture
def scheduled_update(settings, tmp_path):
    """Scheduled for tomorrow, with a photo that must not be shown before then."""
    settings.MEDIA_ROOT = tmp_path
    return make_update(UpdateStatus.SCHEDULED, with_photo=True, publish_at=timezone.now() + timedelta(days=1))


@pytest.fixture
def published_update(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return make_update(UpdateStatus.PUBLISHED, with_photo=True, publish_at=timezone.now(), published_at=timezone.now())


@pytest.fixture
def admin_objects(resident, admin_user, register_import, draft_update, own_feedback, own_membership):
    """At least one row of every model the admin shows, so each change/delete/history page has an object
    (own_feedback also queues its acknowledgement email, an OutboundEmail row)."""
    Group.objects.create(name="Editors")


# The tests ---------------------------------------------------------------------------------------------


def product_cases(table: dict, label: str = ""):
    for name, entry in table.items():
        for persona in PERSONAS:
            yield pytest.param(name, entry, persona, id=f"{name}{label}-{persona}")


@pytest.mark.parametrize(("name", "entry", "persona"), [*product_cases(PRODUCT), *product_cases(ALLAUTH)])
def test_get_gives_each_persona_the_expected_status(request, client_for, name, entry, persona):
    url = entry.url(request.getfixturevalue)
    response = client_for(persona).get(url)
    check(entry.get[persona], response, url)


@pytest.mark.parametrize(
    ("name", "entry", "persona"),
    [
        pytest.param(name, entry, persona, id=f"{name}-{persona}")
        for name, entry in PRODUCT.items()
        if entry.post
        for persona in PERSONAS
    ],
)
def test_post_to_a_post_only_page_gives_each_persona_the_expected_status(request, client_for, name, entry, persona):
    url = entry.url(request.getfixturevalue)
    response = client_for(persona).post(url)
    check(entry.post[persona], response, url)


@pytest.mark.parametrize(("name", "entry", "persona"), list(product_cases(MISSING_OBJECTS, "[missing]")))
def test_something_that_does_not_exist_is_404_for_those_allowed_to_look(request, client_for, name, entry, persona):
    url = entry.url(request.getfixturevalue)
    client = client_for(persona)
    check(entry.get[persona], client.get(url), url)
    if entry.post:
        check(entry.post[persona], client.post(url), url)


@pytest.mark.parametrize(
    ("name", "entry"),
    [pytest.param(name, entry, id=name) for name, entry in PRODUCT.items() if entry.wrong_method],
)
def test_wrong_method_is_405(request, client_for, name, entry):
    method, persona = entry.wrong_method
    url = entry.url(request.getfixturevalue)
    response = getattr(client_for(persona), method)(url)
    assert response.status_code == 405
    assert method.upper() not in response["Allow"]


@pytest.mark.parametrize(
    ("pattern", "persona"),
    [pytest.param(p, persona, id=f"{p.name or p.route}-{persona}") for p in ADMIN_PATTERNS for persona in PERSONAS],
)
def test_django_admin_is_only_for_administrators(request, client_for, pattern, persona):
    url = admin_url(pattern.route, request.getfixturevalue)
    check_admin(pattern.route, pattern.name, persona, client_for(persona), url)


def test_every_url_pattern_has_an_access_entry():
    missing = missing_entries(ALL_PATTERNS)
    assert not missing, "URL patterns with no entry in the access table: " + ", ".join(missing)


def test_access_table_lists_no_url_that_does_not_exist():
    names = {p.name for p in ALL_PATTERNS}
    stale = sorted((set(PRODUCT) | set(ALLAUTH) | set(MISSING_OBJECTS)) - names)
    assert not stale, "Access table entries for URL names that no longer exist: " + ", ".join(stale)


def test_a_new_url_without_an_entry_is_reported_by_name():
    def new_page(request):
        return HttpResponse("new")

    urlconf = [
        *get_resolver().url_patterns,
        path("surveys/new/", new_page, name="brand_new_page"),
        path("unnamed/", new_page),
    ]
    patterns = walk(URLResolver(RegexPattern(r"^/"), urlconf))
    assert missing_entries(patterns) == ["brand_new_page", "unnamed/"]


def test_admin_rule_covers_the_admin_index_and_every_registered_model():
    routes = {p.route for p in ADMIN_PATTERNS}
    assert "admin/" in routes
    for model in (Resident, RegisterImport, apps.get_model("residents", "User")):
        assert f"admin/residents/{model._meta.model_name}/<path:object_id>/change/" in routes


# Journeys the table relies on (real sign-in, not force_login) -------------------------------------------


def sign_in(client: Client, user, *, next_url: str = "") -> HttpResponse:
    url = reverse("account_login") + (f"?next={next_url}" if next_url else "")
    return client.post(url, {"login": user.email, "password": TEST_PASSWORD})


def test_staff_without_mfa_is_sent_to_set_it_up_and_then_reaches_staff_pages(staff_without_mfa):
    client = Client()
    sign_in(client, staff_without_mfa)

    response = client.get(reverse("residents:staff_home"))
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")

    # Turning on two-factor authentication is a sensitive change: allauth asks for the password again first.
    ask_again = client.get(reverse("mfa_activate_totp"))
    assert urlsplit(ask_again["Location"]).path == reverse("account_reauthenticate")
    confirmed = client.post(ask_again["Location"], {"password": TEST_PASSWORD})
    assert confirmed["Location"] == reverse("mfa_activate_totp")

    setup = client.get(reverse("mfa_activate_totp"))
    assert setup.status_code == 200, "the page staff are sent to must open, or they are stuck in a loop"
    assert "Set up an authenticator app" in setup.content.decode()

    secret = client.session["mfa.totp.secret"]
    activated = client.post(reverse("mfa_activate_totp"), {"code": totp_code_for_secret(secret)})
    assert activated.status_code == 302

    assert client.get(reverse("residents:staff_home")).status_code == 200


def test_administrator_signing_in_from_the_admin_lands_on_the_admin(admin_user):
    client = Client()
    first = client.get("/admin/", follow=True)
    assert first.request["PATH_INFO"] == reverse("account_login")
    next_url = parse_qs(urlsplit(first.redirect_chain[-1][0]).query)["next"][0]

    response = sign_in(client, admin_user, next_url=next_url)
    assert response["Location"].startswith(reverse("mfa_authenticate"))
    response = client.post(reverse("mfa_authenticate"), {"code": totp_code(admin_user)}, follow=True)

    assert response.status_code == 200
    assert response.request["PATH_INFO"] == "/admin/"
    assert "Resident portal administration" in response.content.decode()
    assert "Residents and places" in response.content.decode(), "the administrator sees the models to manage"


def test_administrator_can_change_a_register_entry_in_the_admin(client_for, resident):
    entry = resident.resident
    response = client_for("admin_user").get(reverse("admin:residents_resident_change", args=[entry.pk]))
    assert response.status_code == 200
    assert entry.resident_reference in response.content.decode()


def test_administrator_without_mfa_is_sent_to_set_it_up_before_the_admin(db):
    admin_without_mfa = UserFactory(email="new-admin@example.org", role=Role.ADMIN)
    client = Client()
    client.force_login(admin_without_mfa)
    response = client.get("/admin/", follow=True)
    hops = [hop for hop, _ in response.redirect_chain]
    assert any(hop.startswith(reverse("mfa_activate_totp")) for hop in hops), hops
    assert response.status_code == 200


def test_staff_member_with_mfa_still_cannot_use_the_admin(client_for):
    response = client_for("staff").get(reverse("admin:residents_resident_changelist"), follow=True)
    assert response.status_code == 403
    assert "You cannot see this page" in response.content.decode()
