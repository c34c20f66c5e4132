"""Settings for the resident engagement portal, read from the environment.

Every variable is listed in the README. Development defaults are safe; production (DEBUG off) refuses to
start without a SECRET_KEY.
"""

import os
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "development-only-key-never-used-in-production"
# Earlier keys, still accepted for signed values (survey invitation links, password resets) while a new key
# takes over.
SECRET_KEY_FALLBACKS = env_list("SECRET_KEY_FALLBACKS")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = env_str("SITE_URL", "http://localhost:8000").rstrip("/")
LANDLORD_NAME = env_str("LANDLORD_NAME", "Riverside Homes")
LANDLORD_PHONE = env_str("LANDLORD_PHONE", "0300 123 4567")
LANDLORD_PHONE_HOURS = env_str("LANDLORD_PHONE_HOURS", "Monday to Friday, 8am to 6pm")
# Emergency repairs, answered day and night.
LANDLORD_EMERGENCY_PHONE = env_str("LANDLORD_EMERGENCY_PHONE", "0300 123 4568")

INSTALLED_APPS = [
    "engagement.apps.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "django_filters",
    "csp",
    "residents",
    "panels",
    "surveys",
    "community",
    "engagement",
    "engagement.decisions",
    "engagement.outcomes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "engagement.middleware.RateLimitsNeedTheCache",
    "engagement.middleware.personal_pages_not_stored",
]

ROOT_URLCONF = "engagement.urls"
WSGI_APPLICATION = "engagement.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "engagement.context_processors.portal",
            ],
        },
    },
    # Plain-text emails (templates/emails/, rendered by residents.outbox.services): nothing is HTML-escaped,
    # so a resident called O'Brien is not written to as O&#x27;Brien.
    {
        "NAME": "emails",
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": False,
        "OPTIONS": {"autoescape": False},
    },
]

# Database: DATABASE_URL, set by `make run` / `make test` to an embedded server when not given.
DATABASE_URL = env_str("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/engagement")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("CONN_MAX_AGE", 60))}
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# No JIT compilation: it pays off only for long analytical queries, and PostgreSQL decides on it from cost
# estimates, so a page's query whose estimate is off (a CTE, a subquery) can spend a second compiling.
_db_options = DATABASES["default"].setdefault("OPTIONS", {})
_db_options["options"] = f"{_db_options.get('options', '')} -c jit=off".strip()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Redis: Celery broker on REDIS_URL; cache (rate limits, import progress) on the next database number.
# Sessions stay in the database.
REDIS_URL = env_str("REDIS_URL", "redis://127.0.0.1:6379/0")


def redis_url_with_db(url: str, db: int) -> str:
    """The same Redis server, another database number (the cache must never share the broker's database:
    clearing the cache would drop queued tasks)."""
    parts = urlsplit(url)
    if parts.scheme == "unix":
        query = [(k, v) for k, v in parse_qsl(parts.query) if k != "db"] + [("db", str(db))]
        return f"unix://{parts.path}?{urlencode(query)}"
    return urlunsplit(parts._replace(path=f"/{db}"))


def redis_db(url: str) -> int:
    parts = urlsplit(url)
    if parts.scheme == "unix":
        return int(dict(parse_qsl(parts.query)).get("db", 0))
    return int(parts.path.strip("/") or 0)


REDIS_CACHE_URL = env_str("REDIS_CACHE_URL") or redis_url_with_db(REDIS_URL, (redis_db(REDIS_URL) + 1) % 16)
CACHES = {
    "default": {
        "BACKEND": "engagement.cache.RedisCache",
        "LOCATION": REDIS_CACHE_URL,
        "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "engagement"),
        # Short: when Redis is away, a page answers from the database at once instead of waiting on the cache.
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 1},
    }
}

# Celery names a Unix-socket Redis differently from redis-py (the embedded Redis listens on a socket).
CELERY_BROKER_URL = REDIS_URL.replace("unix://", "redis+socket://", 1) if REDIS_URL.startswith("unix://") else REDIS_URL
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# max_retries 0: publishing tries to connect once (kombu otherwise retries for the whole connection timeout), so a
# web request that queues work while Redis is down goes on at once; the outbox and beat send it later.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600, "max_retries": 0, "socket_connect_timeout": 1}
CELERY_TASK_DEFAULT_QUEUE = env_str("CELERY_QUEUE", "engagement")
CELERY_TIMEZONE = "Europe/London"
CELERY_BROKER_CONNECTION_TIMEOUT = 1  # a request that queues work must not hang when Redis is down
# Web requests publish once and never retry, so none holds a worker while Redis is down (email and survey
# invitations wait in the database for beat); workers and beat retry their publishing (engagement/celery.py).
CELERY_TASK_PUBLISH_RETRY = False
# Every task is stopped (soft: an exception it can roll back on; then hard: the process is killed) well before
# the visibility timeout would hand its message to another worker. See residents/background.py.
CELERY_TASK_SOFT_TIME_LIMIT = env_int("CELERY_TASK_SOFT_TIME_LIMIT", 300)
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 360)
# Periodic work (Celery beat): send queued email, publish scheduled "You said, we did" entries.


