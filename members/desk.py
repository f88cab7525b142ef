"""The people's lines on the office's desk (institutions.desk): never confirmed,
confirmed more than 12 months ago, consents older than the office's period.

The consent period is ``WIDUNETZ_CONSENT_REVIEW_MONTHS`` (24 unless set): a
consent is no reason to publish someone for ever, so the office asks again once
it is that old. The operator sets it in the environment (widunetz.settings).

Confirmation requests, change requests and reader reports add their lines here
with ``register(DeskItem(...))`` next to these.
"""

from django.conf import settings
from django.contrib import admin
from django.db.models import Q
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from institutions.desk import DeskItem, freshness_items, register
from institutions.freshness import (
    months_before,
    today,
)

from .models import ChangeRequest, ConfirmationRequest, Member


def consent_review_months():
    """How long a consent stands before the office asks again (settings, from the
    environment's WIDUNETZ_CONSENT_REVIEW_MONTHS)."""
    return settings.WIDUNETZ_CONSENT_REVIEW_MONTHS


def consent_review_due_on_or_before(on=None):
    """The last consent date that is due for renewal on ``on`` (default: today)."""
    return months_before(on or today(), consent_review_months())


def old_consent_condition(on=None):
    return Q(
        publication_basis=Member.Basis.CONSENT,
        consent_date__lte=consent_review_due_on_or_before(on),
    )


def consent_label():
    months = consent_review_months()
    return gettext("Personen: Einwilligung älter als %(months)s Monate") % {"months": months}


class OldConsentListFilter(admin.SimpleListFilter):
    """People published on a consent older than the office's period."""

    title = _("Einwilligung")
    parameter_name = "einwilligung"
    OLD = "alt"

    def lookups(self, request, model_admin):
        months = consent_review_months()
        return [(self.OLD, gettext("älter als %(months)s Monate") % {"months": months})]

    def queryset(self, request, queryset):
        if self.value() == self.OLD:
            return queryset.filter(old_consent_condition())
        return queryset


def old_consent_lookups():
    return {
        "publication_basis": Member.Basis.CONSENT,
        "consent_date__lte": consent_review_due_on_or_before().isoformat(),
    }


register(
    *freshness_items(
        Member,
        "personen",
        _("Personen: nie geprüft"),
        _("Personen: zuletzt geprüft vor mehr als 12 Monaten"),
    ),
    DeskItem(
        key="personen_einwilligung_aelter",
        label=lazy(consent_label, str)(),
        model=Member,
        rows=lambda: Member.objects.filter(old_consent_condition()),
        list_filter=(OldConsentListFilter, OldConsentListFilter.OLD),
        lookups=old_consent_lookups,
    ),
)


READER = ChangeRequest.Source.READER


def open_change_requests():
    return ChangeRequest.objects.filter(status=ChangeRequest.Status.OPEN)


def requests_unanswered():
    return ConfirmationRequest.objects.open().filter(last_sent_at__isnull=False)


register(
    DeskItem(
        key="anfragen_unbeantwortet",
        label=_("Bestätigungsanfragen: versandt, unbeantwortet"),
        model=ConfirmationRequest,
        rows=requests_unanswered,
        lookups=lambda: {"used__exact": "0", "last_sent_at__isnull": "False"},
    ),
    DeskItem(
        key="aenderungen_offen",
        label=_("Änderungsvorschläge: offen"),
        model=ChangeRequest,
        rows=lambda: open_change_requests().exclude(source=READER),
        lookups=lambda: {
            "status__exact": ChangeRequest.Status.OPEN,
            "source__in": ",".join(s for s in ChangeRequest.Source.values if s != READER),
        },
    ),
    DeskItem(
        key="hinweise_offen",
        label=_("Hinweise von Lesenden: offen"),
        model=ChangeRequest,
        rows=lambda: open_change_requests().filter(source=READER),
        lookups=lambda: {"status__exact": ChangeRequest.Status.OPEN, "source__exact": READER},
    ),
)
