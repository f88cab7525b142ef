"""Settings for the widunetz directory, read from the environment.

Without DATABASE_URL the site runs on SQLite, the embedded default. Production
(DJANGO_DEBUG unset or 0) refuses to start without DJANGO_SECRET_KEY rather than
fall back to a key that sits in the repository; only a site for this machine
alone reads the key `make run` generated outside it (var/secret_key, not in git).
"""

import datetime
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from widunetz.email_url import mailers

BASE_DIR = Path(__file__).resolve().parent.parent


def env_flag(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_flag("DJANGO_DEBUG")


def key_generated_by_make_run():
    """The key `make run` wrote to var/secret_key, for the site on this machine only.

    So the README's manage.py commands work after `make run` as written. A site that
    others reach (DJANGO_ALLOWED_HOSTS names a host beyond this machine) never takes
    it: a deployment brings its own key in DJANGO_SECRET_KEY, or does not start.
    """
    loopback = {"127.0.0.1", "localhost", "[::1]", "::1"}
    if not set(env_list("DJANGO_ALLOWED_HOSTS")) <= loopback:
        return ""
    try:
        return (BASE_DIR / "var" / "secret_key").read_text().strip()
    except FileNotFoundError:
        return ""


SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "") or key_generated_by_make_run()
if not SECRET_KEY:
    if DEBUG:
        SECRET_KEY = "django-insecure-only-for-local-development"
    else:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Production mode (DJANGO_DEBUG unset or 0) needs a "
            "secret key from the environment; only a site for this machine alone "
            "(DJANGO_ALLOWED_HOSTS unset or loopback) reads the one 'make run' generates in "
            "var/secret_key."
        )

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "django_filters",
    "reversion",
    "axes",
    # The second factor of editor accounts (widunetz.two_factor): app codes and
    # recovery codes. Before widunetz, whose admin.py takes their device admins away.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    # Open data (issue 15): CORS for the HSDS API, the office's CSV and Excel import.
    "corsheaders",
    "import_export",
    # The core every app below builds on; the imports point this way only
    # (pages → members → institutions → widunetz, checked by `make lint`).
    "widunetz",
    "institutions",
    "members",
    "pages",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # Outside the page cache, so that a cached API answer carries its CORS headers too.
    "corsheaders.middleware.CorsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # After WhiteNoise, whose files come compressed already; around everything that
    # makes a page, cached or not. Pages that may hold a secret stay plain (BREACH).
    "widunetz.middleware.CompressionMiddleware",
    "widunetz.middleware.DatabaseUnavailableMiddleware",
    # After the 503 for a lost database (the cache may live there), before everything
    # a cached page does not need.
    "widunetz.pagecache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "widunetz.middleware.RejectControlCharactersMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Which device this session passed; then the admin stays shut until it has,
    # for the accounts that need a second factor.
    "django_otp.middleware.OTPMiddleware",
    "widunetz.two_factor.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, so it sees the outcome of every login attempt.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "widunetz.urls"
WSGI_APPLICATION = "widunetz.wsgi.application"

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
                "pages.context_processors.navigation",
                "pages.context_processors.demo",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
# Form choices are read with QuerySet.iterator(), which on PostgreSQL opens a
# server-side cursor: DECLARE, FETCH and CLOSE for a dozen rows, on every list
# page. Client-side reads are one round trip (and work behind PgBouncer too).
DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# `make demo`: the site on the synthetic network (bench/network.py), every page
# saying that its people and institutions are invented (templates/base.html).
WIDUNETZ_DEMO = env_flag("DJANGO_DEMO")

# A cache shared by every gunicorn worker and instance, never per-process memory:
# the feedback rate limit and the page cache must agree across all of them.
# Redis when REDIS_URL is set, otherwise the database every set-up has anyway.
# "default" (the pages) carries on without Redis while it is away; "strict"
# is the same store with its errors raised, for callers that must know
# (widunetz.cache); "local" counts feedback in each process meanwhile.
if os.environ.get("REDIS_URL"):
    shared_cache = {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": os.environ["REDIS_URL"],
        "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "widunetz"),
        # A Redis that is away or stuck must cost a request milliseconds, not seconds.
        "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.25, "SOCKET_TIMEOUT": 0.5},
    }
    page_cache = {**shared_cache, "OPTIONS": {**shared_cache["OPTIONS"], "IGNORE_EXCEPTIONS": True}}
else:
    shared_cache = page_cache = {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "widunetz_cache",
    }
