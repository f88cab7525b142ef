"""Links that do not work, and input that must not break the page: altered, truncated,
expired or reused links, entries deleted since, tokens this site never made, broken
and oversized proposals. Each gets a clear page in the reader's language, never a 500."""

import time

import pytest
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from members.models import ChangeRequest
from tests import test_confirmation
from tests.test_confirmation import mailed_link, person, proposal, request_for

pytestmark = pytest.mark.django_db

# The SMTP server on loopback the confirmation tests start.
mailbox = test_confirmation.mailbox


@pytest.mark.parametrize(
    "spoil",
    [
        lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"),  # altered signature
        lambda token: token[: len(token) // 2],  # truncated
        lambda token: "x" + token,  # altered content
        lambda token: "nonsense",
    ],
)
def test_an_altered_or_truncated_link_is_refused_with_a_clear_page(client, mailbox, spoil):
    erika = person()
    token = request_for(erika).token()
    response = client.get(reverse("members:confirm", args=[spoil(token)]))
    assert response.status_code == 400
    assert "Dieser Link ist ungültig" in response.text
    assert client.post(reverse("members:confirm", args=[spoil(token)]), {"choice": "confirm"})
    erika.refresh_from_db()
    assert erika.verified_on is None


def test_a_forged_request_number_is_refused(client, mailbox):
    erika = person()
    request = request_for(erika)
    forged = signing.dumps({"r": request.pk, "n": "guessed"}, salt="some-other-salt")
    assert client.get(reverse("members:confirm", args=[forged])).status_code == 400


def test_a_link_older_than_30_days_has_expired(client, mailbox, monkeypatch):
    erika = person()
    request = request_for(erika)
    sent_31_days_ago = signing.b62_encode(int(time.time()) - 31 * 86400)
    monkeypatch.setattr(signing.TimestampSigner, "timestamp", lambda self: sent_31_days_ago)
    old_token = request.token()
    monkeypatch.undo()

    response = client.get(reverse("members:confirm", args=[old_token]), HTTP_ACCEPT_LANGUAGE="de")
    assert response.status_code == 410
    assert "abgelaufen" in response.text
    english = client.get("/en" + reverse("members:confirm", args=[old_token]))
    assert english.status_code == 410 and 'lang="en"' in english.text


def test_a_link_for_an_entry_deleted_since_says_so(client, mailbox):
    erika = person()
    path = mailed_link(mailbox)
    erika.delete()
    response = client.get(path)
    assert response.status_code == 404
    assert "gelöscht" in response.text


@pytest.mark.parametrize(
    "token",
    [
        "a" * 5000,
        ":",
        "a:b:c",
        "..",
        "%E2%80%AE",
        signing.dumps("just text", salt="members.confirmation"),
        signing.dumps({"r": "x", "n": 1}, salt="members.confirmation"),
        signing.dumps({"r": [1], "n": {"a": 1}}, salt="members.confirmation"),
        signing.dumps([1, 2], salt="members.confirmation"),
        signing.dumps({"r": 10**30, "n": "x"}, salt="members.confirmation"),
        signing.dumps({"r": -1, "n": "x\x00"}, salt="members.confirmation"),
    ],
    # By position: a signed token holds the second it was made, and both xdist workers
    # must collect the same test names.
    ids=lambda token: None if len(token) < 40 else "long",
)
def test_no_token_however_made_breaks_the_page(client, token):
    for prefix in ("", "/ar"):
        response = client.get(prefix + f"/bestaetigen/{token}/")
        assert response.status_code in (400, 404), (prefix, token[:40])
        post = client.post(prefix + f"/bestaetigen/{token}/", {"choice": "confirm"})
        assert post.status_code in (400, 404)


def test_a_refused_link_is_explained_in_the_readers_language(client):
    response = client.get("/ar/bestaetigen/nonsense/")
    assert response.status_code == 400 and 'dir="rtl"' in response.text


@pytest.mark.parametrize(
    "data",
    [
        {"choice": "change"},  # no management forms
        {"choice": "something"},
        {},
        proposal(function="x" * 100_000),
        proposal(**{"phones-TOTAL_FORMS": "100000"}),
        proposal(**{"hours-TOTAL_FORMS": "1", "hours-0-weekday": "9", "hours-0-starts": "9"}),
    ],
)
def test_a_broken_or_oversized_proposal_is_refused_and_the_link_stays_usable(client, mailbox, data):
    erika = person()
    path = mailed_link(mailbox)
    response = client.post(path, data)
    assert response.status_code == 400
    assert not ChangeRequest.objects.exists()
    assert client.post(path, {"choice": "confirm"}).status_code == 200
    erika.refresh_from_db()
    assert erika.verified_on == timezone.localdate()
