"""The read-only HSDS 3.0 API: every answer follows the HSDS schemas, only public data."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from institutions.models import Service
from tests import factories
from tests.hsds import errors, full_service, get_json, rich_network, service_id
from widunetz.identifiers import identifier

pytestmark = pytest.mark.django_db

# Each list, the schema of its objects, and the detail endpoint of each object.
LISTS = {
    "hsds:organization-list": ("compiled/organization_list.json", "hsds:organization-detail"),
    "hsds:service-list": ("compiled/service_list.json", "hsds:service-detail"),
    "hsds:service-at-location-list": (
        "compiled/service_at_location_list.json",
        "hsds:service-at-location-detail",
    ),
    "hsds:taxonomy-list": ("taxonomy.json", "hsds:taxonomy-detail"),
    "hsds:taxonomy-term-list": ("taxonomy_term.json", "hsds:taxonomy-term-detail"),
}
# A single object, and a list with full=true, as its full (compiled) object.
FULL = {
    "hsds:organization-detail": "compiled/organization.json",
    "hsds:service-detail": "compiled/service.json",
    "hsds:service-at-location-detail": "compiled/service_at_location.json",
    "hsds:taxonomy-detail": "taxonomy.json",
    "hsds:taxonomy-term-detail": "taxonomy_term.json",
}


def assert_valid(data, schema, page=False):
    assert errors(data, schema, page) == [], json.dumps(data, ensure_ascii=False)[:2000]


def crawl(client, alone=None):
    """Every page of every list, in short and in full, and the first ``alone`` objects
    of each (None: all) alone, each checked against its HSDS schema; all that was
    answered, as text."""
    seen = []
    for name, (schema, detail) in LISTS.items():
        url = reverse(name)
        page = get_json(client, url, per_page=100)
        assert_valid(page, schema, page=True)
        full = get_json(client, url, per_page=100, full="true", full_service="true")
        assert_valid(full, FULL[detail], page=True)
        assert page["total_items"] == full["total_items"]
        for number in range(2, page["total_pages"] + 1):
            assert_valid(get_json(client, url, per_page=100, page=number), schema, page=True)
        for item in page["contents"][:alone]:
            found = get_json(client, reverse(detail, args=[item["id"]]))
            assert_valid(found, FULL[detail])
            seen.append(json.dumps(found, ensure_ascii=False))
        seen += [json.dumps(page, ensure_ascii=False), json.dumps(full, ensure_ascii=False)]
    return "\n".join(seen)


def test_every_endpoint_answers_hsds_with_the_brochure(client, brochure):
    root = get_json(client, reverse("hsds:root"))
    assert root["version"] == "3.0"
    assert root["openapi_url"].endswith(reverse("hsds:openapi"))
    text = crawl(client, alone=5)
    assert "Kommunales Integrationszentrum" in text or "Integrationszentrum" in text


@pytest.fixture
def network(db):
    return rich_network()


def test_every_endpoint_answers_hsds_with_every_field_filled(client, network):
    text = crawl(client)
    assert "Verborgene" not in text and "Geheim" not in text
    assert "0221 4710 999" not in text and "+492214710999" not in text


def test_a_tester_validates_the_services_of_loehne_against_the_hsds_schema(client, network):
    """The issue's "done when": /api/hsds/services?municipality=loehne is valid HSDS."""
    url = "/api/hsds/services?municipality=loehne"
    page = get_json(client, url)
    assert_valid(page, "compiled/service_list.json", page=True)
    assert_valid(get_json(client, url, full="true"), "compiled/service.json", page=True)
    names = {service["name"] for service in page["contents"]}
    assert any("Jugendmigrationsdienst" in name for name in names)
    assert any("Kreis-Integrationszentrum" in name for name in names)  # county-wide
    assert "Nachbarschaftstreff" not in names  # Vlotho only
    assert "Diakonisches Werk" in names  # no topic: one service named after it


def test_filters_by_topic_organization_search_and_page(client, network):
    jmd = Service.objects.get(slug="jmd")
    url = reverse("hsds:service-list")
    by_topic = get_json(client, url, taxonomy_term_id=str(identifier("taxonomy_term", jmd.pk)))
    assert [s["id"] for s in by_topic["contents"]] == [service_id(network["unit"], jmd)]
    by_organization = get_json(
        client, url, organization_id=str(identifier("organization", network["unit"].pk))
    )
    assert by_organization["total_items"] == 2
    assert get_json(client, url, search="Nachbarschaft")["total_items"] == 1
    first = get_json(client, url, per_page=2)
    second = get_json(client, url, per_page=2, page=2)
    assert (first["first_page"], second["first_page"], first["total_pages"]) == (True, False, 3)
    assert not {s["id"] for s in first["contents"]} & {s["id"] for s in second["contents"]}
    beyond = get_json(client, url, per_page=2, page=9)
    assert (beyond["empty"], beyond["size"], beyond["contents"]) == (True, 0, [])


