"""Who may edit what in the admin: the two groups, their permissions, the partner editor's scope.

"Koordinierungsstelle" (and superusers) edit everything of the directory and
nothing of the framework's own user and permission management: a new office
account only needs to be put into that group. A partner editor ("Redaktion")
belongs to a partner institution: they see and change only that institution,
its units and their people, and delete nothing but an outdated phone, hour or
closure on the form of its holder, whose history keeps it.

A record lies in a partner editor's scope when the institution it belongs to
does. Each scoped admin names the way there (``institution_lookup``); a row with
a generic relation (a translation) belongs where the record it points to does.
The same rule judges a saved record and the content of an old version, so that
history, revert and recover (widunetz.history) reach no further than the lists.
"""

from django.contrib.contenttypes.fields import GenericForeignKey
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db.models import Exists, OuterRef
from django.db.models.fields.related import ManyToManyField
from django.http import Http404
from django.shortcuts import redirect

COORDINATION_GROUP = "Koordinierungsstelle"
PARTNER_EDITOR_GROUP = "Redaktion"
DIRECTORY_APPS = ("widunetz", "institutions", "members", "pages")
# A partner editor keeps their institution's people and data current: no
# deleting, no other institutions (the admins narrow the rows, see below),
# nothing of the network's own pages.
PARTNER_EDITOR_PERMISSIONS = [
    "institutions.view_institution",
    "institutions.change_institution",
    "institutions.view_municipality",
    "institutions.view_service",  # the topics are the office's list
    # Their own places, phones, hours and closures (the admins narrow the rows).
    *(
        f"institutions.{action}_{model}"
        for model in ("location", "phone", "consultationhour", "closure")
        for action in ("view", "add", "change")
    ),
    # A number that no longer rings or an hour no longer held must be able to go:
    # deleted in the table on the holder's form only (the standalone admins refuse,
    # PartnerEditorScopeMixin), so the holder's new version records it and an older
    # one brings it back.
    *(f"institutions.delete_{model}" for model in ("phone", "consultationhour", "closure")),
    "members.view_member",
    "members.add_member",
    "members.change_member",
    "members.view_membership",
    "members.view_workinggroup",
    # Translating their own institution's texts and those of its places and hours.
    "widunetz.view_translation",
    "widunetz.add_translation",
    "widunetz.change_translation",
]


def sync_groups(sender=None, apps=None, using="default", **kwargs):
    """Create both groups and give them their permissions (after every migrate)."""
    if apps is None:
        from django.apps import apps as global_apps

        apps = global_apps
    try:
        group_model = apps.get_model("auth", "Group")
        permission_model = apps.get_model("auth", "Permission")
    except LookupError:
        return
    permissions = permission_model.objects.db_manager(using)
    office, _created = group_model.objects.using(using).get_or_create(name=COORDINATION_GROUP)
    office.permissions.add(*permissions.filter(content_type__app_label__in=DIRECTORY_APPS))
    partners, _created = group_model.objects.using(using).get_or_create(name=PARTNER_EDITOR_GROUP)
    for label in PARTNER_EDITOR_PERMISSIONS:
        app_label, codename = label.split(".")
        partners.permissions.add(
            *permissions.filter(content_type__app_label=app_label, codename=codename)
        )


def is_partner_editor(user):
    # Asked several times per admin page (queryset, permissions, form fields):
    # look the groups up once per request's user object.
    if not hasattr(user, "_is_partner_editor"):
        groups = set(user.groups.values_list("name", flat=True))
        user._is_partner_editor = (
            not user.is_superuser
            and PARTNER_EDITOR_GROUP in groups
            and COORDINATION_GROUP not in groups
        )
    return user._is_partner_editor


def editable_institution_ids(user):
    """The primary keys of the institutions a partner editor may change, read once per request."""
    _read_scope(user)
    return user._editable_institution_ids


def reviewed_institution_ids(user):
    """Of a partner editor's institutions, those whose changes wait for the office's review."""
    _read_scope(user)
    return user._reviewed_institution_ids


def _read_scope(user):
    """Both sets above in one query, once per request's user object."""
    if hasattr(user, "_editable_institution_ids"):
        return
    # Through the user's own relation: the core imports no app above it.
    institutions = user.edited_institutions.model.objects
    reviewed = institutions.changes_reviewed().filter(pk=OuterRef("pk"))
    rows = institutions.edited_by(user).annotate(reviewed=Exists(reviewed))
    rows = list(rows.values_list("pk", "reviewed"))
    user._editable_institution_ids = frozenset(pk for pk, _reviewed in rows)
    user._reviewed_institution_ids = frozenset(pk for pk, is_reviewed in rows if is_reviewed)


