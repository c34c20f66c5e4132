"""The layout every page shares: the navigation each role sees, and a sign-out form that works."""

import re

import pytest
from django.template import Context, Template
from django.test import Client, override_settings
from django.urls import NoReverseMatch, reverse, set_script_prefix

# Links by their text, and the personas that see them in the main navigation.
NAV = {
    "My home": {"resident", "unlinked_resident"},
    "My feedback": {"resident", "unlinked_resident"},
    "Resident register": {"staff", "admin_user"},
    "Hazards": {"staff", "admin_user"},
    "Board overview": {"board", "admin_user"},
    "Administration": {"admin_user"},
    "Our performance": {"anonymous", "resident", "unlinked_resident", "board"},
    "Sign in": {"anonymous"},
    "Two-factor authentication": {"resident", "unlinked_resident", "staff", "board", "admin_user"},
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


def test_url_tag_follows_the_script_prefix_and_leaves_a_missing_view_empty_when_named():
    """{% url %} keeps addresses of views without arguments once worked out (residents/templatetags/urls.py):
    kept apart per script prefix, and as Django's tag otherwise."""
    template = Template(
        "{% url 'landing' %}|{% url 'residents:feedback_detail' 7 %}|{% url 'no-such-view' as gone %}[{{ gone }}]"
    )
    assert template.render(Context()) == "/|/my/feedback/7/|[]"
    set_script_prefix("/portal/")
    try:
        assert template.render(Context()) == "/portal/|/portal/my/feedback/7/|[]"
    finally:
        set_script_prefix("/")
    with pytest.raises(NoReverseMatch):
        Template("{% url 'no-such-view' %}").render(Context())
