"""Entries kept true by the people listed: confirmation requests and change requests.

A person or an institution gets a signed link by e-mail (members.confirmation);
through it they confirm their entry, propose a change, or withdraw a consent.
A proposal is a ChangeRequest, never a change: the office accepts it in the admin,
and only then does anything proposed reach a public page.
"""

import secrets

from django.conf import settings
from django.core import signing
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from institutions.models import Institution

TOKEN_SALT = "members.confirmation"
# A link is valid this long after it was sent (or last sent, for a reminder).
TOKEN_DAYS = 30


def new_nonce():
    return secrets.token_urlsafe(16)


class TargetQuerySet(models.QuerySet):
    def for_target(self, target):
        if isinstance(target, Institution):
            return self.filter(member__isnull=True, institution=target)
        return self.filter(member=target)


class TargetModel(models.Model):
    """A request about a person (``member``) or, without one, an institution.

    ``institution`` is always set (the person's, for a person): the partner editor's
    scope asks that one column (widunetz.roles), as on phones and hours.
    """

    member = models.ForeignKey(
        "members.Member",
        verbose_name=_("Person"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    institution = models.ForeignKey(
        Institution, verbose_name=_("Institution"), on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        abstract = True

    @property
    def target(self):
        return self.member if self.member_id else self.institution

    @target.setter
    def target(self, value):
        if isinstance(value, Institution):
            self.member, self.institution = None, value
        else:
            self.member, self.institution_id = value, value.institution_id

    @property
    def is_person(self):
        return self.member_id is not None


class ConfirmationRequestQuerySet(TargetQuerySet):
    def open(self):
        return self.filter(used=False)

    def unsent(self):
        return self.open().filter(last_sent_at__isnull=True)


class ConfirmationRequest(TargetModel):
    """One personal link to confirm an entry; used once, valid TOKEN_DAYS after sending."""

    class Answer(models.TextChoices):
        CONFIRMED = "bestaetigt", _("bestätigt")
        CHANGES = "aenderungen", _("Änderungen vorgeschlagen")
        # The answer, not the button of the same words on the page behind the link.
        WITHDRAWN = "widerrufen", pgettext_lazy("answer", "Einwilligung widerrufen")

    # One address for a person; an institution's own and its Redaktion's, comma-separated.
    email = models.CharField(_("Empfänger"), max_length=1000)
    nonce = models.CharField(max_length=32, default=new_nonce, editable=False, unique=True)
    created_at = models.DateTimeField(_("angelegt"), auto_now_add=True)
    sent_at = models.DateTimeField(_("zuerst versandt"), null=True, blank=True)
    last_sent_at = models.DateTimeField(_("zuletzt versandt"), null=True, blank=True)
    reminders_sent = models.PositiveSmallIntegerField(_("Erinnerungen"), default=0)
    send_error = models.CharField(_("Fehler beim Versand"), max_length=300, blank=True)
    answered_at = models.DateTimeField(_("beantwortet"), null=True, blank=True)
    answer = models.CharField(_("Antwort"), max_length=12, choices=Answer.choices, blank=True)
    used = models.BooleanField(_("Link verwendet"), default=False)

    objects = ConfirmationRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("Bestätigungsanfrage")
        verbose_name_plural = _("Bestätigungsanfragen")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(used=False) | ~Q(answer=""), name="used_request_has_answer"
            ),
        ]

    def __str__(self):
        return f"{self.target} ({self.email})"

    def recipients(self):
        return [address.strip() for address in self.email.split(",") if address.strip()]

    def token(self):
        return signing.dumps({"r": self.pk, "n": self.nonce}, salt=TOKEN_SALT, compress=True)

    def link(self):
        from django.urls import reverse

        base = getattr(settings, "WIDUNETZ_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
        return base + reverse("members:confirm", args=[self.token()])


class ChangeRequest(TargetModel):
    """Changes proposed to a public entry, waiting for the office's decision."""

    class Source(models.TextChoices):
        LINK = "link", _("Bestätigungslink")
        READER = "leser", _("Hinweis von Lesenden")
        EDITOR = "redaktion", _("Redaktion")

    class Status(models.TextChoices):
        OPEN = "offen", _("offen")
        ACCEPTED = "angenommen", _("angenommen")
        REJECTED = "abgelehnt", _("abgelehnt")

    source = models.CharField(_("Herkunft"), max_length=10, choices=Source.choices)
    confirmation = models.ForeignKey(
        ConfirmationRequest,
        verbose_name=_("Bestätigungsanfrage"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="change_requests",
    )
    proposed = models.JSONField(_("vorgeschlagene Angaben"), default=dict)
    previous = models.JSONField(_("Angaben zum Zeitpunkt des Vorschlags"), default=dict)
    # A reader's report says in words what is wrong; a proposal carries values instead.
    message = models.TextField(_("Hinweis"), max_length=2000, blank=True)
    sender_email = models.EmailField(_("E-Mail für eine Antwort"), blank=True)
    # A Redaktion account's proposal (Source.EDITOR) names its author.
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("eingereicht von"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(
        _("Status"), max_length=12, choices=Status.choices, default=Status.OPEN
    )
    decision_note = models.TextField(_("Begründung der Entscheidung"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entschieden von"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("entschieden am"), null=True, blank=True)
    created_at = models.DateTimeField(_("eingegangen"), auto_now_add=True)

    objects = TargetQuerySet.as_manager()

    class Meta:
        verbose_name = _("Änderungsvorschlag")
        verbose_name_plural = _("Änderungsvorschläge")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "created_at"], name="changerequest_status")]

    def __str__(self):
        return _("Änderungsvorschlag #%(pk)s zu %(target)s") % {
            "pk": self.pk,
            "target": self.target,
        }

    # The order the form asks in; PostgreSQL's jsonb keeps no order of its own.
    FIELD_ORDER = ("function", "email", "website", "languages", "phones", "hours")

    def changed_fields(self):
        """The names whose proposed value differs from the value at the time, in the
        form's order."""
        changed = [
            name for name, value in self.proposed.items() if self.previous.get(name) != value
        ]
        return self.in_form_order(changed)

    @classmethod
    def in_form_order(cls, names):
        """``names`` sorted as the form shows them (jsonb keeps no order)."""
        order = {name: n for n, name in enumerate(cls.FIELD_ORDER)}
        return sorted(names, key=lambda name: (order.get(name, len(order)), name))
