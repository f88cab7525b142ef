"""The admin refuses every one of its addresses to a session that has not passed a required
second factor: the walk of tests/test_admin_scope_walk.py (every URL pattern the admin site
and its libraries register, read from the registry), with GET and POST, for the office
without an app, the office, a superuser and a partner editor who have one."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.snapshots import changes, dump
from tests.test_admin_scope_walk import admin_patterns, urls_to_try

pytestmark = pytest.mark.django_db

SIGN_IN_AND_OUT = {reverse("admin:login"), reverse("admin:logout")}


def account(world, django_user_model, who):
    if who == "superuser":
        return django_user_model.objects.create_superuser("chefin", "c@example.org", "x" * 16)
    user = world.editor if who.startswith("partner editor") else world.office
    if who.endswith("with an app"):
        TOTPDevice.objects.create(user=user, name="Authenticator-App", confirmed=True)
    return user


@pytest.mark.parametrize(
    ("who", "page"),
    [
        ("office without an app", "two-factor-setup"),
        ("office with an app", "two-factor-verify"),
        ("superuser", "two-factor-setup"),
        ("partner editor with an app", "two-factor-verify"),
    ],
)
def test_no_admin_url_opens_before_the_second_factor(world, django_user_model, who, page):
    user = account(world, django_user_model, who)
    client = Client()
    client.force_login(user)
    problems = []
    walked = 0
    # Nothing may change at all: one snapshot before and one after the whole walk (the
    # scope walk, where some requests may change rows, takes one after each request).
    before = dump()
    for url, _inside, _changelist in urls_to_try(world):
        if url.split("?")[0] in SIGN_IN_AND_OUT:
            continue
        for method in ("GET", "POST"):
            response = client.get(url) if method == "GET" else client.post(url, {"post": "yes"})
            walked += 1
            location = response.get("Location", "")
            if response.status_code != 302 or not location.startswith(reverse(page)):
                problems.append(f"{method} {url}: {response.status_code} {location}")
    if changed := changes(before, dump()):
        problems.append(f"the walk changed {changed}")
    assert walked > 2 * len(admin_patterns())
    assert problems == [], "\n".join(problems)


def test_the_walk_covers_history_recovery_autocomplete_and_view_on_site(world):
    urls = [url for url, _inside, _changelist in urls_to_try(world)]
    assert any("/history/" in url for url in urls)
    assert any("/recover/" in url for url in urls)
    assert any(url.startswith(reverse("admin:autocomplete")) for url in urls)
    assert any(url.startswith("/verwaltung/r/") for url in urls)
    assert reverse("admin:index") in urls


def test_the_pages_of_the_second_factor_themselves_need_it(world):
    """The overview, new recovery codes and the reset sit behind the code too."""
    world.office.groups.add(Group.objects.get(name="Koordinierungsstelle"))
    TOTPDevice.objects.create(user=world.office, name="Authenticator-App", confirmed=True)
    TOTPDevice.objects.create(user=world.editor, name="Authenticator-App", confirmed=True)
    client = Client()
    client.force_login(world.office)
    for url in (
        reverse("two-factor"),
        reverse("two-factor-recovery-codes"),
        reverse("two-factor-reset", args=[world.editor.pk]),
    ):
        response = client.post(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("two-factor-verify"))
    assert TOTPDevice.objects.filter(user=world.editor).exists()
