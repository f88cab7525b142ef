"""The query parameters of the HSDS API, read strictly: a value that means nothing is
answered with 400 and a sentence saying which parameter and why, never guessed at."""

import datetime
import uuid

from django.utils.translation import gettext as _

from institutions.models import Municipality, Service
from widunetz.identifiers import keys_of

PER_PAGE = 50
MOST_PER_PAGE = 100
# A database takes no offset beyond 64 bits; no list here has a million pages.
MOST_PAGES = 1_000_000
TRUE, FALSE = {"true", "1", "yes"}, {"false", "0", "no", ""}
# What a list reads; any other parameter is ignored (and no answer is kept for it).
NAMES = (
    *("page", "per_page", "search", "full", "full_service", "municipality"),
    *("organization_id", "taxonomy_term_id", "taxonomy_id", "modified_after"),
    *("parent_id", "top_only"),
)


class Problem(Exception):
    """An answer other than the object asked for: ``status`` and a sentence for people."""

    def __init__(self, status, message):
        super().__init__(message)
        self.status = status
        self.message = message


def whole_number(request, name, default, lowest, highest=None):
    text = request.GET.get(name)
    if text is None:
        return default
    try:
        number = int(text)
    except ValueError:
        number = None
    if number is None or number < lowest or (highest is not None and number > highest):
        limit = f"{lowest}–{highest}" if highest else _("ab %(n)s") % {"n": lowest}
        raise Problem(
            400,
            _("„%(name)s“ muss eine ganze Zahl sein (%(limit)s).") % {"name": name, "limit": limit},
        )
    return number


def boolean(request, name):
    text = request.GET.get(name, "").lower()
    if text in TRUE:
        return True
    if text in FALSE:
        return False
    raise Problem(400, _("„%(name)s“ ist true oder false.") % {"name": name})


def moment(request, name):
    """A date-time (ISO 8601; without an offset: UTC) or a date (its midnight in UTC)."""
    text = request.GET.get(name)
    if text is None:
        return None
    try:
        value = datetime.datetime.fromisoformat(text)
        value = value if value.tzinfo else value.replace(tzinfo=datetime.UTC)
        return value.astimezone(datetime.UTC)
    except (ValueError, OverflowError):
        raise Problem(
            400,
            _("„%(name)s“ ist ein Zeitpunkt nach ISO 8601, z. B. 2026-12-01T08:00:00Z.")
            % {"name": name},
        ) from None


def uuid_keys(request, name, kind, arity=1):
    """The keys of the UUID in parameter ``name``; 400 if it is none of ``kind``."""
    text = request.GET.get(name)
    if text is None:
        return None
    try:
        uuid.UUID(text)
    except ValueError:
        raise Problem(400, _("„%(name)s“ ist keine UUID.") % {"name": name}) from None
    keys = keys_of(text, kind, arity)
    if keys is None:
        raise Problem(400, _("„%(name)s“ nennt nichts in diesem Verzeichnis.") % {"name": name})
    return keys


class Parameters:
    """What a request asks for, read from its query string."""

    def __init__(self, request):
        self.page = whole_number(request, "page", 1, 1, MOST_PAGES)
        self.per_page = whole_number(request, "per_page", PER_PAGE, 1, MOST_PER_PAGE)
        self.search = request.GET.get("search", "").strip()
        self.full = boolean(request, "full")
        self.full_service = boolean(request, "full_service")
        self.top_only = boolean(request, "top_only")
        self.modified_after = moment(request, "modified_after")
        organization = uuid_keys(request, "organization_id", "organization")
        self.organization = organization and organization[0]
        self.taxonomy = uuid_keys(request, "taxonomy_id", "taxonomy")
        if self.taxonomy not in (None, (1,)):
            raise Problem(400, _("Dieses Verzeichnis hat nur eine Taxonomie."))
        self.parent = uuid_keys(request, "parent_id", "taxonomy_term")
        self.topic = self.named_topic(request)
        self.municipality = self.named_municipality(request)

    @staticmethod
    def named_topic(request):
        keys = uuid_keys(request, "taxonomy_term_id", "taxonomy_term")
        if keys is None:
            return None
        topic = Service.objects.filter(pk=keys[0]).first()
        if topic is None:
            raise Problem(400, _("„taxonomy_term_id“ nennt kein Thema dieses Verzeichnisses."))
        return topic

    @staticmethod
    def named_municipality(request):
        slug = request.GET.get("municipality")
        if slug is None:
            return None
        municipality = Municipality.objects.filter(slug=slug).first()
        if municipality is None:
            raise Problem(
                400,
                _("„municipality“ ist der Kurzname einer Stadt oder Gemeinde, z. B. loehne."),
            )
        return municipality
