"""The read-only HSDS 3.0 API at /api/hsds/: the directory for other systems to read.

Lists are HSDS's Page object (total_items, total_pages, page_number, size,
first_page, last_page, empty, contents); a single object answers with its nested
objects. Only public records and fields (pages.hsds.records).
"""

import math

from django.db.models import Q
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from institutions.models import Location, Service
from pages.opendata_models import DataLicence
from widunetz.identifiers import keys_of

from . import mapping, openapi
from .nested import Builder
from .records import (
    Related,
    edited_since,
    institutions,
    offers,
    service_at_location_triples,
    service_pairs,
)
from .responses import Problem, api_view, site, today

HSDS_VERSION = "3.0"
PROFILE = "https://github.com/openreferral/specification/tree/3.0"


def page_of(rows, parameters, make):
    """HSDS's Page of ``rows`` (a queryset or list); ``make`` turns a page's rows into objects."""
    total = len(rows) if isinstance(rows, list) else rows.count()
    pages = math.ceil(total / parameters.per_page)
    start = (parameters.page - 1) * parameters.per_page
    contents = make(list(rows[start : start + parameters.per_page])) if start < total else []
    return {
        "total_items": total,
        "total_pages": pages,
        "page_number": parameters.page,
        "size": len(contents),
        "first_page": parameters.page == 1,
        "last_page": parameters.page >= pages,
        "empty": not contents,
        "contents": contents,
    }


def filtered_institutions(parameters):
    rows = institutions()
    if parameters.search:
        rows = rows.search(parameters.search)
    if parameters.organization is not None:
        rows = rows.filter(pk=parameters.organization)
    if parameters.municipality is not None:
        rows = rows.for_municipality(parameters.municipality)
    if parameters.modified_after is not None:
        rows = rows.filter(edited_since(parameters.modified_after))
    return rows


def not_found(kind):
    return Problem(404, _("Unter dieser Kennung gibt es kein Objekt „%(kind)s“.") % {"kind": kind})


@api_view
def root(request, parameters):
    return {
        "version": HSDS_VERSION,
        "profile": PROFILE,
        "openapi_url": request.build_absolute_uri(openapi.path()),
    }


@api_view
def organization_list(request, parameters):
    rows = filtered_institutions(parameters).order_by("sort_name", "pk")
    if parameters.topic is not None:
        rows = rows.offering(parameters.topic)

    def make(found):
        ids = [institution.pk for institution in found]
        builder = Builder(Related(ids, today=today(), full=parameters.full), site(request))
        by_id = builder.related.institutions
        return [
            builder.organization(
                by_id[institution.pk], full=parameters.full, full_service=parameters.full_service
            )
            for institution in found
        ]

    return page_of(rows.only("pk"), parameters, make)


@api_view
def organization_detail(request, parameters, id):
    keys = keys_of(id, "organization")
    institution = keys and institutions().filter(pk=keys[0]).first()
    if not institution:
        raise not_found("organization")
    builder = Builder(Related([institution.pk], today=today()), site(request))
    found = builder.related.institutions[institution.pk]
    return builder.organization(found, full=True, full_service=parameters.full_service)


@api_view
def service_list(request, parameters):
    pairs = service_pairs(filtered_institutions(parameters), parameters.topic)

    def make(found):
        related = Related({pk for pk, _topic in found}, today=today(), full=parameters.full)
        builder = Builder(related, site(request))
        topics = Service.objects.in_bulk({topic for _pk, topic in found if topic})
        return [
            builder.service(related.institutions[pk], topics.get(topic), full=parameters.full)
            for pk, topic in found
        ]

    return page_of(pairs, parameters, make)


def offered(request, id, kind, count):
    """What the id of a ``service`` or ``service_at_location`` names: its builder, public
    institution, topic (None: the institution's one service) and keys; else the 404."""
    keys = keys_of(id, kind, count)
    if not keys or not institutions().filter(pk=keys[0]).exists():
        raise not_found(kind)
    builder = Builder(Related([keys[0]], today=today()), site(request))
    institution = builder.related.institutions[keys[0]]
    topic = offers(institution, keys[1])
    if topic is False:
        raise not_found(kind)
    return builder, institution, topic, keys


@api_view
def service_detail(request, parameters, id):
    builder, institution, topic, _keys = offered(request, id, "service", 2)
    return builder.service(institution, topic, full=True)


@api_view
def service_at_location_list(request, parameters):
    rows = filtered_institutions(parameters)
    triples = service_at_location_triples(rows, parameters.topic, parameters.municipality)

    def make(found):
        related = Related({pk for pk, _t, _l in found}, today=today(), full=parameters.full)
        builder = Builder(related, site(request))
        topics = Service.objects.in_bulk({topic for _pk, topic, _l in found if topic})
        places = Location.objects.select_related("municipality").in_bulk({p for *_k, p in found})
        return [
            builder.service_at_location(
                related.institutions[pk], topics.get(topic), places[place], full=parameters.full
            )
            for pk, topic, place in found
        ]

    return page_of(triples, parameters, make)


@api_view
def service_at_location_detail(request, parameters, id):
    builder, institution, topic, keys = offered(request, id, "service_at_location", 3)
    places = {place.pk: place for place in builder.related.visited_places(institution)}
    if keys[2] not in places:
        raise not_found("service_at_location")
    return builder.service_at_location(institution, topic, places[keys[2]], full=True)


@api_view
def taxonomy_list(request, parameters):
    found = [mapping.taxonomy(site(request))]
    words = parameters.search.casefold()
    found = [row for row in found if words in f"{row['name']} {row['description']}".casefold()]
    return page_of(found, parameters, lambda rows: rows)


@api_view
def taxonomy_detail(request, parameters, id):
    if keys_of(id, "taxonomy") != (1,):
        raise not_found("taxonomy")
    return mapping.taxonomy(site(request))


@api_view
def taxonomy_term_list(request, parameters):
    topics = Service.objects.all()
    if parameters.search:
        words = parameters.search
        topics = topics.filter(
            Q(name__icontains=words) | Q(slug__icontains=words) | Q(explanation__icontains=words)
        )
    if parameters.parent is not None:  # the topics are one level, no term has a parent
        topics = topics.none()
    return page_of(topics, parameters, lambda rows: [mapping.taxonomy_term(t) for t in rows])


@api_view
def taxonomy_term_detail(request, parameters, id):
    keys = keys_of(id, "taxonomy_term")
    topic = keys and Service.objects.filter(pk=keys[0]).first()
    if not topic:
        raise not_found("taxonomy_term")
    return mapping.taxonomy_term(topic)


@api_view
def openapi_document(request, parameters):
    document, licence = openapi.document(), DataLicence.current()
    # The licence the office chose in the admin, as /daten/ and the package name it.
    info = {**document["info"], "license": {"name": str(licence), "url": licence.url}}
    return {**document, "info": info}


@csrf_exempt
def nowhere(request, rest=""):
    """Any other address under /api/hsds/: a JSON 404, as the API's own answers."""
    message = _("Diese Adresse gibt es in der API nicht.")
    return JsonResponse({"status": 404, "error": message}, status=404)
