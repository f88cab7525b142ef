"""Production settings, headers, error pages and the database going away."""

import os
import secrets
import subprocess
import sys

import pytest
from django.conf import settings
from django.db import IntegrityError, OperationalError
from django.test import Client, override_settings
from django.urls import path, reverse

from tests import catalogue

pytestmark = pytest.mark.django_db

PRODUCTION_ENV = {
    "PATH": os.environ["PATH"],
    "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
    "DJANGO_ALLOWED_HOSTS": "widunetz.example.org",
}


def manage(*args, env):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_production_settings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    assert "0 silenced" in result.stdout


def test_no_security_check_is_silenced():
    assert not getattr(settings, "SILENCED_SYSTEM_CHECKS", [])


def test_production_without_a_secret_key_stops_with_a_clear_message():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "DJANGO_SECRET_KEY"}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


# Every public page, the addresses for robots, the "not found" page, and the admin's door.
PAGES = [
    *(page.url() for page in catalogue.PAGES),
    *catalogue.MACHINE_ADDRESSES,
    catalogue.NOT_FOUND,
    reverse("admin:login"),
]


EMBED = reverse("pages:embed")


@pytest.mark.parametrize("url", PAGES)
def test_security_headers_on_every_response(client, brochure, url):
    response = client.get(url, secure=True)
    hsts = response["Strict-Transport-Security"]
    assert int(hsts.split("max-age=")[1].split(";")[0]) >= 31536000
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    csp = response["Content-Security-Policy"]
    for directive in ["default-src 'self'", "object-src 'none'", "base-uri 'none'"]:
        assert directive in csp
    # The one page made for partners' frames says who may frame it (tests/test_embed.py).
    if not url.startswith(EMBED):
        assert response["X-Frame-Options"] == "DENY"
        assert "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp


def test_plain_http_is_redirected_to_https_in_production(db):
    with override_settings(SECURE_SSL_REDIRECT=True):
        response = Client().get("/mitglieder/")
    assert response.status_code == 301
    assert response["Location"].startswith("https://")


def test_a_forwarded_proto_header_alone_does_not_make_a_request_secure(db):
    """Anyone can send X-Forwarded-Proto; gunicorn decides whether a proxy sent it."""
    with override_settings(SECURE_SSL_REDIRECT=True):
        response = Client().get("/mitglieder/", headers={"x-forwarded-proto": "https"})
    assert response.status_code == 301
    assert response["Location"].startswith("https://")


