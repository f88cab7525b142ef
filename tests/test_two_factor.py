"""The second factor of editor accounts: required for the office and superusers, optional
for partner editors, with real codes from the TOTP algorithm, recovery codes, throttling
and the office's reset of a lost phone."""

import datetime
import re

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from institutions.models import Institution

pytestmark = pytest.mark.django_db

PASSWORD = "ein-langes-passwort-2026"
INDEX = reverse("admin:index")
VERIFY = reverse("two-factor-verify")
SETUP = reverse("two-factor-setup")


def code_of(device, offset=0):
    """The code the app shows now (offset in time steps), computed as the app does."""
    value = totp(device.bin_key, device.step, device.t0, device.digits, device.drift + offset)
    return f"{value:0{device.digits}d}"


def sign_in(username, next_page=INDEX):
    """A browser's password sign-in through the admin's form (django-axes counts it)."""
    client = Client()
    response = client.post(
        reverse("admin:login"), {"username": username, "password": PASSWORD, "next": next_page}
    )
    assert response.status_code == 302, "the password was refused"
    return client


def app_device(user):
    return TOTPDevice.objects.create(user=user, name="Authenticator-App", confirmed=True)


def enter(client, code="", recovery_code="", next_page=INDEX):
    return client.post(VERIFY, {"code": code, "recovery_code": recovery_code, "next": next_page})


def admin_opens(client):
    return client.get(INDEX).status_code == 200


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser("chefin", "chefin@example.org", PASSWORD)


@pytest.fixture
def partner_editor(django_user_model):
    user = django_user_model.objects.create_user("loehne", password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name="Redaktion"))
    loehne = Institution.objects.create(name="Stadt Löhne", slug="stadt-loehne")
    loehne.partner_editors.add(user)
    return user


# --- who needs it --------------------------------------------------------------------


@pytest.mark.parametrize("account", ["coordinator", "superuser"])
def test_office_and_superusers_set_up_an_app_before_anything_else_opens(request, account):
    user = request.getfixturevalue(account)
    client = sign_in(user.username)
    response = client.get(INDEX)
    assert response.status_code == 302
    assert response["Location"].startswith(SETUP)
    assert client.get(reverse("admin:institutions_institution_changelist")).status_code == 302


def test_a_partner_editor_without_an_app_signs_in_with_the_password_alone(partner_editor):
    client = sign_in("loehne")
    assert admin_opens(client)
    overview = client.get(reverse("two-factor"))
    assert "Zweiten Faktor einrichten" in overview.text
    # The office's list of accounts and its reset are not theirs.
    assert "Zurücksetzen" not in overview.text


def test_a_partner_editor_who_set_up_an_app_is_asked_for_its_code_from_then_on(partner_editor):
    client = sign_in("loehne")
    page = client.get(SETUP)
    assert "Freiwillig" in page.text
    device = TOTPDevice.objects.get(user=partner_editor)
    assert not device.confirmed
    assert client.post(SETUP, {"code": code_of(device)}).status_code == 200
    assert admin_opens(client)

    later = sign_in("loehne")
    assert later.get(INDEX)["Location"].startswith(VERIFY)
    assert enter(later, code_of(device, offset=1)).status_code == 302
    assert admin_opens(later)


# --- setting it up -------------------------------------------------------------------


def test_setup_shows_a_qr_code_the_key_in_text_and_an_accessible_code_field(coordinator):
    client = sign_in("koordination")
    response = client.get(SETUP)
    device = TOTPDevice.objects.get(user=coordinator)
    html = response.text
    assert 'src="data:image/svg+xml;base64,' in html
    assert 'alt="QR-Code zum Einrichten der Authenticator-App"' in html
    secret = re.search(r"<code>([A-Z2-7 ]+)</code>", html).group(1)
    assert len(secret.replace(" ", "")) == 32
    assert '<label for="id_code">' in html
    assert 'autocomplete="one-time-code"' in html
    assert 'inputmode="numeric"' in html
    assert "<script" not in html.split("</head>")[1]
    # A reload shows the same key: the app scanned first keeps working.
    assert client.get(SETUP).text.count(secret) == 1
    assert TOTPDevice.objects.filter(user=coordinator).count() == 1
    assert device.config_url.startswith("otpauth://totp/widunetz%20Kreis%20Herford")


def test_setup_with_a_right_code_shows_ten_recovery_codes_once_and_opens_the_admin(coordinator):
    client = sign_in("koordination")
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=coordinator)
    response = client.post(SETUP, {"code": code_of(device)})
    codes = re.findall(r"<li><code>([a-z2-7]+)</code></li>", response.text)
    assert len(set(codes)) == 10
    assert response["Cache-Control"].startswith("max-age=0")
    assert "no-store" in response["Cache-Control"]
    assert admin_opens(client)
    device.refresh_from_db()
    assert device.confirmed
    # Shown once: the overview counts them but never shows them again.
    overview = client.get(reverse("two-factor")).text
    assert "noch 10 Wiederherstellungscodes" in overview
    assert not any(code in overview for code in codes)


