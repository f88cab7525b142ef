"""Readers report an error on a person's or an institution's page.

The detail pages are kept in the shared page cache, so their link leads here, to
a page of its own that no cache keeps (its form carries each visitor's CSRF
token). A report becomes a ChangeRequest with source READER and no proposed
values: it waits in the review queue, and nothing of it reaches a public page.
Only what the reader typed is stored, never their address.
"""

from django import forms
from django.shortcuts import get_object_or_404, redirect
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.generic import FormView

from institutions.models import Institution
from widunetz import ratelimit

from .mails import send_report
from .models import Member
from .review import ChangeRequest

REPORT_LIMIT = 5  # reports per client and REPORT_WINDOW
REPORT_WINDOW = 600  # seconds


class ReportForm(forms.ModelForm):
    # Left empty by people; bots fill every field they find.
    website = forms.CharField(required=False, label=gettext_lazy("Bitte leer lassen"))

    class Meta:
        model = ChangeRequest
        fields = ["message", "sender_email"]
        labels = {
            "message": gettext_lazy("Was ist falsch? (Pflichtfeld, höchstens 2000 Zeichen)"),
            "sender_email": gettext_lazy("Ihre E-Mail-Adresse für eine Antwort (freiwillig)"),
        }
        widgets = {"message": forms.Textarea(attrs={"rows": 6, "maxlength": 2000})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["message"].required = True

    def clean_website(self):
        if self.cleaned_data["website"]:
            raise forms.ValidationError(_("Dieses Feld muss leer bleiben."))
        return ""


@method_decorator(never_cache, name="dispatch")
class ReportView(FormView):
    """The report form for one public entry; after sending, its thank-you (``?gesendet=1``)."""

    template_name = "members/report.html"
    form_class = ReportForm
    kind = None  # "person" or "institution"

    def dispatch(self, request, *args, **kwargs):
        if self.kind == "person":
            entries = Member.objects.public().select_related("institution")
        else:
            entries = Institution.objects.public()
        self.entry = get_object_or_404(entries, slug=kwargs["slug"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        sent = self.request.GET.get("gesendet") == "1"
        return super().get_context_data(entry=self.entry, sent=sent, **kwargs)

    def post(self, request, *args, **kwargs):
        if not ratelimit.hit(request, "report", REPORT_LIMIT, REPORT_WINDOW):
            form = self.get_form()
            form.add_error(
                None,
                _(
                    "Sie haben in den letzten Minuten schon mehrere Hinweise gesendet. "
                    "Bitte versuchen Sie es später noch einmal."
                ),
            )
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def form_valid(self, form):
        report = form.save(commit=False)
        report.source = ChangeRequest.Source.READER
        report.target = self.entry
        report.save()
        # Saved first: a mail server that refuses or times out costs the mail, not the report.
        send_report(report)
        return redirect(self.request.path + "?gesendet=1")
