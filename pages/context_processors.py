from django.conf import settings
from django.utils.translation import gettext_lazy as _

from widunetz.links import reverse_name

NAVIGATION = [
    ("members:member-list", _("Mitglieder")),
    ("institutions:institution-list", _("Institutionen")),
    ("institutions:municipality-list", _("Städte und Gemeinden")),
    ("members:workinggroup-list", _("Arbeitskreise")),
    ("members:termin-list", _("Termine")),
    ("pages:network", _("Das Netzwerk")),
    ("pages:timeline", _("Chronik")),
]
FOOTER = [
    ("pages:impressum", _("Impressum")),
    ("pages:datenschutz", _("Datenschutz")),
    ("pages:barrierefreiheit", _("Barrierefreiheit")),
    ("pages:easy-language", _("Leichte Sprache")),
    ("pages:daten", _("Offene Daten")),
]


def _links(entries, path):
    links = []
    for name, label in entries:
        url = reverse_name(name)
        links.append({"url": url, "label": label, "current": path.startswith(url)})
    return links


def navigation(request):
    """Header and footer links, with the current section marked for aria-current."""
    return {
        "main_navigation": _links(NAVIGATION, request.path),
        "footer_navigation": _links(FOOTER, request.path),
    }


def demo(request):
    """Whether this is `make demo`'s site of invented people (its banner on every page)."""
    return {"demo": settings.WIDUNETZ_DEMO}