def test_setup_with_a_wrong_code_sets_nothing_up(coordinator):
    client = sign_in("koordination")
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=coordinator)
    wrong = f"{(int(code_of(device)) + 1) % 1000000:06d}"
    response = client.post(SETUP, {"code": wrong})
    assert "Dieser Code stimmt nicht." in response.text
    device.refresh_from_db()
    assert not device.confirmed
    assert not StaticDevice.objects.filter(user=coordinator).exists()
    assert client.get(INDEX)["Location"].startswith(SETUP)


def test_whoever_knows_the_password_alone_cannot_bring_a_new_app(coordinator):
    app_device(coordinator)
    client = sign_in("koordination")
    response = client.get(SETUP)
    assert response.status_code == 302
    # The overview is part of the admin: first the code of the app there is.
    assert client.get(response["Location"])["Location"].startswith(VERIFY)
    assert TOTPDevice.objects.filter(user=coordinator).count() == 1


# --- the code after the password ------------------------------------------------------


def test_the_right_code_leads_on_to_the_page_asked_for(coordinator):
    device = app_device(coordinator)
    changelist = reverse("admin:institutions_institution_changelist")
    client = sign_in("koordination", next_page=changelist)
    response = client.get(changelist)
    assert response["Location"] == f"{VERIFY}?next=%2Fverwaltung%2Finstitutions%2Finstitution%2F"
    page = client.get(response["Location"])
    assert 'autocomplete="one-time-code"' in page.text
    assert f'value="{changelist}"' in page.text
    response = enter(client, code_of(device), next_page=changelist)
    assert response["Location"] == changelist
    assert client.get(changelist).status_code == 200


def test_passing_the_second_factor_gives_the_session_a_new_key(coordinator):
    device = app_device(coordinator)
    client = sign_in("koordination")
    key_after_password = client.session.session_key
    enter(client, code_of(device))
    assert client.session.session_key != key_after_password
    assert admin_opens(client)


def test_a_wrong_code_keeps_the_admin_shut(coordinator):
    device = app_device(coordinator)
    client = sign_in("koordination")
    wrong = f"{(int(code_of(device)) + 500000) % 1000000:06d}"
    response = enter(client, wrong)
    assert response.status_code == 200
    assert "Dieser Code stimmt nicht." in response.text
    assert not admin_opens(client)
    assert enter(client, "abcdef").status_code == 200
    assert not admin_opens(client)


def test_a_code_counts_once(coordinator):
    device = app_device(coordinator)
    code = code_of(device)
    first = sign_in("koordination")
    assert enter(first, code).status_code == 302
    assert admin_opens(first)

    replay = sign_in("koordination")
    response = enter(replay, code)
    assert response.status_code == 200
    assert "Dieser Code stimmt nicht." in response.text
    assert not admin_opens(replay)


def test_a_recovery_code_stands_in_for_the_app_once(coordinator):
    app_device(coordinator)
    recovery = StaticDevice.objects.create(user=coordinator, name="Wiederherstellungscodes")
    StaticToken.objects.create(device=recovery, token="abcd2345")
    StaticToken.objects.create(device=recovery, token="efgh6723")

    client = sign_in("koordination")
    response = enter(client, recovery_code="ABCD 2345")
    assert response.status_code == 302
    assert "Sie haben einen Wiederherstellungscode verwendet" in client.get(INDEX).text
    assert list(recovery.token_set.values_list("token", flat=True)) == ["efgh6723"]

    again = sign_in("koordination")
    assert enter(again, recovery_code="abcd2345").status_code == 200
    assert not admin_opens(again)


def test_one_code_at_a_time(coordinator):
    device = app_device(coordinator)
    client = sign_in("koordination")
    response = enter(client)
    assert "entweder den Code aus der App oder" in response.text
    response = enter(client, code_of(device), recovery_code="abcd2345")
    assert "entweder den Code aus der App oder" in response.text
    assert not admin_opens(client)


def test_guessing_codes_is_throttled(coordinator):
    device = app_device(coordinator)
    client = sign_in("koordination")
    for guess in ("000000", "111111", "222222", "333333"):
        if guess != code_of(device):
            enter(client, guess)
    # Even the right code waits now: each wrong one doubles the wait.
    response = enter(client, code_of(device))
    assert "Zu viele falsche Codes" in response.text
    assert not admin_opens(client)
    device.refresh_from_db()
    assert device.throttling_failure_count >= 1

    # After the wait the right code works, and resets the count.
    device.throttling_failure_timestamp = timezone.now() - datetime.timedelta(minutes=5)
    device.save()
    assert enter(client, code_of(device)).status_code == 302
    assert admin_opens(client)
    device.refresh_from_db()
    assert device.throttling_failure_count == 0