# E-mail (confirmation requests, reports): one EMAIL_URL, e.g.
# smtp+tls://user:password@host:587. Unset, a production site hands its mail to the
# machine's own mail server, as Django always did (localhost:25); with DJANGO_DEBUG and
# under `make run` (EMAIL_URL=console:) mails are printed to the console.
MAILERS = mailers(os.environ.get("EMAIL_URL", "console:" if DEBUG else "smtp://localhost:25"))
# How long a consent to publication stands before the office asks again (the desk).
WIDUNETZ_CONSENT_REVIEW_MONTHS = int(os.environ.get("WIDUNETZ_CONSENT_REVIEW_MONTHS", "24"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "widunetz <webmaster@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The site's address as mails link to it (a confirmation link is opened from a mailbox).
WIDUNETZ_SITE_URL = os.environ.get("WIDUNETZ_SITE_URL", "http://127.0.0.1:8000")
# Where withdrawals of consent and readers' reports are sent to the office.
WIDUNETZ_OFFICE_EMAIL = os.environ.get("WIDUNETZ_OFFICE_EMAIL", DEFAULT_FROM_EMAIL)

CACHES = {
    "default": page_cache,
    "strict": shared_cache,
    "local": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "local"},
}
# How long a rendered public page may be served from the cache; any edit
# invalidates all of them at once (widunetz.pagecache). 0 turns caching off.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "0" if DEBUG else "600"))

AUTHENTICATION_BACKENDS = [
    # First, so a locked-out account is refused before its password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Five wrong passwords lock that username from that address for 30 minutes. Locking
# the pair, not the address, keeps one mistyping colleague from locking out a
# whole office behind a shared IP. `manage.py axes_reset_username NAME` unlocks.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = datetime.timedelta(minutes=30)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "widunetz.client.client_address"
AXES_LOCKOUT_TEMPLATE = "admin/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# Successful logins are not logged: the data protection statement promises it.
AXES_DISABLE_ACCESS_LOG = True

# The authenticator app shows the account as "widunetz Kreis Herford: name". Each wrong
# code doubles the wait before the next one is checked (1, 2, 4, … seconds).
OTP_TOTP_ISSUER = "widunetz Kreis Herford"
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1
# No admin shows a device's key (widunetz/admin.py unregisters django-otp's own).
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
# Length and a list of common passwords, no composition rules: length beats
# forced character classes (BSI IT-Grundschutz ORP.4, NIST SP 800-63B).

# German is the source and the default (unprefixed addresses); the others are for
# newcomers, each under its own prefix (/en/, /tr/, /ar/, /ru/, /uk/).
LANGUAGE_CODE = "de"
LANGUAGES = [
    ("de", _("Deutsch")),
    ("en", _("Englisch")),
    ("tr", _("Türkisch")),
    ("ar", _("Arabisch")),
    ("ru", _("Russisch")),
    ("uk", _("Ukrainisch")),
]
LOCALE_PATHS = [BASE_DIR / "widunetz" / "locale"]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

LOGIN_URL = "admin:login"
# Where a login goes when its "next" is missing or refused (another host, say):
# the admin, not Django's /accounts/profile/, which this site does not have.
LOGIN_REDIRECT_URL = "admin:index"

# The reverse proxies (addresses or networks, comma-separated) whose
# X-Forwarded-For is believed; from any other peer the header is ignored.
TRUSTED_PROXIES = env_list("DJANGO_TRUSTED_PROXIES")

# Behind a TLS-terminating proxy (the production set-up) every cookie is Secure and
# plain HTTP is redirected. 'make run' serves plain HTTP on loopback and sets
# DJANGO_HTTPS=0 so the local site stays usable.
# No SECURE_PROXY_SSL_HEADER: Django would believe X-Forwarded-Proto from any peer.
# gunicorn believes it only from forwarded_allow_ips and sets the request's scheme.
HTTPS = env_flag("DJANGO_HTTPS", default=not DEBUG)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = 31536000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True  # no script reads it: the site has none
if HTTPS:
    # __Host- cookies are only accepted over HTTPS, for this host, on path /.
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Everything the site uses comes from its own host; no inline code or styles.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"without_traceback": {"()": "widunetz.log.WithoutTraceback"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    # Every scanner sends a wrong Host header: one line each, not a traceback.
    "loggers": {"django.security.DisallowedHost": {"filters": ["without_traceback"]}},
}

# The HSDS API (pages.hsds) is open data for any site's pages to read: CORS for GET
# from any origin, without cookies, on its addresses only.
CORS_URLS_REGEX = r"^/api/hsds/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_CREDENTIALS = False
