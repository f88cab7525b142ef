"""Changes of a Redaktion that the office reviews first.

Where the office switches it on for an institution (``review_editor_changes``),
the institution, its units and their people are read-only for its Redaktion
(widunetz.roles). On a read-only form the Redaktion proposes a change instead:
the same fields as through a confirmation link, plus a note for what the form
does not hold (a new person, a new place). The proposal waits in the review
queue like any other, and the Redaktion sees its pending requests on the form
and in the queue's list, which shows it its own institution's requests.
"""

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from widunetz.roles import changes_need_review

from .proposals import ProposalForm
from .review import ChangeRequest


class EditorProposalForm(ProposalForm):
    message = forms.CharField(
        label=_("Was sich sonst geändert hat"),
        help_text=_("Zum Beispiel eine neue Person, ein neuer Standort oder eine Schließzeit."),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The account's own address answers; the form asks for none.
        del self.fields["sender_email"]


def pending_requests(target):
    return ChangeRequest.objects.for_target(target).filter(status=ChangeRequest.Status.OPEN)


class EditorProposalMixin:
    """A model admin whose records a reviewed Redaktion proposes changes to."""

    change_form_template = "admin/members/review_change_form.html"

    def get_urls(self):
        name = f"{self.opts.app_label}_{self.opts.model_name}_propose"
        view = self.admin_site.admin_view(self.propose_view)
        return [path("<path:object_id>/vorschlagen/", view, name=name), *super().get_urls()]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and changes_need_review(request.user, obj, self.admin_site):
            context["propose_url"] = reverse(
                f"admin:{self.opts.app_label}_{self.opts.model_name}_propose", args=[obj.pk]
            )
            context["pending_requests"] = pending_requests(obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def propose_view(self, request, object_id):
        obj = self.get_object(request, unquote(object_id))
        if obj is None or not self.has_view_permission(request, obj):
            raise Http404
        if not changes_need_review(request.user, obj, self.admin_site):
            raise PermissionDenied  # they change it on its form
        form = EditorProposalForm(request.POST or None, target=obj)
        if request.method == "POST" and form.is_valid():
            change_request = form.change_request(
                source=ChangeRequest.Source.EDITOR,
                submitted_by=request.user,
                sender_email=request.user.email,
                message=form.cleaned_data["message"],
            )
            if change_request is not None:
                self.message_user(
                    request,
                    _(
                        "Ihr Vorschlag wartet jetzt auf die Prüfung durch die "
                        "Koordinierungsstelle. Bis dahin bleibt die Website unverändert."
                    ),
                    messages.SUCCESS,
                )
                return redirect("admin:members_changerequest_change", change_request.pk)
            form.add_error(None, _("Sie haben nichts geändert."))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Änderung vorschlagen"),
            "subtitle": str(obj),
            "opts": self.opts,
            "original": obj,
            "form": form,
            "pending_requests": pending_requests(obj),
        }
        return TemplateResponse(request, "admin/members/propose.html", context)
