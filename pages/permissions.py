"""The coordinating office's editor group.

A new editor account only needs to be put into "Koordinierungsstelle": it then
may view, add, change and delete everything the directory consists of, and
nothing of the framework's own user and permission management.
"""

COORDINATION_GROUP = "Koordinierungsstelle"
DIRECTORY_APPS = ("institutions", "members", "pages")


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
    group, _created = group_model.objects.using(using).get_or_create(name=COORDINATION_GROUP)
    group.permissions.add(*coordination_permissions(permission_model.objects.db_manager(using)))