def test_a_refused_next_after_login_lands_on_the_admin_index(coordinator):
    evil = "https://evil.example/"
    response = Client().post(
        reverse("admin:login") + f"?next={evil}",
        {"username": "koordination", "password": "ein-langes-passwort-2026", "next": evil},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")


def test_pages_load_nothing_from_other_hosts(client, brochure):
    for url in [page.url() for page in catalogue.pages(html=True)]:
        html = client.get(url).text
        for attribute in ['src="http', "src='http", 'href="//', 'src="//']:
            assert attribute not in html, url
        assert 'rel="stylesheet" href="/static/' in html


def test_cookies_are_secure_host_only_and_http_only(client, brochure):
    response = client.get(reverse("pages:barrierefreiheit"), secure=True)
    cookie = response.cookies[settings.CSRF_COOKIE_NAME]
    assert settings.CSRF_COOKIE_NAME == "__Host-csrftoken"
    assert settings.SESSION_COOKIE_NAME == "__Host-sessionid"
    assert cookie["secure"] and cookie["httponly"] and cookie["path"] == "/"
    assert not cookie["domain"]
    assert settings.SESSION_COOKIE_SECURE and settings.SESSION_COOKIE_HTTPONLY


def test_visitors_of_the_directory_get_no_cookie(client, brochure):
    """Not on any page the shared cache keeps for everyone (the feedback form sets CSRF's)."""
    for url in [url for page in catalogue.pages(cached=True) for url in page.urls()]:
        assert not client.get(url, secure=True).cookies, url


def boom(request):
    raise RuntimeError("secret internal detail")


def database_gone(request):
    raise OperationalError(
        'connection to server at "127.0.0.1", port 5432 failed: Connection refused\n'
        "\tIs the server running on that host and accepting TCP/IP connections?"
    )


def database_bug(request):
    raise IntegrityError("duplicate key value violates unique constraint")


urlpatterns = [path("boom/", boom)]


class DatabaseFailureUrls:
    from widunetz.urls import urlpatterns as site

    urlpatterns = [
        *site,
        path("database-gone/", database_gone),
        path("database-bug/", database_bug),
    ]


@override_settings(ROOT_URLCONF=__name__)
def test_server_error_page_is_styled_and_reveals_nothing(db):
    response = Client(raise_request_exception=False).get("/boom/")
    assert response.status_code == 500
    assert "Ein technischer Fehler ist aufgetreten" in response.text
    assert "secret internal detail" not in response.text
    assert "Traceback" not in response.text


@override_settings(ROOT_URLCONF=DatabaseFailureUrls)
def test_a_database_outage_is_logged_in_one_line_per_request(db, caplog):
    client = Client(raise_request_exception=False)
    for _ in range(2):
        assert client.get("/database-gone/").status_code == 503
    outage = [r for r in caplog.records if r.name == "widunetz.middleware"]
    assert len(outage) == 2
    for record in outage:
        assert "Connection refused" in record.getMessage()
        assert "\n" not in record.getMessage()
    assert not any(record.exc_info for record in caplog.records)


@override_settings(ROOT_URLCONF=DatabaseFailureUrls)
def test_any_other_database_error_is_a_server_error_not_an_outage(db):
    response = Client(raise_request_exception=False).get("/database-bug/")
    assert response.status_code == 500


def test_a_bad_host_header_is_logged_in_one_line(db, caplog):
    response = Client().get("/", headers={"host": "evil.example.org"})
    assert response.status_code == 400
    [record] = [r for r in caplog.records if r.name == "django.security.DisallowedHost"]
    assert "evil.example.org" in record.getMessage()
    assert not record.exc_info and "Traceback" not in caplog.text


def test_not_found_and_bad_request_pages_are_styled(client, brochure):
    for url, status in [("/nirgendwo/", 404), ("/mitglieder/?q=%00", 400)]:
        response = client.get(url)
        assert response.status_code == status
        assert 'class="site-header"' in response.text
        assert "Zur Startseite" in response.text


def test_csrf_failure_page_explains_what_to_do(brochure):
    response = Client(enforce_csrf_checks=True).post(
        reverse("pages:barrierefreiheit"), {"message": "Hallo"}
    )
    assert response.status_code == 403
    assert "Das Formular konnte nicht gesendet werden" in response.text


UNREACHABLE_DB_SCRIPT = """
import django
django.setup()
from django.test import Client
client = Client(raise_request_exception=False)
for url in ["/healthz", "/", "/mitglieder/?gemeinde=loehne"]:
    response = client.get(url, secure=True)
    print(url, response.status_code, "nicht erreichbar" in response.content.decode())
"""


def test_unreachable_database_answers_503_not_500():
    env = {
        **PRODUCTION_ENV,
        "DJANGO_SETTINGS_MODULE": "widunetz.settings",
        "DJANGO_ALLOWED_HOSTS": "testserver",
        # Nothing listens on port 1: every connection attempt is refused at once.
        "DATABASE_URL": "postgres://postgres@127.0.0.1:1/widunetz",
    }
    # Production pages name their hashed static files, as after a deployment.
    assert manage("collectstatic", "--noinput", env=env).returncode == 0
    result = subprocess.run(
        [sys.executable, "-c", UNREACHABLE_DB_SCRIPT],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    lines = dict(line.split(" ", 1) for line in result.stdout.strip().splitlines())
    assert lines["/healthz"].startswith("503")
    assert lines["/"] == "503 True"
    assert lines["/mitglieder/?gemeinde=loehne"] == "503 True"


def forbidden(request):
    from django.core.exceptions import PermissionDenied

    raise PermissionDenied("internal reason")


class ForbiddenUrls:
    from widunetz.urls import urlpatterns as site

    urlpatterns = [*site, path("verboten/", forbidden)]


@override_settings(ROOT_URLCONF=ForbiddenUrls)
def test_forbidden_page_is_styled_and_reveals_nothing(db):
    response = Client(raise_request_exception=False).get("/verboten/")
    assert response.status_code == 403
    assert "Auf diese Seite haben Sie keinen Zugriff" in response.text
    assert "internal reason" not in response.text
