"""Pages and files for researchers: list exports, dataset releases, the methodology."""

from django.db import models
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_safe

from cities.filters import PlaceFilter
from cities.models import Place, PlaceKind
from commitments.exports import (
    TABLES,
    csv_lines,
    csv_response,
    json_chunks,
    json_response,
)
from commitments.filters import PledgeFilter, ResolutionFilter, StrategyFilter
from commitments.filters_open_data import MembershipFilter, PledgeUpdateFilter
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
from commitments.releases import (
    bibtex,
    citation_text,
    current_release,
    list_releases,
    release_file,
)

# The public lists that have exports: table name -> the FilterSet its page uses.
EXPORT_FILTERS = {
    "places": PlaceFilter,
    "pledges": PledgeFilter,
    "resolutions": ResolutionFilter,
    "strategies": StrategyFilter,
    "updates": PledgeUpdateFilter,
    "memberships": MembershipFilter,
}
EXPORT_FORMATS = ("csv", "json")


@require_safe
def export(request, table: str, fmt: str):
    """The rows the list page shows for the same query string, as CSV or JSON."""
    if table not in EXPORT_FILTERS or fmt not in EXPORT_FORMATS:
        raise Http404
    spec = TABLES[table]
    filterset = EXPORT_FILTERS[table](
        request.GET, queryset=spec.queryset(), request=request
    )
    if not filterset.is_valid():
        errors = {name: list(messages) for name, messages in filterset.errors.items()}
        if fmt == "json":
            return JsonResponse({"errors": errors}, status=400)
        lines = [f"{name}: {' '.join(messages)}" for name, messages in errors.items()]
        return HttpResponse(
            "\n".join(lines) + "\n",
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    columns = spec.column_list(request.build_absolute_uri("/").rstrip("/"))
    filename = f"{table}.{fmt}"
    if fmt == "json":
        return json_response(json_chunks(filterset.qs, columns), filename)
    excel = request.GET.get("excel") in ("1", "true", "yes")
    return csv_response(csv_lines(filterset.qs, columns, bom=excel), filename)


@require_safe
def downloads(request):
    releases = list_releases()
    return render(
        request,
        "commitments/downloads.html",
        {"releases": releases, "current": releases[0] if releases else None},
    )


@require_safe
def release_download(request, filename: str):
    path = release_file(filename)
    if path is None:
        raise Http404(_("No such release file."))
    content_type = "application/zip" if filename.endswith(".zip") else "text/plain"
    return FileResponse(
        open(path, "rb"),  # noqa: SIM115 (FileResponse closes it)
        as_attachment=True,
        filename=filename,
        content_type=content_type,
    )


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


@require_safe
def methodology(request):
    release = current_release()
    choice_lists = [
        {"title": title, "column": column, "choices": enum.choices}
        for title, column, enum in CHOICE_LISTS
    ]
    today = timezone.localdate()
    context = {
        "choice_lists": choice_lists,
        "dictionary": data_dictionary(),
        "release": release,
        "dataset_citation": citation_text(None, today),
        "dataset_bibtex": bibtex(None, today),
    }
    if release:
        context["release_citation"] = citation_text(release.version, release.created)
        context["release_bibtex"] = bibtex(release.version, release.created)
    return render(request, "commitments/methodology.html", context)
