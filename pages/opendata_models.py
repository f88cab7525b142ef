"""The licence the office publishes the open data under (/daten/, the HSDS downloads)."""

import reversion
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Licence(models.TextChoices):
    """Licences for open data of public bodies in Germany, by their SPDX identifier."""

    DL_DE_BY = "dl-de-by-2.0", _("Datenlizenz Deutschland – Namensnennung – Version 2.0")
    DL_DE_ZERO = "dl-de-zero-2.0", _("Datenlizenz Deutschland – Zero – Version 2.0")
    CC_BY = "cc-by-4.0", _("Creative Commons Namensnennung 4.0 International")
    CC_ZERO = "cc0-1.0", _("Creative Commons Zero 1.0 Universell (gemeinfrei)")


LICENCE_URLS = {
    Licence.DL_DE_BY: "https://www.govdata.de/dl-de/by-2-0",
    Licence.DL_DE_ZERO: "https://www.govdata.de/dl-de/zero-2-0",
    Licence.CC_BY: "https://creativecommons.org/licenses/by/4.0/",
    Licence.CC_ZERO: "https://creativecommons.org/publicdomain/zero/1.0/",
}
# Under these, whoever reuses the data names where it comes from.
ATTRIBUTION_REQUIRED = {Licence.DL_DE_BY, Licence.CC_BY}


@reversion.register()
class DataLicence(models.Model):
    """One row: the office's choice, kept in the history like every edit.

    A licence is a legal statement: who chose which one, and when, must stay on record.
    """

    licence = models.CharField(
        _("Lizenz"), max_length=20, choices=Licence.choices, default=Licence.DL_DE_BY
    )
    attribution = models.CharField(
        _("Bereitsteller im Quellenvermerk"),
        max_length=200,
        default="Kreis Herford – widunetz",
        help_text=_("So nennen Weiterverwendende die Quelle der Daten."),
    )
    updated_at = models.DateTimeField(_("zuletzt geändert"), auto_now=True)

    class Meta:
        verbose_name = _("Lizenz der offenen Daten")
        verbose_name_plural = _("Lizenz der offenen Daten")
        ordering = ["pk"]
        constraints = [models.CheckConstraint(condition=Q(pk=1), name="one_data_licence")]

    def __str__(self):
        return str(self.get_licence_display())

    def save(self, *args, **kwargs):
        self.pk = 1
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("pages:daten")

    @classmethod
    def current(cls):
        """The office's choice; until it made one, the default."""
        return cls.objects.filter(pk=1).first() or cls()

    @property
    def url(self):
        return LICENCE_URLS[self.licence]

    @property
    def needs_attribution(self):
        return self.licence in ATTRIBUTION_REQUIRED
