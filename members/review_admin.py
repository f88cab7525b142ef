"""The office's side of confirmation: sending requests, and the review queue.

A change request is decided on its own form (accept or reject, with a note) or
for several at once from the list. Partner editors see the requests about their
own institution and its people, read-only: deciding is the office's call.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _

from widunetz.roles import PartnerEditorScopeMixin, is_partner_editor

from .mails import recipients, request_confirmations, send_rejection, send_request
from .proposals import LABELS, accept, display_value, reject, snapshot
from .review import ChangeRequest, ConfirmationRequest


def send_confirmation_requests(model_admin, request, queryset):
    """An admin action on people or institutions: ask each with an e-mail to confirm."""
    with_email = [target for target in queryset.for_confirmation() if recipients(target)]
    results = request_confirmations(with_email).values()
    sent = sum(1 for action, ok in results if action and ok)
    failed = sum(1 for action, ok in results if action and not ok)
    skipped = len(queryset) - sent - failed
    if sent:
        model_admin.message_user(request, _("%(n)s Anfragen versandt.") % {"n": sent})
    if failed:
        model_admin.message_user(
            request,
            _(
                "%(n)s Anfragen konnten nicht versandt werden; sie sind gespeichert und "
                "werden beim nächsten Lauf erneut versandt."
            )
            % {"n": failed},
            messages.WARNING,
        )
    if skipped:
        model_admin.message_user(
            request,
            _("%(n)s ohne E-Mail-Adresse oder mit offener Anfrage übersprungen.") % {"n": skipped},
        )


send_confirmation_requests.short_description = _("Bestätigung der Angaben anfragen")


class OfficeActionsMixin:
    """Actions only the office may run."""

    office_actions = ()

    def get_actions(self, request, action_location=admin.ActionLocation.CHANGE_LIST):
        actions = super().get_actions(request, action_location=action_location)
        if is_partner_editor(request.user):
            for name in self.office_actions:
                actions.pop(name, None)
        return actions


class DeliveryFilter(admin.SimpleListFilter):
    title = _("Versand")
    parameter_name = "versand"

    def lookups(self, request, model_admin):
        return [
            ("fehler", _("nicht versandt (wird erneut versucht)")),
            ("offen", _("versandt, unbeantwortet")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "fehler":
            return queryset.open().filter(Q(last_sent_at__isnull=True) | ~Q(send_error=""))
        if self.value() == "offen":
            return queryset.open().filter(last_sent_at__isnull=False, send_error="")
        return queryset


# The lists fit 1280 px beside the admin's menu and filters: short columns, dates as
# 30.09.2026; the recipient, the error and the sender's address are on the form.
@admin.display(description=_("Eintrag"))
def entry(obj):
    return obj.target


@admin.display(description=_("Versandt"), ordering="sent_at")
def sent_on(obj):
    return obj.sent_at and date_format(localtime(obj.sent_at), "SHORT_DATE_FORMAT")


@admin.display(description=_("Fehler"), boolean=True)
def failed(obj):
    return bool(obj.send_error)


@admin.display(description=_("Eingegangen"), ordering="created_at")
def received_on(obj):
    return date_format(localtime(obj.created_at), "SHORT_DATE_FORMAT")


@admin.register(ConfirmationRequest)
class ConfirmationRequestAdmin(admin.ModelAdmin):
    list_display = [entry, sent_on, "reminders_sent", "answer", failed]
    list_filter = [DeliveryFilter, "answer", "used", "reminders_sent"]
    list_select_related = ["member", "institution"]
    search_fields = ["email", "member__last_name", "institution__name"]
    readonly_fields = [
        "member",
        "institution",
        "email",
        "created_at",
        "sent_at",
        "last_sent_at",
        "reminders_sent",
        "send_error",
        "answered_at",
        "answer",
        "used",
    ]
    actions = ["send_again"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Unbeantwortete Anfragen erneut versenden"))
    def send_again(self, request, queryset):
        sent = sum(send_request(confirmation) for confirmation in queryset.open())
        self.message_user(request, _("%(n)s Anfragen versandt.") % {"n": sent})


class DecisionForm(forms.ModelForm):
    decision = forms.ChoiceField(
        label=_("Entscheidung"),
        required=False,
        choices=[
            ("", _("noch offen")),
            ("accept", _("annehmen und übernehmen")),
            ("reject", _("ablehnen (die Begründung geht an den Absender)")),
        ],
    )

    class Meta:
        model = ChangeRequest
        fields = ["decision_note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.source == ChangeRequest.Source.READER:
            # A reader's report proposes no values: accepting it only marks it done.
            self.fields["decision"].choices = [
                ("", _("noch offen")),
                ("accept", _("erledigt")),
                ("reject", _("ablehnen (die Begründung geht an den Absender)")),
            ]


@admin.register(ChangeRequest)
class ChangeRequestAdmin(OfficeActionsMixin, PartnerEditorScopeMixin, admin.ModelAdmin):
    form = DecisionForm
    list_display = [entry, "source", "status", received_on]
    list_filter = ["status", "source"]
    list_select_related = ["member", "institution"]
    search_fields = ["member__last_name", "institution__name", "sender_email"]
    readonly_fields = ["target_link", "source", "author", "status", "message", "comparison"]
    readonly_fields += ["sender_email"]
    readonly_fields += ["created_at", "decided_by", "decided_at"]
    actions = ["accept_selected", "reject_selected"]
    office_actions = ("accept_selected", "reject_selected")

    def get_fields(self, request, obj=None):
        if self.has_change_permission(request, obj):
            return [*self.readonly_fields, "decision", "decision_note"]
        return [*self.readonly_fields, "decision_note"]

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not self.has_change_permission(request, obj):
            readonly.append("decision_note")
        return readonly

    def has_module_permission(self, request):
        return is_partner_editor(request.user) or super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        # Partner editors see their scope's requests (the queryset narrows it)
        # without a permission of their own in widunetz.roles.
        return is_partner_editor(request.user) or super().has_view_permission(request, obj)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        if is_partner_editor(request.user):
            return False
        if obj is not None and obj.status != ChangeRequest.Status.OPEN:
            return False
        return super().has_change_permission(request, obj)

    @admin.display(description=_("eingereicht von"))
    def author(self, obj):
        # The account's name, not a link to the user admin a Redaktion may not open.
        return obj.submitted_by.get_username() if obj.submitted_by else "–"

    @admin.display(description=_("Eintrag"))
    def target_link(self, obj):
        target = obj.target
        return format_html('<a href="{}">{}</a>', target.get_absolute_url(), target)

    @admin.display(description=_("bisher und vorgeschlagen"))
    def comparison(self, obj):
        if not obj.proposed:  # a reader's report: its message says what is wrong
            return "–"
        changed = obj.changed_fields()
        # Changed in the admin since the proposal came in: accepting would overwrite it.
        current = snapshot(obj.target) if obj.status == ChangeRequest.Status.OPEN else {}

        def before(name):
            then = display_value(name, obj.previous.get(name, ""))
            if name in changed and name in current and current[name] != obj.previous.get(name):
                return format_html(
                    "{} <strong>({} {})</strong>",
                    then,
                    _("inzwischen:"),
                    display_value(name, current[name]),
                )
            return then

        rows = format_html_join(
            "",
            '<tr{}><th scope="row">{}</th><td>{}</td><td>{}</td></tr>',
            (
                (
                    format_html(' class="{}"', "changed") if name in changed else "",
                    LABELS.get(name, name),
                    before(name),
                    display_value(name, obj.proposed[name]),
                )
                for name in ChangeRequest.in_form_order(obj.proposed)
            ),
        )
        return format_html(
            '<table class="comparison"><thead><tr><th scope="col">{}</th><th scope="col">{}</th>'
            '<th scope="col">{}</th></tr></thead><tbody>{}</tbody></table>',
            _("Angabe"),
            _("bisher"),
            _("vorgeschlagen"),
            rows,
        )

    def save_model(self, request, obj, form, change):
        decision = form.cleaned_data.get("decision")
        if decision == "accept":
            self.decide(request, [obj], accept_them=True)
        elif decision == "reject":
            self.decide(request, [obj], accept_them=False)
        else:
            super().save_model(request, obj, form, change)

    def decide(self, request, change_requests, accept_them):
        for change_request in change_requests:
            if change_request.status != ChangeRequest.Status.OPEN:
                continue
            if not accept_them:
                reject(change_request, request.user, change_request.decision_note)
                if not send_rejection(change_request):
                    self.message_user(
                        request,
                        _("Die Ablehnung von %(r)s konnte nicht gemailt werden.")
                        % {"r": change_request},
                        messages.WARNING,
                    )
                continue
            try:
                accept(change_request, request.user)
            except ValidationError as error:
                self.message_user(
                    request,
                    _("%(r)s nicht übernommen: %(e)s")
                    % {"r": change_request, "e": "; ".join(error.messages)},
                    messages.ERROR,
                )

    @admin.action(description=_("Ausgewählte Vorschläge annehmen"), permissions=["change"])
    def accept_selected(self, request, queryset):
        self.decide(request, queryset.filter(status=ChangeRequest.Status.OPEN), True)
        self.message_user(request, _("Entschieden."))

    @admin.action(description=_("Ausgewählte Vorschläge ablehnen"), permissions=["change"])
    def reject_selected(self, request, queryset):
        self.decide(request, queryset.filter(status=ChangeRequest.Status.OPEN), False)
        self.message_user(request, _("Entschieden."))