def test_modified_after_finds_what_was_edited_since(client, network):
    import reversion
    from django.utils import timezone

    before = timezone.now()
    url = reverse("hsds:organization-list")
    assert get_json(client, url, modified_after=before.isoformat())["total_items"] == 0
    with reversion.create_revision():
        network["person"].function = "Leitung"
        network["person"].save()
    edited = get_json(client, url, modified_after=before.isoformat())
    assert [o["name"] for o in edited["contents"]] == ["Jugendmigrationsdienst"]
    services = get_json(client, reverse("hsds:service-list"), modified_after=before.isoformat())
    assert all(s["last_modified"].endswith("Z") for s in services["contents"])


@pytest.mark.parametrize(
    "parameters",
    [
        {"per_page": "0"},
        {"per_page": "101"},
        {"page": "-1"},
        {"page": "zwei"},
        {"page": "99999999999999999999999"},
        {"modified_after": "yesterday"},
        {"full": "vielleicht"},
        {"organization_id": "not-a-uuid"},
        {"organization_id": "3fa85f64-5717-4562-b3fc-2c963f66afa6"},
        {"taxonomy_term_id": str(identifier("taxonomy_term", 999999))},
        {"municipality": "atlantis"},
    ],
)
def test_a_bad_parameter_is_answered_400_in_json(client, brochure, parameters):
    response = client.get(reverse("hsds:service-list"), parameters)
    assert response.status_code == 400
    assert response.json()["status"] == 400 and response.json()["error"]


@pytest.mark.parametrize(
    "name,value",
    [
        ("hsds:service-detail", "kein-uuid"),
        ("hsds:service-detail", str(identifier("service", 999999, 1))),
        ("hsds:service-detail", str(identifier("organization", 1))),
        ("hsds:organization-detail", "3fa85f64-5717-4562-b3fc-2c963f66afa6"),
        ("hsds:service-at-location-detail", str(identifier("service_at_location", 1, 1, 1))),
        ("hsds:taxonomy-detail", str(identifier("taxonomy", 2))),
        ("hsds:taxonomy-term-detail", str(identifier("taxonomy_term", 999999))),
        ("hsds:organization-detail", "\x00"),
    ],
)
def test_an_unknown_object_is_answered_404_in_json(client, brochure, name, value):
    response = client.get(reverse(name, args=[value]))
    assert response.status_code == 404
    assert response.json()["status"] == 404


def test_the_404_names_the_kind_of_object_in_plain_german(client, db):
    response = client.get(reverse("hsds:organization-detail", args=[identifier("organization", 9)]))
    assert response.json()["error"] == "Unter dieser Kennung gibt es kein Objekt „organization“."


def test_a_post_is_refused_405_in_json_not_with_the_csrf_page(db):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    for url in ["/api/hsds/services", "/api/hsds/nothing/here"]:
        response = browser.post(url, {"name": "x"})
        assert response["Content-Type"] == "application/json", url
    assert response.status_code == 404
    refused = browser.post("/api/hsds/services")
    assert (refused.status_code, refused["Allow"]) == (405, "GET, HEAD")


def test_a_nul_byte_in_a_parameter_is_refused_without_an_error_of_the_server(client, brochure):
    response = client.get("/api/hsds/services?search=a%00b")
    assert response.status_code == 400


def test_a_nul_byte_in_a_parameter_is_refused_in_json(client, db):
    response = client.get("/api/hsds/services?search=a%00b")
    assert response.json()["status"] == 400


