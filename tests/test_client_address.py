"""Behind a reverse proxy each visitor keeps their own address; nobody can forge one."""

import pytest
from axes.helpers import get_client_ip_address
from django.test import Client, RequestFactory
from django.urls import reverse

from pages.models import Feedback
from widunetz import ratelimit
from widunetz.client import client_address

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.2"
FEEDBACK = reverse("pages:barrierefreiheit")
LOGIN = reverse("admin:login")
PASSWORD = "ein-langes-passwort-2026"  # the coordinator fixture's


def request_from(peer, forwarded_for=None):
    headers = {"x-forwarded-for": forwarded_for} if forwarded_for else {}
    return RequestFactory().get("/", REMOTE_ADDR=peer, headers=headers)


@pytest.mark.parametrize("proxies", [[], [PROXY]], ids=["no proxy", "another proxy"])
def test_a_forwarded_for_from_an_untrusted_peer_changes_nothing(settings, proxies):
    settings.TRUSTED_PROXIES = proxies
    plain = request_from("203.0.113.7")
    forged = request_from("203.0.113.7", "198.51.100.1")
    assert ratelimit.client_key(forged, "feedback") == ratelimit.client_key(plain, "feedback")
    assert get_client_ip_address(forged) == "203.0.113.7"


def test_behind_a_trusted_proxy_the_client_is_the_right_most_untrusted_address(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/24"]
    # The client forged the first entry; the second proxy appended what it saw.
    request = request_from(PROXY, "192.0.2.66, 198.51.100.9, 10.0.0.3")
    assert client_address(request) == get_client_ip_address(request) == "198.51.100.9"
    other = request_from(PROXY, "198.51.100.10")
    assert ratelimit.client_key(request, "x") != ratelimit.client_key(other, "x")


def test_garbage_from_a_trusted_proxy_falls_back_to_the_proxy(settings):
    settings.TRUSTED_PROXIES = [PROXY]
    assert client_address(request_from(PROXY, "198.51.100.9, not-an-address")) == PROXY
    assert client_address(request_from(PROXY)) == PROXY


def test_feedback_from_one_client_behind_the_proxy_does_not_block_another(settings, brochure):
    settings.TRUSTED_PROXIES = [PROXY]
    first = Client(REMOTE_ADDR=PROXY, headers={"x-forwarded-for": "198.51.100.1"})
    second = Client(REMOTE_ADDR=PROXY, headers={"x-forwarded-for": "198.51.100.2"})
    for n in range(5):
        assert first.post(FEEDBACK, {"message": f"Hinweis {n}"}).status_code == 302
    assert first.post(FEEDBACK, {"message": "Noch einer"}).status_code == 429
    assert second.post(FEEDBACK, {"message": "Meine erste"}).status_code == 302
    assert Feedback.objects.count() == 6


def login(client, password):
    return client.post(LOGIN, {"username": "koordination", "password": password})


def test_a_locked_out_login_is_per_client_behind_the_proxy(settings, coordinator):
    settings.TRUSTED_PROXIES = [PROXY]
    mistyping = Client(REMOTE_ADDR=PROXY, headers={"x-forwarded-for": "198.51.100.1"})
    colleague = Client(REMOTE_ADDR=PROXY, headers={"x-forwarded-for": "198.51.100.2"})
    for _ in range(5):
        login(mistyping, "falsch")
    assert login(mistyping, PASSWORD).status_code == 429
    assert login(colleague, PASSWORD).status_code == 302


def test_a_forged_forwarded_for_does_not_escape_the_lockout(coordinator):
    for n in range(5):
        login(Client(REMOTE_ADDR="203.0.113.7", headers={"x-forwarded-for": f"192.0.2.{n}"}), "x")
    guesser = Client(REMOTE_ADDR="203.0.113.7", headers={"x-forwarded-for": "192.0.2.99"})
    assert login(guesser, PASSWORD).status_code == 429
