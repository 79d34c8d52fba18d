"""The two editor roles as groups, and a post_migrate hook that keeps them in place.

The data migration creates the groups once; a database flush (as transactional tests
do, or `manage.py flush`) empties them, and Django then re-sends post_migrate, which
re-creates them here, permissions included.
"""

import importlib

from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission

# The tables stay in the (frozen) migration that first created the groups.
tables = importlib.import_module("accounts.migrations.0002_editor_groups")


def ensure_editor_groups(**kwargs) -> None:
    """Create the editor groups with their permissions where they are missing."""
    for label in {label for label, _ in tables.NETWORK_EDITOR_PERMISSIONS}:
        create_permissions(apps.get_app_config(label), verbosity=0)
    for name, table in tables.GROUPS.items():
        group, created = Group.objects.get_or_create(name=name)
        if created:
            group.permissions.set(
                Permission.objects.get(
                    content_type__app_label=app_label, codename=f"{action}_{model}"
                )
                for (app_label, model), actions in table.items()
                for action in actions
            )