def test_a_page_of_the_api_is_sent_compressed(client, brochure):
    import gzip

    response = client.get("/api/hsds/services?full=true", HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip"
    assert json.loads(gzip.decompress(response.content))["total_items"] > 0


def test_any_other_address_under_the_api_is_a_json_404(client, db):
    response = client.get("/api/hsds/nothing/here")
    assert (response.status_code, response.json()["status"]) == (404, 404)


def test_a_hidden_institution_and_its_services_are_not_found(client, network):
    secret = network["secret"]
    for name, value in [
        ("hsds:organization-detail", identifier("organization", secret.pk)),
        ("hsds:service-detail", identifier("service", secret.pk, 0)),
    ]:
        assert client.get(reverse(name, args=[str(value)])).status_code == 404


def test_a_repeat_is_answered_304_until_an_edit(client, network):
    url = reverse("hsds:service-list")
    first = client.get(url)
    etag, modified = first["ETag"], first["Last-Modified"]
    with CaptureQueriesContext(connection) as queries:
        again = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert (again.status_code, again["ETag"]) == (304, etag)
    assert not [q for q in queries if "institutions_" in q["sql"]]
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
    network["unit"].name = "Jugendmigrationsdienst Löhne"
    network["unit"].save()
    changed = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag
    assert "Jugendmigrationsdienst Löhne" in changed.content.decode()


def test_answers_are_kept_in_the_shared_cache_like_the_pages(
    client, network, settings, cache_in_memory, django_assert_num_queries
):
    settings.PAGE_CACHE_SECONDS = 600
    url = reverse("hsds:service-list")
    first = client.get(url, {"full": "true"})
    with django_assert_num_queries(0):
        again = client.get(url, {"full": "true"})
    assert again.content == first.content
    network["unit"].name = "Jugendmigrationsdienst Löhne"
    network["unit"].save()
    assert "Jugendmigrationsdienst Löhne" in client.get(url, {"full": "true"}).content.decode()


def test_cors_is_open_for_get_to_any_origin_without_credentials(client, db):
    response = client.get(reverse("hsds:root"), HTTP_ORIGIN="https://partner.example")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response
    preflight = client.options(
        reverse("hsds:service-list"),
        HTTP_ORIGIN="https://partner.example",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
    )
    assert preflight["Access-Control-Allow-Origin"] == "*"
    assert "GET" in preflight["Access-Control-Allow-Methods"]
    assert "Access-Control-Allow-Origin" not in client.get("/", HTTP_ORIGIN="https://x.example")


def test_too_many_requests_from_one_client_get_a_clear_429(client, db, settings):
    settings.HSDS_RATE_LIMIT = 3
    settings.TRUSTED_PROXIES = ["10.0.0.1"]
    url = reverse("hsds:taxonomy-list")
    behind_proxy = {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "198.51.100.7"}
    for _ in range(3):
        assert client.get(url, **behind_proxy).status_code == 200
    refused = client.get(url, **behind_proxy)
    assert refused.status_code == 429
    assert refused["Retry-After"] == "60"
    assert "Zu viele Anfragen" in refused.json()["error"]
    other = {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "198.51.100.8"}
    assert client.get(url, **other).status_code == 200


def more_institutions(count):
    mbe = Service.objects.get(slug="mbe")
    for n in range(count):
        institution = factories.institution(f"Beratung {n}", serves=["loehne"])
        institution.services.set([mbe])
        place = factories.location(institution)
        factories.add_phone(institution, "05221 13-0")
        factories.hour(institution, location=place)
        factories.member("Eva", f"Beraterin {n}", institution_obj=institution, phone="05221 13-1")


def queries_for(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


# Each list with every nested object it has, and the short list.
PAGES = [
    "/api/hsds/services?full=true&per_page=100",
    "/api/hsds/services?per_page=100",
    "/api/hsds/organizations?full=true&full_service=true&per_page=100",
    "/api/hsds/service_at_locations?full=true&per_page=100",
    "/api/hsds/taxonomy_terms?per_page=100",
]


def test_a_page_costs_the_same_queries_however_many_rows_it_holds(client, network, cache_in_memory):
    more_institutions(2)
    few = [queries_for(client, url) for url in PAGES]
    more_institutions(6)
    assert [queries_for(client, url) for url in PAGES] == few


def test_identifiers_survive_an_edit(client, network):
    unit, jmd = network["unit"], Service.objects.get(slug="jmd")
    before = full_service(client, unit, jmd)["id"]
    unit.name, unit.slug = "Neuer Name", "neuer-name"
    unit.save()
    jmd.name = "Jugendmigrationsdienste"
    jmd.save()
    assert full_service(client, unit, jmd)["id"] == before == service_id(unit, jmd)


def test_the_api_answers_in_german_whatever_the_browser_asks(client, network):
    url = reverse("hsds:service-detail", args=[service_id(network["unit"], None)])
    assert client.get(url).status_code == 404  # the unit has topics: no topic-less service
    url = reverse(
        "hsds:service-detail", args=[service_id(network["unit"], Service.objects.get(slug="mbe"))]
    )
    answer = client.get(url, HTTP_ACCEPT_LANGUAGE="en").json()
    assert "vor Ort" in {
        s["attending_type"] for p in answer["service_at_locations"] for s in p["schedules"]
    }


def test_the_openapi_document_is_served_with_the_municipality_parameter(client, db):
    document = get_json(client, reverse("hsds:openapi"))
    assert document["openapi"].startswith("3.1")
    names = [p.get("name") for p in document["paths"]["/services"]["get"]["parameters"]]
    assert "municipality" in names
    assert "raw.githubusercontent.com" not in json.dumps(document)


def test_the_openapi_document_names_the_licence_the_office_chose(client, db):
    from pages.opendata_models import DataLicence, Licence

    url = "/api/hsds/openapi.json"
    assert client.get(url).json()["info"]["license"]["url"] == "https://www.govdata.de/dl-de/by-2-0"
    DataLicence.objects.update_or_create(pk=1, defaults={"licence": Licence.CC_ZERO})
    license = client.get(url).json()["info"]["license"]
    assert license["url"] == "https://creativecommons.org/publicdomain/zero/1.0/"
    assert "Creative Commons Zero" in license["name"]
