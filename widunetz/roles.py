"""Who may edit what in the admin.

"Koordinierungsstelle" (and superusers) edit everything. "Redaktion" accounts
belong to a partner institution: they see and change only that institution,
its units and their people, and never delete.
"""

from pages.permissions import COORDINATION_GROUP, EDITOR_GROUP


def is_partner_editor(user):
    # Asked several times per admin page (queryset, permissions, form fields):
    # look the groups up once per request's user object.
    if not hasattr(user, "_is_partner_editor"):
        groups = set(user.groups.values_list("name", flat=True))
        user._is_partner_editor = (
            not user.is_superuser and EDITOR_GROUP in groups and COORDINATION_GROUP not in groups
        )
    return user._is_partner_editor


class PartnerEditorScopeMixin:
    """Narrows an admin to the rows of the editor's own institutions.

    ``institution_lookup`` is the path from the model to its Institution ("" for
    the Institution admin itself, "institution" for members).
    """

    institution_lookup = "institution"

    def editable_institutions(self, request):
        from institutions.models import Institution

        return Institution.objects.edited_by(request.user)

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if not is_partner_editor(request.user):
            return queryset
        field = f"{self.institution_lookup}__in" if self.institution_lookup else "pk__in"
        return queryset.filter(**{field: self.editable_institutions(request)})

    def has_delete_permission(self, request, obj=None):
        if is_partner_editor(request.user):
            return False
        return super().has_delete_permission(request, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if is_partner_editor(request.user) and db_field.name == "institution":
            kwargs["queryset"] = self.editable_institutions(request)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if is_partner_editor(request.user):
            readonly += [f for f in self.partner_readonly_fields if f not in readonly]
        return readonly

    partner_readonly_fields = ()
