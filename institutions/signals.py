"""An institution's stored search text names its places and topics (in every language):
when one of them changes, the institutions concerned are saved again, and with them
their units and people (Institution.save)."""

from django.contrib.contenttypes.models import ContentType
from django.db.models.signals import m2m_changed, post_delete, post_save

from widunetz.models import Translation

from .models import Institution, Location, Service


def resave(institutions):
    for institution in institutions:
        institution.save()


def loaded_raw(sender, instance, raw=False, **kwargs):
    # loaddata sets many-to-many relations after a raw save of the row; load_brochure
    # saves every row again afterwards, so nothing is to be done for them here.
    if raw:
        instance._loaded_raw = True


def relations_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """A topic or town added to or taken from institutions, from either side."""
    if getattr(instance, "_loaded_raw", False):
        return
    if reverse and action == "pre_clear":
        # Afterwards nobody can say which institutions had it.
        other = next(
            f.name
            for f in sender._meta.concrete_fields
            if f.related_model not in (None, Institution)
        )
        instance._cleared = list(
            sender.objects.filter(**{other: instance.pk}).values_list("institution", flat=True)
        )
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if not reverse:
        resave([instance])
    else:
        ids = pk_set if action != "post_clear" else getattr(instance, "_cleared", [])
        resave(Institution.objects.filter(pk__in=ids))


def location_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    resave(Institution.objects.filter(pk=instance.institution_id))


def topic_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        resave(Institution.objects.offering(instance))


def translation_changed(sender, instance, raw=False, **kwargs):
    if raw or instance.field != "name":
        return
    if instance.content_type_id == ContentType.objects.get_for_model(Service).pk:
        resave(Institution.objects.offering(instance.object_id))


def connect():
    post_save.connect(loaded_raw, sender=Institution, dispatch_uid="institution_loaded_raw")
    for through in (Institution.services.through, Institution.service_area.through):
        m2m_changed.connect(relations_changed, sender=through, dispatch_uid=f"search_{through}")
    for signal in (post_save, post_delete):
        signal.connect(location_changed, sender=Location, dispatch_uid=f"search_location_{signal}")
        signal.connect(
            translation_changed, sender=Translation, dispatch_uid=f"search_translation_{signal}"
        )
    post_save.connect(topic_changed, sender=Service, dispatch_uid="search_topic")