def every(task: str, setting: str | None, default: int) -> dict:
    """A beat entry: run `task` every `setting` seconds (an environment variable; `default` when unset)."""
    return {"task": task, "schedule": float(env_int(setting, default) if setting else default)}


CELERY_BEAT_SCHEDULE = {
    "relay-outbox": every("residents.tasks.relay_outbox", "OUTBOX_RELAY_SECONDS", 30),
    "publish-due-updates": every("residents.tasks.publish_due_updates", "PUBLISH_CHECK_SECONDS", 60),
    "send-involvement-alerts": every("residents.tasks.send_involvement_alerts", "INVOLVEMENT_ALERT_SECONDS", 600),
    "send-volunteer-summaries": every("residents.tasks.send_volunteer_summaries", None, 24 * 3600),
    "resume-register-imports": every("residents.tasks.resume_register_imports", "REGISTER_IMPORT_SWEEP_SECONDS", 60),
    # Surveys: later waves of a rolling programme when due; invitations left waiting; reminders.
    "publish-due-survey-waves": every("surveys.tasks.publish_due_waves", "PUBLISH_CHECK_SECONDS", 60),
    "send-pending-survey-invitations": every("surveys.tasks.send_pending_invitations", "SURVEY_SEND_SECONDS", 60),
    "send-survey-reminders": every("surveys.tasks.send_survey_reminders", "SURVEY_REMINDER_SECONDS", 3600),
    # Panels: meeting reminders and minutes-published notices, when due.
    "send-meeting-notices": every("panels.meetings.tasks.send_meeting_notices", "MEETING_NOTICE_SECONDS", 300),
    # Walkabouts: the day-before reminders, each walk claimed once.
    "send-walkabout-reminders": every(
        "community.walkabouts.tasks.send_walkabout_reminders", "WALKABOUT_REMINDER_SECONDS", 900
    ),
    # Community events: a reminder the day before, once, to everyone with a place.
    "send-event-reminders": every("community.events.tasks.send_event_reminders", "EVENT_REMINDER_SECONDS", 900),
    # Neighbourhood Action Plans: the weekly progress email of each plan with news, when due.
    "send-plan-progress-emails": every(
        "community.plans.tasks.send_plan_progress_emails", "PLAN_PROGRESS_CHECK_SECONDS", 300
    ),
    # Block Champions: each champion's weekly digest of their block's open issues.
    "send-champion-digests": every(
        "community.champions.tasks.send_champion_digests", "PLAN_PROGRESS_CHECK_SECONDS", 300
    ),
    # Community Fund: each funded project's monitoring report reminder, once, when the report falls due.
    "send-fund-report-reminders": every(
        "community.fund.tasks.send_fund_report_reminders", "FUND_REPORT_REMINDER_SECONDS", 3600
    ),
}
# How long a relay holds a batch of email it has claimed before another relay may take over what is unsent.
OUTBOX_CLAIM_SECONDS = env_int("OUTBOX_CLAIM_SECONDS", 300)
# Contact fatigue: residents invited to any survey in this many days are not asked again.
SURVEY_REST_DAYS = env_int("SURVEY_REST_DAYS", 90)
# Panel members (and invited board members) are reminded of a meeting this many hours before it starts.
MEETING_REMINDER_HOURS = env_int("MEETING_REMINDER_HOURS", 48)
# Neighbourhood Action Plans: how many priorities each resident may vote for (a plan may set its own number),
# and the least time between two progress emails about one plan.
PLAN_VOTES_PER_RESIDENT = env_int("PLAN_VOTES_PER_RESIDENT", 3)
PLAN_PROGRESS_EMAIL_DAYS = env_int("PLAN_PROGRESS_EMAIL_DAYS", 7)

AUTH_USER_MODEL = "residents.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_HASHERS = env_list("PASSWORD_HASHERS") or [
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]

LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "landing"

