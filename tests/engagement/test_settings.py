"""Settings: safe for production when deployed as the README says, loud when a secret is missing.

Settings are read once per process, so the production checks run `manage.py` / `python -c` in a subprocess
with exactly the environment a deployment would have (none of the test defaults from pyproject.toml).
"""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from ..workers import database_url

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def production_env(**overrides: str | None) -> dict[str, str]:
    """A production-like environment: nothing from the test run except where PostgreSQL and Redis are."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", "/tmp"),
        "LANG": "C.UTF-8",
        "DJANGO_SETTINGS_MODULE": "engagement.settings",
        "DATABASE_URL": os.environ.get("DATABASE_URL") or database_url(settings.DATABASES["default"]),
        "REDIS_URL": settings.REDIS_URL,
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "portal.example.org",
        "CSRF_TRUSTED_ORIGINS": "https://portal.example.org",
        "STATIC_MANIFEST": "true",
    }
    for name, value in overrides.items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    return env


def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args], cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def deploy_check(env: dict[str, str]) -> subprocess.CompletedProcess:
    return run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], env)


def test_deploy_check_passes_with_production_settings():
    env = production_env()
    assert "DEBUG" not in env and len(env["SECRET_KEY"]) >= 50

    result = deploy_check(env)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_deploy_check_would_catch_insecure_cookies():
    """The check above can fail: switching secure cookies off in production is reported."""
    result = deploy_check(production_env(SECURE_COOKIES="false"))

    assert result.returncode != 0
    assert "security.W012" in result.stderr  # SESSION_COOKIE_SECURE


def test_settings_refuse_to_load_without_secret_key_when_debug_is_off():
    result = run(["-c", "import django; django.setup()"], production_env(SECRET_KEY=None))

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY" in result.stderr


@pytest.mark.parametrize("debug", [None, "", "false", "0"], ids=["unset", "empty", "false", "zero"])
def test_debug_is_off_unless_switched_on(debug):
    script = "import django; django.setup(); from django.conf import settings; print(settings.DEBUG)"

    result = run(["-c", script], production_env(DEBUG=debug))

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def test_development_starts_without_a_secret_key_when_debug_is_on():
    script = "import django; django.setup(); from django.conf import settings; print(bool(settings.SECRET_KEY))"

    result = run(["-c", script], production_env(SECRET_KEY=None, DEBUG="true"))

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True"


def test_debug_is_off_in_tests(db):
    assert settings.DEBUG is False
    response = Client().get("/no-such-page/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "Page not found" in html
    assert "URLconf" not in html, "the technical debug page must never show"


# Content-Security-Policy -----------------------------------------------------------------------------------


def directives(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    parsed = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            parsed[words[0]] = words[1:]
    return parsed


@pytest.mark.parametrize(
    ("persona", "url"),
    [("anonymous", "/"), ("anonymous", "/accounts/login/"), ("resident", "/my/"), ("staff", "/staff/register/")],
)
def test_pages_carry_a_content_security_policy_without_inline_scripts(client_for, resident, persona, url):
    response = client_for(persona).get(url)

    assert response.status_code == 200
    policy = directives(response)
    # The page's own files, and tags carrying this response's nonce: never any inline script.
    [nonce] = [word for word in policy["script-src"] if word.startswith("'nonce-")]
    assert policy["script-src"] == ["'self'", nonce]
    assert "'unsafe-inline'" not in policy.get("default-src", [])
    assert "'unsafe-eval'" not in policy["script-src"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]


@pytest.mark.parametrize(
    ("persona", "url"),
    [("anonymous", "/"), ("anonymous", "/accounts/login/"), ("resident", "/my/"), ("staff", "/staff/register/")],
)
def test_pages_have_no_inline_script_the_policy_would_block(client_for, resident, persona, url):
    html = client_for(persona).get(url).content.decode()

    scripts = re.findall(r"<script\b[^>]*>", html)
    assert scripts, "the page loads its scripts from files"
    assert all(" src=" in tag for tag in scripts), scripts
    assert not re.search(r"\son[a-z]+=\"", html), "inline event handlers are blocked by the policy too"


def test_every_periodic_task_is_one_the_workers_know():
    """Beat sends each schedule entry by name: a name no worker registered is dropped as an unknown task, and
    whatever it was for (reminders, digests) would never be sent. Workers know the tasks Celery's autodiscovery
    imports from each app's tasks module."""
    from django.conf import settings

    from engagement.celery import app

    app.autodiscover_tasks(force=True)
    known = set(app.tasks)
    unknown = {entry: job["task"] for entry, job in settings.CELERY_BEAT_SCHEDULE.items() if job["task"] not in known}
    assert unknown == {}
