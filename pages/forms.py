from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Feedback


class FeedbackForm(forms.ModelForm):
    # Left empty by people; bots fill every field they find.
    website = forms.CharField(required=False, label=_("Bitte leer lassen"))

    class Meta:
        model = Feedback
        fields = ["message", "page_url", "name", "email"]
        labels = {
            "message": _("Ihre Nachricht (Pflichtfeld)"),
            "page_url": _("Welche Seite betrifft es? (freiwillig)"),
            "name": _("Ihr Name (freiwillig)"),
            "email": _("Ihre E-Mail-Adresse für eine Antwort (freiwillig)"),
        }
        widgets = {"message": forms.Textarea(attrs={"rows": 6, "maxlength": 5000})}

    def clean_website(self):
        if self.cleaned_data["website"]:
            raise forms.ValidationError(_("Dieses Feld muss leer bleiben."))
        return ""
