"""This API's own OpenAPI document, derived from HSDS 3.0's ``openapi.json``.

HSDS's document points its responses to the schemas on raw.githubusercontent.com;
this one carries them along under ``components.schemas`` (from the copy in
``schema/``, CC BY-SA 4.0), so a client needs nothing but this document. It adds
what this API does besides: the ``municipality`` filter, the limits of ``page``
and ``per_page``, and the JSON errors (400, 404, 429). The parameters this API
does not offer (``format``, ``minimal``, ``postcode``, ``proximity``) are left out.
"""

import copy
import functools
import json
from pathlib import Path

from django.urls import reverse

from .parameters import MOST_PAGES, MOST_PER_PAGE

SCHEMAS = Path(__file__).resolve().parent / "schema"
UPSTREAM = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/"
# The compiled objects HSDS's paths name, as the components that describe them here.
COMPILED = {
    "compiled/service.json": "service",
    "compiled/service_list.json": "service_list",
    "compiled/organization.json": "organization_full",
    "compiled/organization_list.json": "organization_list",
    "compiled/service_at_location.json": "service_at_location_full",
    "compiled/service_at_location_list.json": "service_at_location_list",
}
LEFT_OUT = {"format", "minimal", "postcode", "proximity"}
ERROR = {
    "type": "object",
    "required": ["status", "error"],
    "properties": {"status": {"type": "integer"}, "error": {"type": "string"}},
}
# The site refuses control characters in a query string (widunetz.middleware).
PRINTABLE = "^[^\\u0000-\\u001f\\u007f]*$"
MUNICIPALITY = {
    "name": "municipality",
    "in": "query",
    "required": False,
    "description": "Only what residents of this town in Kreis Herford may turn to, by its "
    "short name in the directory's addresses (e.g. loehne, vlotho).",
    "schema": {"type": "string", "pattern": PRINTABLE},
}


def path():
    return reverse("hsds:openapi")


def load(name):
    return json.loads((SCHEMAS / name).read_text(encoding="utf-8"))


def local_refs(node):
    """``node`` with every ``$ref`` to an HSDS file turned into one to its component."""
    if isinstance(node, list):
        return [local_refs(item) for item in node]
    if not isinstance(node, dict):
        return node
    found = {key: local_refs(value) for key, value in node.items()}
    target = found.get("$ref", "")
    if target.endswith(".json"):
        name = target.removeprefix(UPSTREAM)
        found["$ref"] = "#/components/schemas/" + COMPILED.get(name, Path(name).stem)
    return found


def components():
    schemas = {
        file.stem: local_refs(load(file.name))
        for file in sorted(SCHEMAS.glob("*.json"))
        if file.name != "openapi.json"
    }
    for name in ("service_list", "organization_list", "service_at_location_list"):
        schemas[name] = load(f"compiled/{name}.json")
    service = {"$ref": "#/components/schemas/service"}
    schemas["organization_full"] = copy.deepcopy(schemas["organization"])
    schemas["organization_full"]["properties"]["services"] = {"type": "array", "items": service}
    schemas["service_at_location_full"] = copy.deepcopy(schemas["service_at_location"])
    schemas["service_at_location_full"]["properties"]["service"] = service
    schemas["Error"] = ERROR
    return schemas


def operation(route, method):
    """One path's GET with this API's parameters and answers."""
    parameters = [
        parameter
        for parameter in method.get("parameters", [])
        if parameter.get("$ref", "").rpartition("/")[2] not in LEFT_OUT
    ]
    for parameter in parameters:
        if parameter.get("schema", {}).get("type") == "string":
            parameter["schema"]["pattern"] = PRINTABLE
    if route in ("/services", "/service_at_locations", "/organizations"):
        parameters.append(MUNICIPALITY)
    method["parameters"] = parameters
    error = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
    method["responses"] |= {
        "400": {"description": "A parameter means nothing here.", **error},
        "429": {"description": "Too many requests from this client; try again.", **error},
    }
    if "{id}" in route:
        method["responses"]["404"] = {"description": "No such object.", **error}
    return method


@functools.cache
def document():
    upstream = local_refs(load("openapi.json"))
    paths = {route: copy.deepcopy(item) for route, item in upstream["paths"].items()}
    for route, item in paths.items():
        item["get"] = operation(route, item["get"])
    # HSDS's document names the full service here; the object is a service_at_location.
    answer = paths["/service_at_locations/{id}"]["get"]["responses"]["200"]
    answer["content"]["application/json"]["schema"] = {
        "$ref": "#/components/schemas/service_at_location_full"
    }
    parameters = upstream["components"]["parameters"]
    parameters["page"]["schema"] |= {"minimum": 1, "maximum": MOST_PAGES}
    parameters["per_page"]["schema"] |= {"minimum": 1, "maximum": MOST_PER_PAGE}
    parameters["modified_after"]["schema"]["format"] = "date-time"
    for name in LEFT_OUT:
        parameters.pop(name)
    for parameter in parameters.values():
        if parameter["schema"].get("type") == "string":
            parameter["schema"]["pattern"] = PRINTABLE
    return {
        "openapi": upstream["openapi"],
        "info": {
            "title": "widunetz – Open Referral HSDS API",
            "version": "1.0",
            "summary": "The public directory of the integration network in Kreis Herford.",
            "description": "Organizations, services, their places, hours, languages and "
            "public contacts, read-only, in German. Each response follows the HSDS 3.0 "
            "schemas. Open data under the licence named here, which the office chooses.",
            # The office's choice, filled in for each answer (views.openapi_document).
            "license": {"name": "", "url": ""},
        },
        "jsonSchemaDialect": upstream["jsonSchemaDialect"],
        "servers": [{"url": path().rpartition("/")[0]}],
        "paths": paths,
        "components": {"schemas": components(), "parameters": parameters},
    }
