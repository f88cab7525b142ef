"""Personal data is public only where the record says so, and kept no longer than promised."""

import datetime
import io
import zipfile
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.urls import resolve, reverse
from django.utils import timezone

from members.models import Member
from pages.models import Feedback
from tests import catalogue

pytestmark = pytest.mark.django_db

# Every public page in each of its states, the exports, and the sitemap.
PUBLIC_URLS = [
    *(url for page in catalogue.PAGES for url in page.urls()),
    *catalogue.MACHINE_ADDRESSES,
]


def text_of(response):
    """A page's text; of a ZIP (the HSDS tables), the text of every file in it."""
    if response["Content-Type"] == "application/zip":
        archive = zipfile.ZipFile(io.BytesIO(response.content))
        return "".join(archive.read(name).decode() for name in archive.namelist())
    return response.content.decode()


@pytest.fixture
def hidden_koehn(brochure):
    koehn = Member.objects.get(last_name="Köhn")
    koehn.is_public = False
    koehn.save()
    return koehn


@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_a_non_public_member_appears_on_no_public_page_export_search_or_sitemap(
    client, hidden_koehn, url
):
    response = client.get(url)
    # The API's addresses for what it does not have answer with their JSON 404.
    assert response.status_code == (404 if url in catalogue.NAMING_NOTHING else 200)
    assert "Köhn" not in text_of(response)


def test_every_kind_of_page_that_lists_people_shows_the_member_while_public(client, brochure):
    """So the test above checks pages that would show him, not only pages that never could."""
    showing = {
        resolve(urlsplit(url).path).view_name
        for url in PUBLIC_URLS
        if "Köhn" in text_of(client.get(url))
    }
    assert showing >= {
        "members:member-list",
        "members:member-export-csv",
        "members:member-export-vcf",
        "members:institution-detail",
        "members:municipality-detail",
        "members:workinggroup-detail",
        "pages:daten-hsds",
    }


# The HSDS API (pages.hsds), each list with every nested object, and Köhn's institution alone.
HSDS_LISTS = [
    f"/api/hsds/{name}?per_page=100&full=true&full_service=true"
    for name in ("organizations", "services", "service_at_locations")
]


def own_organization(member):
    from widunetz.identifiers import identifier

    return f"/api/hsds/organizations/{identifier('organization', member.institution_id)}"


def hsds_answers(client, member):
    for url in [*HSDS_LISTS, own_organization(member)]:
        response = client.get(url)
        assert response.status_code == 200, url
        yield url, response.content.decode()


def test_a_non_public_member_appears_nowhere_in_the_hsds_api(client, hidden_koehn):
    for url, text in hsds_answers(client, hidden_koehn):
        assert "Köhn" not in text, url


def test_the_hsds_api_names_the_member_while_public(client, brochure):
    """So the test above reads answers that would name him."""
    koehn = Member.objects.get(last_name="Köhn")
    naming = [url for url, text in hsds_answers(client, koehn) if "Köhn" in text]
    # The brochure has no places, so no service at a location to name him.
    assert naming == [HSDS_LISTS[0], HSDS_LISTS[1], own_organization(koehn)]


def test_a_non_public_member_is_not_found_by_any_search(client, hidden_koehn):
    # These pages repeat the query itself, so look at what they list.
    for query in ["Köhn", "koehn", "Peter Kohn"]:
        listed = client.get("/mitglieder/", {"q": query}).context["object_list"]
        assert list(listed) == []
        assert client.get("/suche/", {"q": query}).context["results"] == []


def test_the_public_directory_still_lists_the_others(client, hidden_koehn):
    assert "Schröder" in client.get("/gemeinden/loehne/").text


def test_a_member_can_only_be_public_with_a_legal_basis(brochure):
    from django.db import IntegrityError, transaction

    koehn = Member.objects.get(last_name="Köhn")
    koehn.publication_basis = ""
    with pytest.raises(IntegrityError), transaction.atomic():
        koehn.save()


def test_consent_as_legal_basis_needs_its_date(brochure):
    from django.core.exceptions import ValidationError

    koehn = Member.objects.get(last_name="Köhn")
    koehn.publication_basis = Member.Basis.CONSENT
    with pytest.raises(ValidationError):
        koehn.full_clean()
    koehn.consent_date = datetime.date(2026, 11, 1)
    koehn.full_clean()


def test_privacy_page_explains_cookies_logs_contact_data_feedback_retention_and_rights(
    client, brochure
):
    text = client.get(reverse("pages:datenschutz")).text
    for topic in [
        "keine Cookies",
        "Server-Protokolle",
        "dienstlichen Funktion",
        "Formular",
        "Wie lange wir Daten speichern",
        "Artikel 15 bis 21",
        "Aufsichtsbehörde",
        "Datenschutzbeauftragten ergänzt die Redaktion",
    ]:
        assert topic in text, topic


def test_expired_feedback_and_login_attempts_are_purged(brochure):
    from axes.models import AccessAttempt

    old = Feedback.objects.create(message="alt")
    Feedback.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=400)
    )
    recent = Feedback.objects.create(message="neu")
    attempt = AccessAttempt.objects.create(
        username="x", ip_address="10.0.0.1", failures_since_start=5
    )
    AccessAttempt.objects.filter(pk=attempt.pk).update(
        attempt_time=timezone.now() - datetime.timedelta(hours=1)
    )
    call_command("purge_expired_data", verbosity=0)
    assert list(Feedback.objects.all()) == [recent]
    assert not AccessAttempt.objects.exists()
