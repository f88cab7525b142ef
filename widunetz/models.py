"""The one model of the core: editors' translations of any record's texts."""

import reversion
from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


@reversion.register()
class Translation(models.Model):
    """An editor's translation of one field of one record into one language.

    German is the source: where no translation exists the German text is shown,
    marked as German, so nothing is ever missing.
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    content_object = GenericForeignKey("content_type", "object_id")
    field = models.CharField(_("Feld"), max_length=40)
    language = models.CharField(
        _("Sprache"), max_length=5, choices=[(c, n) for c, n in settings.LANGUAGES if c != "de"]
    )
    text = models.TextField(_("Übersetzung"))

    class Meta:
        # The table kept its name when the model moved here from pages.
        db_table = "pages_translation"
        verbose_name = _("Übersetzung")
        verbose_name_plural = _("Übersetzungen")
        ordering = ["content_type", "object_id", "field", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "field", "language"],
                name="one_translation_per_field_and_language",
            )
        ]
        indexes = [models.Index(fields=["content_type", "object_id", "language"])]

    def __str__(self):
        return f"{self.field} ({self.language})"
