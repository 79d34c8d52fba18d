"""The two editor roles as groups with their model permissions.

City editors are scoped to their places by the admin; the permissions here say only
what kind of change each role may make at all.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ALL = ("add", "change", "delete", "view")

NETWORK_EDITOR_PERMISSIONS = {
    ("cities", "place"): ALL,
    ("commitments", "network"): ALL,
    ("commitments", "membership"): ALL,
    ("commitments", "resolution"): ALL,
    ("commitments", "strategy"): ALL,
    ("commitments", "pledge"): ALL,
    ("commitments", "pledgeupdate"): ALL,
    ("commitments", "practice"): ALL,
    ("commitments", "source"): ALL,
    ("commitments", "citation"): ALL,
}

CITY_EDITOR_PERMISSIONS = {
    ("cities", "place"): ("view",),
    ("commitments", "network"): ("view",),
    ("commitments", "membership"): ALL,
    ("commitments", "resolution"): ALL,
    ("commitments", "strategy"): ALL,
    ("commitments", "pledge"): ALL,
    ("commitments", "pledgeupdate"): ALL,
    ("commitments", "practice"): ALL,
    ("commitments", "source"): ("add", "view"),
    ("commitments", "citation"): ALL,
}

GROUPS = {
    "Network editors": NETWORK_EDITOR_PERMISSIONS,
    "City editors": CITY_EDITOR_PERMISSIONS,
}


def create_groups(apps, schema_editor):
    # Permissions are normally created after all migrations ran; create them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, table in GROUPS.items():
        group, _ = Group.objects.get_or_create(name=name)
        for (app_label, model), actions in table.items():
            for action in actions:
                group.permissions.add(
                    Permission.objects.get(
                        content_type__app_label=app_label,
                        codename=f"{action}_{model}",
                    )
                )


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("cities", "0002_historicalplace"),
        ("commitments", "0003_history"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
