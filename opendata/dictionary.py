"""The methodology page's data dictionary and code lists, read from the models
themselves so the page never drifts from them."""

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from cities.models import Place, PlaceKind
from commitments.models import (
    Citation,
    Membership,
    MembershipRole,
    Network,
    NetworkKind,
    Pledge,
    PledgeCategory,
    PledgeStatus,
    PledgeUpdate,
    Practice,
    Resolution,
    ResolutionKind,
    ReviewState,
    Source,
    Strategy,
    StrategyStatus,
    Unit,
)
from commitments.partial_dates import Precision

# The models the data dictionary describes, with the release table each becomes.
DICTIONARY_MODELS = [
    ("places", Place),
    ("networks", Network),
    ("memberships", Membership),
    ("resolutions", Resolution),
    ("strategies", Strategy),
    ("pledges", Pledge),
    ("updates", PledgeUpdate),
    ("practices", Practice),
    ("sources", Source),
    ("citations", Citation),
]
# What each status, category and kind means: the lists the methodology page explains.
CHOICE_LISTS = [
    (_lazy("Pledge statuses"), "pledges.status", PledgeStatus),
    (_lazy("Pledge categories"), "pledges.category", PledgeCategory),
    (_lazy("Units of pledges"), "pledges.unit", Unit),
    (_lazy("Kinds of resolution"), "resolutions.kind", ResolutionKind),
    (_lazy("Strategy statuses"), "strategies.status", StrategyStatus),
    (_lazy("Kinds of network"), "networks.kind", NetworkKind),
    (_lazy("Membership roles"), "memberships.role", MembershipRole),
    (_lazy("Kinds of place"), "places.kind", PlaceKind),
    (_lazy("Date precisions"), "<date>_precision", Precision),
    (_lazy("Review states"), "review_state", ReviewState),
]


def data_dictionary() -> list[dict]:
    """Every model's fields with their labels, help texts and codes, read from the
    models themselves so the page never drifts from them."""
    dictionary = []
    for table, model in DICTIONARY_MODELS:
        fields = []
        for model_field in model._meta.get_fields():
            if model_field.auto_created and not model_field.concrete:
                continue  # reverse relations are described on the other side
            fields.append(
                {
                    "name": model_field.name,
                    "label": getattr(model_field, "verbose_name", model_field.name),
                    "help_text": getattr(model_field, "help_text", ""),
                    "type": _type_name(model_field),
                    "choices": [
                        (value, label)
                        for value, label in (model_field.choices or [])
                        if not model_field.is_relation
                    ],
                }
            )
        dictionary.append(
            {
                "table": table,
                "name": model._meta.verbose_name_plural,
                "doc": _docstring(model),
                "fields": fields,
            }
        )
    return dictionary


def _docstring(model) -> str:
    doc = (model.__doc__ or "").strip()
    # Django writes "Network(id, name, ...)" for a model without a docstring.
    return "" if doc.startswith(f"{model.__name__}(") else doc


def _type_name(model_field) -> str:
    if isinstance(model_field, models.ManyToManyField):
        return _("list of links to %(model)s") % {
            "model": model_field.related_model._meta.verbose_name_plural
        }
    if model_field.is_relation:
        return _("link to %(model)s") % {
            "model": model_field.related_model._meta.verbose_name
        }
    if isinstance(model_field, models.DateTimeField):
        return _("date and time")
    if isinstance(model_field, models.DateField):
        return _("date (with its precision)")
    if isinstance(model_field, models.DecimalField | models.IntegerField):
        return _("number")
    if isinstance(model_field, models.URLField):
        return _("web address")
    return _("text")