def test_recovery_codes_are_throttled_too(coordinator):
    app_device(coordinator)
    recovery = StaticDevice.objects.create(user=coordinator, name="Wiederherstellungscodes")
    StaticToken.objects.create(device=recovery, token="abcd2345")
    client = sign_in("koordination")
    enter(client, recovery_code="zzzz2222")
    response = enter(client, recovery_code="abcd2345")
    assert "Zu viele falsche Codes" in response.text
    assert not admin_opens(client)


# --- a lost phone ---------------------------------------------------------------------


def verified(user):
    """A client of ``user`` who has passed the second factor with their app."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or app_device(user)
    client = sign_in(user.username)
    assert enter(client, code_of(device)).status_code == 302
    return client


def test_the_office_resets_a_lost_phone_in_the_admin_log(coordinator, django_user_model):
    colleague = django_user_model.objects.create_user("kollege", password=PASSWORD, is_staff=True)
    colleague.groups.add(Group.objects.get(name="Koordinierungsstelle"))
    app_device(colleague)
    StaticDevice.objects.create(user=colleague, name="Wiederherstellungscodes")
    office = verified(coordinator)
    overview = office.get(reverse("two-factor")).text
    assert "Zweiten Faktor von kollege zurücksetzen" in overview

    response = office.post(reverse("two-factor-reset", args=[colleague.pk]))
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=colleague).exists()
    assert not StaticDevice.objects.filter(user=colleague).exists()
    entry = LogEntry.objects.get(object_id=str(colleague.pk))
    assert entry.user == coordinator
    assert "Zweiter Faktor zurückgesetzt" in entry.get_change_message()
    # At the next sign-in the colleague sets up a new app.
    assert sign_in("kollege").get(INDEX)["Location"].startswith(SETUP)


def test_a_reset_ends_the_second_factor_of_open_sessions(coordinator, django_user_model):
    colleague = django_user_model.objects.create_user("kollege", password=PASSWORD, is_staff=True)
    colleague.groups.add(Group.objects.get(name="Koordinierungsstelle"))
    their_session = verified(colleague)
    assert admin_opens(their_session)
    verified(coordinator).post(reverse("two-factor-reset", args=[colleague.pk]))
    assert their_session.get(INDEX)["Location"].startswith(SETUP)


def test_after_a_reset_a_partner_editor_signs_in_with_the_password_again(
    coordinator, partner_editor
):
    their_session = verified(partner_editor)
    verified(coordinator).post(reverse("two-factor-reset", args=[partner_editor.pk]))
    assert admin_opens(their_session)


def test_a_partner_editor_resets_nobody(partner_editor, coordinator):
    app_device(coordinator)
    editor = verified(partner_editor)
    for target in (coordinator, partner_editor):
        response = editor.post(reverse("two-factor-reset", args=[target.pk]))
        assert response.status_code == 403
    assert TOTPDevice.objects.filter(user=coordinator).exists()
    assert TOTPDevice.objects.filter(user=partner_editor).exists()
    assert not LogEntry.objects.exists()


def test_the_office_does_not_reset_a_superuser_but_a_superuser_may(coordinator, superuser):
    app_device(superuser)
    office = verified(coordinator)
    assert office.post(reverse("two-factor-reset", args=[superuser.pk])).status_code == 403
    assert TOTPDevice.objects.filter(user=superuser).exists()
    boss = verified(superuser)
    assert boss.post(reverse("two-factor-reset", args=[coordinator.pk])).status_code == 302
    assert not TOTPDevice.objects.filter(user=coordinator).exists()


def test_a_reset_is_only_ever_sent_as_a_form(coordinator, partner_editor):
    app_device(partner_editor)
    office = verified(coordinator)
    assert office.get(reverse("two-factor-reset", args=[partner_editor.pk])).status_code == 405
    assert TOTPDevice.objects.filter(user=partner_editor).exists()


def test_new_recovery_codes_replace_the_old_ones(coordinator):
    office = verified(coordinator)
    first = StaticDevice.objects.create(user=coordinator, name="Wiederherstellungscodes")
    StaticToken.objects.create(device=first, token="abcd2345")
    response = office.post(reverse("two-factor-recovery-codes"))
    assert len(re.findall(r"<li><code>", response.text)) == 10
    assert not StaticToken.objects.filter(token="abcd2345").exists()
