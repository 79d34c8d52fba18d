"""Pages and files for researchers: list exports, dataset releases, the methodology."""

from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from commitments.filters import (
    MembershipFilter,
    PlaceFilter,
    PledgeFilter,
    PledgeUpdateFilter,
    ResolutionFilter,
    StrategyFilter,
)
from opendata.dictionary import CHOICE_LISTS, data_dictionary
from opendata.exports.tables import TABLES
from opendata.exports.writers import (
    csv_blocks,
    csv_response,
    json_blocks,
    json_response,
)
from opendata.releases import (
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
        return json_response(json_blocks(filterset.qs, columns), filename)
    excel = request.GET.get("excel") in ("1", "true", "yes")
    return csv_response(csv_blocks(filterset.qs, columns, bom=excel), filename)


@require_safe
def downloads(request):
    releases = list_releases()
    return render(
        request,
        "opendata/downloads.html",
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
    return render(request, "opendata/methodology.html", context)
