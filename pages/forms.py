from django import forms
from django.utils.translation import gettext_lazy as _

from institutions.models import Municipality, Service
from widunetz.translation import with_translations
from widunetz.widgets import Select

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


MAX_AGE = 120


class ResponsibleForm(forms.Form):
    """The three questions of "Wer ist für mich zuständig?": town, age, topic."""

    gemeinde = forms.ModelChoiceField(
        label=_("Wo wohnen Sie?"),
        queryset=Municipality.objects.all(),
        to_field_name="slug",
        empty_label=_("Bitte Stadt oder Gemeinde wählen"),
        error_messages={
            "required": _("Bitte wählen Sie Ihre Stadt oder Gemeinde."),
            "invalid_choice": _(
                "Diese Stadt oder Gemeinde kennen wir nicht. Bitte wählen Sie aus der Liste."
            ),
        },
        widget=Select,
    )
    alter = forms.IntegerField(
        label=_("Wie alt sind Sie? (freiwillig)"),
        required=False,
        min_value=0,
        max_value=MAX_AGE,
        error_messages={
            key: _("Bitte ein Alter als ganze Zahl von 0 bis 120 angeben.")
            for key in ("invalid", "min_value", "max_value")
        },
        widget=forms.NumberInput(attrs={"min": 0, "max": MAX_AGE, "inputmode": "numeric"}),
    )
    thema = forms.ModelChoiceField(
        label=_("Wobei brauchen Sie Hilfe?"),
        queryset=Service.objects.all(),
        to_field_name="slug",
        empty_label=_("Bitte Thema wählen"),
        error_messages={
            "required": _("Bitte wählen Sie ein Thema."),
            "invalid_choice": _("Dieses Thema kennen wir nicht. Bitte wählen Sie aus der Liste."),
        },
        widget=Select,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The topics' names in the visitor's language, read in one query.
        self.fields["thema"].queryset = with_translations(Service.objects.all())
