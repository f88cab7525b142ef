"""The HSDS API against its own OpenAPI document, with schemathesis: requests made up
from the document's parameters never get a server error, and every answer (status,
content type, body) is one the document describes. In-process, through the WSGI app."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.hsds import rich_network

pytestmark = pytest.mark.django_db

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
# Each operation a few times: the suite runs twice in CI, on SQLite and PostgreSQL.
EXAMPLES = 12


@pytest.fixture
def api(db, settings):
    settings.ALLOWED_HOSTS = ["*"]
    settings.HSDS_RATE_LIMIT = 100_000
    rich_network()
    # As Django's test client: a request must not close the connection that holds the
    # test's transaction (PostgreSQL would lose the test's rows and answer 503).
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    # A handler of its own: the project's was built with the settings before the test's.
    yield schemathesis.openapi.from_wsgi("/api/hsds/openapi.json", get_wsgi_application())
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


def test_every_operation_answers_as_its_openapi_document_says(api):
    operations = [result.ok() for result in api.get_all_operations()]
    assert {operation.path for operation in operations} >= {
        "/",
        "/services",
        "/services/{id}",
        "/organizations",
        "/organizations/{id}",
        "/service_at_locations",
        "/service_at_locations/{id}",
        "/taxonomies",
        "/taxonomies/{id}",
        "/taxonomy_terms",
        "/taxonomy_terms/{id}",
    }
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def conforms(case):
            case.call_and_validate(checks=CHECKS)

        conforms()
