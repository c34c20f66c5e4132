"""The layout every page shares: the navigation each role sees, the page shown marked in it, a sign-out form
that works, and the page's own scripts and styles allowed by the Content Security Policy's nonce."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client, override_settings
from django.urls import reverse, set_script_prefix

from tests.factories import feedback_from

# Links by their text, and the personas that see them in the main navigation.
NAV = {
    "My home": {"resident", "unlinked_resident"},
    "My feedback": {"resident", "unlinked_resident"},
    "Register": {"staff", "admin_user"},
    "Hazards": {"staff", "admin_user"},
    "Involvement": {"staff", "admin_user"},
    "Community": {"staff", "admin_user"},
    "Walkabouts": {"board"},
    "Board overview": {"board"},
    "Panel reports": {"board"},
    "Board": {"admin_user"},
    "Admin": {"admin_user"},
    "Our performance": {"anonymous", "resident", "unlinked_resident", "board"},
    "Get involved": {"anonymous", "resident", "unlinked_resident", "board"},
    "Panels": {"anonymous", "board", "staff", "admin_user"},  # residents who have applied see "My panels" instead
    "Spaces": {"anonymous", "board"},
    "Events": {"anonymous", "board"},
    "Community Fund": {"anonymous", "board"},
    "Sign in": {"anonymous"},
    "Account": {"resident", "unlinked_resident", "staff", "board", "admin_user"},
}
PERSONAS = ["anonymous", "resident", "unlinked_resident", "staff", "board", "admin_user"]


def nav_links(html: str) -> set[str]:
    header = html.split("<header", 1)[1].split("</header>", 1)[0]
    return set(re.findall(r'class="nav-link"[^>]*>([^<]+)</a>', header))


@pytest.mark.parametrize("persona", PERSONAS)
def test_each_role_sees_its_own_navigation(client_for, persona):
    # The public "You said, we did" page answers everyone, so every persona's header is drawn on the same page.
    links = nav_links(client_for(persona).get(reverse("residents:update_public_list")).content.decode())
    for text, who in NAV.items():
        assert (text in links) == (persona in who), f"{persona}: {text!r}"


def test_the_header_follows_the_landlord_name(client):
    with override_settings(LANDLORD_NAME="Riverside Homes"):
        html = client.get(reverse("landing")).content.decode()
    assert "Riverside Homes<span" in html.split("</header>")[0]


def test_sign_out_from_the_header_works_with_csrf_checks_on(resident):
    client = Client(enforce_csrf_checks=True)
    client.force_login(resident)
    html = client.get(reverse("residents:home")).content.decode()
    form = html.split('action="/accounts/logout/"', 1)[1].split("</form>", 1)[0]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)

    # Each page gets a fresh mask of the token, as {% csrf_token %} gives.
    again = client.get(reverse("residents:home")).content.decode()
    assert token not in again

    response = client.post(reverse("account_logout"), {"csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def current_links(html: str) -> list[str]:
    """The text of the header links marked as the page shown."""
    header = html.split("<header", 1)[1].split("</header>", 1)[0]
    return re.findall(r'<a class="nav-link"[^>]*aria-current="page"[^>]*>([^<]+)</a>', header)


@pytest.mark.parametrize(
    ("persona", "url", "marked"),
    [
        ("resident", reverse("residents:home"), "My home"),
        ("resident", reverse("residents:my_feedback"), "My feedback"),
        ("resident", reverse("residents:feedback_new"), "My feedback"),
        ("resident", reverse("surveys:my_surveys"), "My surveys"),
        ("resident", reverse("residents:update_public_list"), "You said, we did"),
        ("resident", reverse("account_email"), "Account"),
        ("resident", reverse("account_change_password"), "Account"),
        ("board", reverse("mfa_index"), "Account"),
        ("staff", reverse("residents:staff_home"), "Staff home"),
        ("staff", reverse("residents:register_list"), "Register"),
        ("staff", reverse("residents:register_upload"), "Register"),  # the import is part of the register
        ("staff", reverse("residents:hazards"), "Hazards"),
        ("board", reverse("board_home"), "Board overview"),
        ("admin_user", reverse("board_home"), "Board"),
        ("anonymous", reverse("performance"), "Our performance"),
        ("anonymous", reverse("account_login"), "Sign in"),
    ],
)
def test_the_link_to_the_page_shown_is_marked_as_the_current_page(client_for, persona, url, marked):
    html = client_for(persona).get(url).content.decode()

    assert current_links(html) == [marked]


def test_a_page_inside_a_section_marks_its_section(client_for, resident):
    item = feedback_from(resident.resident)

    html = client_for("resident").get(reverse("residents:feedback_detail", args=[item.pk])).content.decode()

    assert current_links(html) == ["My feedback"]


def test_the_account_pages_share_a_menu_that_marks_the_page_shown(client_for, staff):
    response = client_for("staff").get(reverse("mfa_index"))
    assert response.status_code == 200
    html = response.content.decode()
    menu = html.split('<nav class="account-nav', 1)[1].split("</nav>", 1)[0]

    assert re.findall(r'<a class="nav-link[^"]*" href="([^"]+)"', menu) == [
        reverse("account_email"),
        reverse("account_change_password"),
        reverse("mfa_index"),
    ]
    assert re.findall(r'aria-current="page">([^<]+)</a>', menu) == ["Two-factor authentication"]
    assert current_links(html) == ["Account"]


def test_the_front_page_marks_no_link(client):
    assert current_links(client.get(reverse("landing")).content.decode()) == []


def test_the_header_follows_the_address_the_portal_is_served_under(client_for):
    """Behind a proxy that serves the portal under /portal/, every link and the current page follow it."""
    set_script_prefix("/portal/")  # as Django's WSGI handler does from SCRIPT_NAME (the test client does not)
    try:
        html = client_for("resident").get("/my/feedback/", SCRIPT_NAME="/portal").content.decode()
    finally:
        set_script_prefix("/")
    header = html.split("<header", 1)[1].split("</header>", 1)[0]

    assert 'href="/portal/my/feedback/" aria-current="page"' in header
    assert 'action="/portal/accounts/logout/"' in header
    assert not re.search(r'(href|action)="/(?!portal/)', header)


# Links to the visitor's own record, wherever the page offers them: only for those who have one.
OWN_RECORD_LINKS = {"Download my data": {"resident", "unlinked_resident"}}


@pytest.mark.parametrize("persona", PERSONAS)
def test_each_role_is_offered_only_the_links_that_apply_to_it(client_for, persona):
    client = client_for(persona)
    for url in [reverse("residents:update_public_list"), reverse("performance"), reverse("account_email")]:
        response = client.get(url)
        if response.status_code != 200:  # the account page sends an anonymous visitor to sign in
            continue
        html = response.content.decode()
        for text, who in OWN_RECORD_LINKS.items():
            assert (text in html) == (persona in who), f"{persona} on {url}: {text!r}"


def test_the_pages_own_scripts_and_styles_carry_the_nonce_the_policy_allows(client_for):
    response = client_for("resident").get(reverse("residents:home"))
    html = response.content.decode()
    policy = dict(part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";") if part.strip())

    nonces = set(re.findall(r'<(?:script|link rel="stylesheet")[^>]*\snonce="([^"]+)"', html))
    assert len(nonces) == 1, nonces
    nonce = nonces.pop()
    assert f"'nonce-{nonce}'" in policy["script-src"] and f"'nonce-{nonce}'" in policy["style-src"]
    assert len(re.findall(r"<script\b", html)) == len(re.findall(r"<script[^>]*\snonce=", html))

    # A fresh nonce for every page.
    assert nonce not in client_for("resident").get(reverse("residents:home")).content.decode()


TAG_WITHOUT_NONCE = re.compile(r"<(?:script|link)\b(?![^>]*\snonce=)[^>]*>")


def test_every_template_adds_its_scripts_and_links_with_the_nonce():
    """A page's own tags (in extra_head and extra_body, or anywhere else) carry the nonce as base.html's do, so
    the policy allows them by the nonce rather than by their address. 500.html is drawn without a request."""
    templates = Path(settings.BASE_DIR) / "templates"
    missing = {
        # {% static %} and {% url %} inside a tag end with ">": read the tags with the template tags blanked out.
        str(path.relative_to(templates)): TAG_WITHOUT_NONCE.findall(re.sub(r"\{%.*?%\}", "{%%}", path.read_text()))
        for path in templates.rglob("*.html")
        if path.name != "500.html"
    }
    assert {path: tags for path, tags in missing.items() if tags} == {}


def test_the_pages_that_add_scripts_and_links_draw_them_with_the_pages_nonce(
    client_for, staff, own_invitation, open_survey, results_survey
):
    # (persona, page, a tag the page adds to base.html's)
    pages = [
        ("resident", reverse("surveys:answer", args=[open_survey.pk]), "surveys/conditional"),
        ("staff", reverse("surveys:staff_answer", args=[open_survey.pk, own_invitation.pk]), "surveys/conditional"),
        ("staff", reverse("surveys:results", args=[results_survey.pk]), "results-charts"),
        ("anonymous", reverse("residents:update_public_list"), "application/atom+xml"),
    ]
    for persona, url, added in pages:
        response = client_for(persona).get(url)
        assert response.status_code == 200, url
        nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
        # json_script's data blocks are never run, so the policy does not ask them for a nonce.
        tags = re.findall(r"<(?:script|link)\b(?![^>]*application/json)[^>]*>", response.content.decode())

        assert any(added in tag for tag in tags), url
        assert [tag for tag in tags if f'nonce="{nonce}"' not in tag] == [], url
