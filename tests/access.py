"""Building blocks of the access table (tests/test_access.py): what each persona gets, and how a URL is built.

Each app's rows live beside its tests (tests/surveys/access_table.py) and are merged into the one table.
"""

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

from django.http import HttpResponse
from django.urls import reverse

from .conftest import PERSONAS

MISSING_PK = 987654321


# Expectations --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Redirect:
    """A 302 to the page with this URL name (query string ignored)."""

    to: str

    def check(self, response: HttpResponse, url: str) -> None:
        assert response.status_code == 302, f"expected a redirect to {self.to}, got {response.status_code}"
        assert urlsplit(response["Location"]).path == reverse(self.to), response["Location"]


@dataclass(frozen=True)
class SignInFirst:
    """Anonymous on a protected page: a 302 to the portal sign-in page that comes back here afterwards."""

    def check(self, response: HttpResponse, url: str) -> None:
        assert response.status_code == 302, f"expected a redirect to sign in, got {response.status_code}"
        location = urlsplit(response["Location"])
        assert location.path == reverse("account_login"), response["Location"]
        assert parse_qs(location.query).get("next") == [url], response["Location"]


LOGIN = SignInFirst()
MFA_SETUP = Redirect("mfa_activate_totp")  # staff and board without two-factor authentication
REAUTH = Redirect("account_reauthenticate")  # allauth: sensitive page, no recent sign-in in this session


def check(expected, response: HttpResponse, url: str) -> None:
    if isinstance(expected, int):
        assert response.status_code == expected, f"expected {expected}, got {response.status_code}"
    else:
        expected.check(response, url)


def by_persona(**expected) -> dict:
    """Every persona must be named: a default would hide a persona nobody thought about."""
    assert set(expected) == set(PERSONAS), f"missing: {set(PERSONAS) - set(expected)}"
    return expected


def everyone(status) -> dict:
    return by_persona(**{persona: status for persona in PERSONAS})


def signed_in(status, anonymous=LOGIN) -> dict:
    return by_persona(**{persona: status for persona in PERSONAS if persona != "anonymous"}, anonymous=anonymous)


STAFF_PAGE = by_persona(
    anonymous=LOGIN,
    resident=403,
    other_resident=403,
    panel_member=403,
    unlinked_resident=403,
    staff=200,
    staff_without_mfa=MFA_SETUP,
    board=403,
    admin_user=200,
)
STAFF_PAGE_MISSING_OBJECT = {**STAFF_PAGE, "staff": 404, "admin_user": 404}
POST_ONLY = signed_in(405)  # GET on a page that only takes POST


@dataclass(frozen=True)
class Entry:
    """How to build one URL and what each persona gets from it.

    url(get) builds the URL; get(name) returns a fixture (a persona or an object) for its kwargs.
    wrong_method: (method, persona) -> that persona, who may use the page, gets 405 for that method.
    post: for pages that only take POST, the status of an (empty) POST per persona.
    """

    url: Callable[[Callable], str]
    get: dict
    wrong_method: tuple[str, str] | None = None
    post: dict | None = None


def named(name: str, **kwargs) -> Callable[[Callable], str]:
    return lambda get: reverse(name, kwargs=kwargs)


# A resident's own page that needs their account linked to their home.
RESIDENT_LINKED_PAGE = by_persona(
    anonymous=LOGIN,
    resident=200,
    other_resident=200,
    panel_member=200,
    unlinked_resident=Redirect("residents:link"),
    staff=403,
    staff_without_mfa=403,
    board=403,
    admin_user=403,
)