# allauth: email login, mandatory verification, one email per account, reauthentication for changes.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_REAUTHENTICATION_REQUIRED = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"[{LANDLORD_NAME}] "
ACCOUNT_RATE_LIMITS = {
    # Linking an account to a home: tenancy reference + postcode or a staff-issued code.
    "link_home": "5/15m/user,30/h/ip",
}

MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = LANDLORD_NAME
MFA_TOTP_TOLERANCE = 1  # accept the code from the 30 seconds before or after: phone clocks drift

FORM_RENDERER = "engagement.forms.WidgetRenderer"  # widgets from Jinja2 templates: see engagement/forms.py

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

LANGUAGE_CODE = "en-gb"
# British English in sentence case for the account pages and emails of allauth (its own are in Title Case).
LOCALE_PATHS = [BASE_DIR / "engagement" / "locale"]
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / ".data" / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # Hashed names need `collectstatic`; development and tests serve files as they are.
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if env_bool("STATIC_MANIFEST", not DEBUG)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not env_bool("STATIC_MANIFEST", not DEBUG)
# Files served as they are (development, tests) are looked up when asked for, rather than every static file of every
# app being listed whenever a request handler starts: each test client starts one (16.8 ms each, about 5,000 times
# a run of the suite).
WHITENOISE_AUTOREFRESH = WHITENOISE_USE_FINDERS
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / ".data" / "media")))
# Uploads (photos) go through Django's storage API: the file system under MEDIA_ROOT, or S3-compatible object
# storage shared by web processes on several machines. Credentials come from the environment as boto3 reads them
# (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, or the machine's role), never from settings.
MEDIA_STORAGE = env_str("MEDIA_STORAGE", "filesystem")
if MEDIA_STORAGE == "s3":
    if not env_str("AWS_STORAGE_BUCKET_NAME"):
        raise ImproperlyConfigured("MEDIA_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME.")
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env_str("AWS_STORAGE_BUCKET_NAME"),
            "endpoint_url": env_str("AWS_S3_ENDPOINT_URL") or None,
            "region_name": env_str("AWS_S3_REGION_NAME") or None,
            "location": env_str("AWS_LOCATION"),
            # Residents' photos are private: the bucket's own (private) access, served only through the portal's
            # views, which check who is asking; never overwrite an object with the same name.
            "default_acl": None,
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
elif MEDIA_STORAGE != "filesystem":
    raise ImproperlyConfigured(f"MEDIA_STORAGE must be filesystem or s3, not {MEDIA_STORAGE!r}.")

# Email: console in development, SMTP when EMAIL_HOST is set.
EMAIL_HOST = env_str("EMAIL_HOST")
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH") or None  # for the file-based backend (tests of worker processes)
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Resident portal <portal@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Security headers. Secure cookies and HSTS follow DEBUG unless set explicitly (a plain-HTTP demo
# behind DEBUG=false can switch them off).
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_PROXY", False) else None
# Behind the proxy every request comes from the proxy's address: allauth must count sign-in attempts per client,
# taking the X-Forwarded-For entry added by the farthest of our TRUSTED_PROXY_COUNT proxies (entries to its left
# are whatever the client sent). Without a proxy the header is ignored, so nobody can dodge the limit with it.
ALLAUTH_TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 1) if env_bool("BEHIND_PROXY", False) else 0
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 60 * 60 * 8)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
# Preloading HSTS commits the whole domain to HTTPS in browsers for months and is hard to undo, so it is a
# deliberate opt-in (SECURE_HSTS_PRELOAD=true), not a default: `check --deploy` need not warn about it.
SILENCED_SYSTEM_CHECKS = ["security.W021"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        # The page's own <script> and <link> tags carry the request's nonce (request.csp_nonce in base.html).
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
REGISTER_IMPORT_MAX_BYTES = env_int("REGISTER_IMPORT_MAX_BYTES", 50 * 1024 * 1024)
# Uploaded pictures: more pixels than this are refused from the header, before decoding (a small file can unpack
# into gigabytes). 40 megapixels is above any phone camera's normal setting.
PHOTO_MAX_PIXELS = env_int("PHOTO_MAX_PIXELS", 40_000_000)
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # A refused request (403, 404, 400) is expected: one line, no traceback. A 500 keeps its traceback.
    "filters": {"refusals_in_one_line": {"()": "engagement.logfilters.RefusalsInOneLine"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["refusals_in_one_line"]}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # Written once, by the root handler: Django's own console handler (with DEBUG) printed everything twice.
        "django": {"handlers": [], "propagate": True},
    },
}
