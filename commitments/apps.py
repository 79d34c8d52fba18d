from django.apps import AppConfig, apps
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.translation import gettext_lazy as _


class CommitmentsConfig(AppConfig):
    name = "commitments"
    verbose_name = _("Commitments")

    def ready(self):
        # Not a business rule but the cache's bookkeeping: every route that changes a
        # fact (admin, import, revert, services, commands) goes through these signals,
        # so no page stays cached past a change. Bulk writes call the bump themselves.
        from commitments.caching import facts_changed

        for app_label in ("cities", "commitments"):
            for model in apps.get_app_config(app_label).get_models():
                if model._meta.label.split(".")[1].startswith("Historical"):
                    continue  # the history of a change, not a change of its own
                post_save.connect(facts_changed, sender=model, weak=False)
                post_delete.connect(facts_changed, sender=model, weak=False)
                for field in model._meta.local_many_to_many:
                    through = field.remote_field.through
                    m2m_changed.connect(facts_changed, sender=through, weak=False)
