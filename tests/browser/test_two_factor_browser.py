"""The office sets up its authenticator app in Chromium (plain forms, no script of ours) and
signs in again with a recovery code; axe-core finds nothing on the pages of the second factor."""

import base64

import pytest
from django_otp.oath import totp
from playwright.sync_api import expect

from tests.browser.support import describe_violations, run_axe, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "ein-langes-passwort-2026"


def sign_in(site, username):
    page = site.page
    site.open("/verwaltung/login/?next=/verwaltung/")
    page.get_by_label("Benutzername").fill(username)
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()


def code_for(secret):
    key = base64.b32decode(secret.replace(" ", "") + "=" * (-len(secret.replace(" ", "")) % 8))
    return f"{totp(key):06d}"


def no_axe_violations(site, summary, label):
    violations = run_axe(site.page, summary, label)
    assert not violations, describe_violations(label, 1280, violations)


def test_the_office_sets_up_its_app_and_later_signs_in_with_a_recovery_code(
    site, coordinator, axe_summary
):
    page = site.page
    sign_in(site, coordinator.username)
    expect(page.get_by_role("heading", name="Zweiten Faktor einrichten")).to_be_visible()
    expect(
        page.get_by_role("img", name="QR-Code zum Einrichten der Authenticator-App")
    ).to_be_visible()
    no_axe_violations(site, axe_summary, "/verwaltung/zweiter-faktor/einrichten/")
    screenshot(page, "zweiter-faktor-einrichten")

    secret = page.locator("code").first.inner_text()
    field = page.get_by_label("Code aus der Authenticator-App")
    expect(field).to_have_attribute("autocomplete", "one-time-code")
    field.fill(code_for(secret))
    page.get_by_role("button", name="Einrichten").click()
    expect(page.get_by_role("heading", name="Ihre Wiederherstellungscodes")).to_be_visible()
    codes = page.locator("#content-main li code").all_inner_texts()
    assert len(codes) == 10
    page.get_by_role("link", name="Weiter zur Verwaltung").click()
    expect(page.get_by_role("heading", name="Inhalte pflegen")).to_be_visible()

    # A new sign-in, the phone not at hand.
    page.context.clear_cookies()
    sign_in(site, coordinator.username)
    expect(page.get_by_role("heading", name="Zweiter Faktor")).to_be_visible()
    no_axe_violations(site, axe_summary, "/verwaltung/zweiter-faktor/code/")
    page.get_by_label("Oder: ein Wiederherstellungscode").fill(codes[0])
    page.get_by_role("button", name="Bestätigen").click()
    expect(page.get_by_role("heading", name="Inhalte pflegen")).to_be_visible()
    expect(page.get_by_text("Sie haben einen Wiederherstellungscode verwendet")).to_be_visible()

    # The office's page of accounts: a colleague's lost phone is reset with one button.
    from django.contrib.auth import get_user_model
    from django_otp.plugins.otp_totp.models import TOTPDevice

    colleague = get_user_model().objects.create_user("kollegin", password=PASSWORD, is_staff=True)
    TOTPDevice.objects.create(user=colleague, name="Authenticator-App")
    page.get_by_role("link", name="Zweiter Faktor").click()
    expect(page.get_by_role("heading", name="Zweiter Faktor der Konten")).to_be_visible()
    no_axe_violations(site, axe_summary, "/verwaltung/zweiter-faktor/")
    screenshot(page, "zweiter-faktor-konten")
    page.get_by_role("button", name="Zweiten Faktor von kollegin zurücksetzen").click()
    expect(page.locator(".messagelist .success")).to_contain_text("kollegin")
    assert not TOTPDevice.objects.filter(user=colleague).exists()
