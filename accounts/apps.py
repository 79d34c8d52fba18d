from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "accounts"
    verbose_name = _("editors' accounts")

    def ready(self):
        from accounts.roles import ensure_editor_groups

        post_migrate.connect(ensure_editor_groups, sender=self)