def _institution_id(obj, lookup, resolve):
    """Follow ``lookup`` ("member__institution") from ``obj`` to an institution's key."""
    if not lookup:
        return obj.pk
    *path, last = lookup.split("__")
    for name in path:
        field = obj._meta.get_field(name)
        obj = resolve(field.related_model, getattr(obj, field.attname))
    return getattr(obj, obj._meta.get_field(last).attname)


def _from_database(model, pk):
    return model._default_manager.get(pk=pk)


def institution_of(obj, site, resolve=_from_database):
    """The key of the institution ``obj`` belongs to (a saved record or a version's
    content), or None where it belongs to none or cannot be followed."""
    model_admin = site._registry.get(type(obj))
    lookup = getattr(model_admin, "institution_lookup", None)
    try:
        if lookup is not None:
            return _institution_id(obj, lookup, resolve)
        relation = next(
            (f for f in obj._meta.private_fields if isinstance(f, GenericForeignKey)), None
        )
        if relation is None:
            return None
        content_type = getattr(obj, relation.ct_field)
        target = resolve(content_type.model_class(), getattr(obj, relation.fk_field))
        return institution_of(target, site, resolve)
    except (ObjectDoesNotExist, AttributeError, LookupError):
        return None


def record_in_scope(user, obj, site, resolve=_from_database):
    """Whether ``obj`` (a saved record or a version's content) lies in the editor's scope."""
    return institution_of(obj, site, resolve) in editable_institution_ids(user)


def changes_need_review(user, obj, site, resolve=_from_database):
    """Whether ``user`` is a partner editor whose changes to ``obj`` the office reviews first:
    for them the record is read-only, and a change is proposed (members.editor_review)."""
    if not is_partner_editor(user) or not reviewed_institution_ids(user):
        return False  # the common case: nothing of theirs is reviewed, nothing to follow
    return institution_of(obj, site, resolve) in reviewed_institution_ids(user)


def _in_scope_then_and_now(user, content, current, site, resolve=_from_database):
    """A version's content, and the record it belongs to if it still exists, lie in scope."""
    return record_in_scope(user, content, site, resolve) and (
        current is None or record_in_scope(user, current, site)
    )


def version_in_scope(user, version, site):
    """A version a partner editor may see: its content lies in scope, and so does the record."""
    if not is_partner_editor(user):
        return True
    return _in_scope_then_and_now(user, version._object_version.object, version.object, site)


def _current_value(obj, field):
    if isinstance(field, ManyToManyField):
        return sorted(getattr(obj, field.name).values_list("pk", flat=True))
    return getattr(obj, field.attname)


def _version_value(version, field):
    value = version.field_dict.get(field.attname)
    return sorted(value) if isinstance(field, ManyToManyField) else value


def _records_in_scope(user, revision, site):
    """``[(version, current record or None)]`` of ``revision``, or None if any lies outside.

    Rows recovered together (a person with their memberships) are judged against
    each other, since none of them exists yet.
    """
    versions = list(revision.version_set.select_related("content_type"))
    contents = {}
    for version in versions:
        content = version._object_version.object
        contents[(type(content), str(content.pk))] = content

    def resolve(model, pk):
        return contents.get((model, str(pk))) or _from_database(model, pk)

    records = []
    for version in versions:
        content, current = contents[(version._model, version.object_id)], version.object
        if not _in_scope_then_and_now(user, content, current, site, resolve):
            return None
        records.append((version, current))
    return records


def revision_in_scope(user, revision, site):
    """Whether every record in ``revision`` lies in scope, as it is now and as it was then.

    A revision of a shared record (a working group, with everyone's memberships) is
    outside: even its comment names people of other institutions.
    """
    return not is_partner_editor(user) or _records_in_scope(user, revision, site) is not None


