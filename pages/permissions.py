"""The coordinating office's editor group.

A new editor account only needs to be put into "Koordinierungsstelle": it then
may view, add, change and delete everything the directory consists of, and
nothing of the framework's own user and permission management.
"""

COORDINATION_GROUP = "Koordinierungsstelle"
EDITOR_GROUP = "Redaktion"
DIRECTORY_APPS = ("institutions", "members", "pages")
# A partner institution's editor keeps its own people and data current: no
# deleting, no other institutions (the admin narrows the rows, see
# widunetz.roles), nothing of the network's own pages.
EDITOR_PERMISSIONS = [
    "institutions.view_institution",
    "institutions.change_institution",
    "institutions.view_municipality",
    "members.view_member",
    "members.add_member",
    "members.change_member",
    "members.view_membership",
    "members.view_workinggroup",
    # Translating their own institution's description.
    "pages.view_translation",
    "pages.add_translation",
    "pages.change_translation",
]


def coordination_permissions(permissions):
    return permissions.filter(content_type__app_label__in=DIRECTORY_APPS)


def sync_coordination_group(sender=None, apps=None, using="default", **kwargs):
    if apps is None:
        from django.apps import apps as global_apps

        apps = global_apps
    try:
        group_model = apps.get_model("auth", "Group")
        permission_model = apps.get_model("auth", "Permission")
    except LookupError:
        return
    permissions = permission_model.objects.db_manager(using)
    group, _created = group_model.objects.using(using).get_or_create(name=COORDINATION_GROUP)
    group.permissions.add(*coordination_permissions(permissions))
    editors, _created = group_model.objects.using(using).get_or_create(name=EDITOR_GROUP)
    for label in EDITOR_PERMISSIONS:
        app_label, codename = label.split(".")
        editors.permissions.add(
            *permissions.filter(content_type__app_label=app_label, codename=codename)
        )