def check_revision_scope(user, revision, site):
    """Refuse a revert or recovery that would write anything a partner editor may not.

    Every record must lie in scope (``revision_in_scope``) and keep the fields that
    are the office's call (``partner_readonly_fields``).
    """
    if not is_partner_editor(user):
        return
    records = _records_in_scope(user, revision, site)
    if records is None:
        raise PermissionDenied
    for version, current in records:
        # Reverting is changing: where the office reviews first, it is the office's.
        content = version._object_version.object
        if changes_need_review(user, content, site) or (
            current is not None and changes_need_review(user, current, site)
        ):
            raise PermissionDenied
        if current is None:
            continue
        model_admin = site._registry.get(type(current))
        for name in getattr(model_admin, "partner_readonly_fields", ()):
            field = current._meta.get_field(name)
            if _version_value(version, field) != _current_value(current, field):
                raise PermissionDenied


def view_on_site(request, content_type_id, object_id):
    """The admin's "Auf der Website ansehen" for records the user may open in the admin.

    Django's own redirect answers for any record of any model, and a person's
    address carries their name: a partner editor stepping through ids would read
    the names of people of every institution.
    """
    from django.contrib.admin import site
    from django.contrib.contenttypes.models import ContentType

    try:
        model = ContentType.objects.get_for_id(int(content_type_id)).model_class()
    except (ValueError, ContentType.DoesNotExist):
        raise Http404 from None
    model_admin = site._registry.get(model)
    if model_admin is None or not model_admin.has_view_or_change_permission(request):
        raise Http404
    obj = model_admin.get_object(request, object_id)
    if obj is None or not hasattr(obj, "get_absolute_url"):
        raise Http404
    return redirect(obj.get_absolute_url())


class PartnerScopedInlineMixin:
    """Narrows an admin or an inline to a partner editor's rows, read-only where due.

    ``institution_lookup`` is the path from the model to its Institution ("" for
    institutions themselves, "member__institution" for memberships). Used alone on
    inlines: on a shared record (a working group) the table would otherwise list
    every institution's people; on an institution's form the units table would open
    the fields that are read-only on the unit's own form.
    """

    institution_lookup = "institution"
    # Fields only the coordinating office changes, on this model's form and on
    # every inline and revert that touches it.
    partner_readonly_fields = ()

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if not is_partner_editor(request.user):
            return queryset
        field = f"{self.institution_lookup}__in" if self.institution_lookup else "pk__in"
        return queryset.filter(**{field: editable_institution_ids(request.user)})

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if is_partner_editor(request.user):
            readonly += [f for f in self.partner_readonly_fields if f not in readonly]
        return readonly


class PartnerEditorScopeMixin(PartnerScopedInlineMixin):
    """A model admin for partner editors: their rows only, nothing deleted, no other institution."""

    def editable_institutions(self, request):
        """Where a new or moved record may go: in scope, and changed without review."""
        institutions = request.user.edited_institutions.model.objects
        return institutions.filter(pk__in=self._unreviewed_ids(request.user))

    @staticmethod
    def _unreviewed_ids(user):
        return editable_institution_ids(user) - reviewed_institution_ids(user)

    def has_add_permission(self, request, *args):
        if is_partner_editor(request.user) and not self._unreviewed_ids(request.user):
            return False
        return super().has_add_permission(request, *args)

    def has_change_permission(self, request, obj=None):
        # Where the office reviews a Redaktion's changes first, its records are
        # read-only for it; the change is proposed instead (members.editor_review).
        if obj is not None and changes_need_review(request.user, obj, self.admin_site):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if is_partner_editor(request.user):
            return False
        return super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        # The forms offer no reviewed institution; a crafted POST is refused here.
        if changes_need_review(request.user, obj, self.admin_site):
            raise PermissionDenied
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        # A row of a table on an unreviewed form may belong to a reviewed unit.
        if is_partner_editor(request.user):
            touched = [f.instance for f in formset.forms if f.has_changed() and f.instance.pk]
            touched += [f.instance for f in formset.deleted_forms if f.instance.pk]
            if any(changes_need_review(request.user, row, self.admin_site) for row in touched):
                raise PermissionDenied
        super().save_formset(request, form, formset, change)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if is_partner_editor(request.user) and db_field.name == "institution":
            kwargs["queryset"] = self.editable_institutions(request)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_prepopulated_fields(self, request, obj=None):
        # A field cannot be filled from another while it is read-only: the form
        # would look the slug up among its fields and fail (the 500 on a partner
        # editor's own institution).
        readonly = set(self.get_readonly_fields(request, obj))
        return {
            field: sources
            for field, sources in super().get_prepopulated_fields(request, obj).items()
            if field not in readonly
        }
