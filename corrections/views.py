from django.core.cache import cache
from django.shortcuts import redirect, render

from accounts.client_ip import client_ip
from corrections.emails import notify_network_editors
from corrections.forms import CorrectionForm
from corrections.models import RecordKind, find_public_record, place_of

# Suggestions one client address may send per hour, bots' trapped ones included.
RATE_LIMIT = 5
RATE_WINDOW_SECONDS = 60 * 60


def _rate_key(request) -> str:
    return f"corrections:sent:{client_ip(request)}"


def _over_rate_limit(request) -> bool:
    return cache.get(_rate_key(request), 0) >= RATE_LIMIT


def _count_submission(request) -> None:
    key = _rate_key(request)
    # add() starts the window only once; incr() keeps its expiry.
    cache.add(key, 0, RATE_WINDOW_SECONDS)
    try:
        cache.incr(key)
    except ValueError:  # expired between the two calls
        cache.set(key, 1, RATE_WINDOW_SECONDS)


def suggest(request):
    """A reader's correction to one public record, named by ?record=pledge:42."""
    kind, record = find_public_record(request.GET.get("record", ""))
    if request.method == "POST":
        if _over_rate_limit(request):
            return render(
                request,
                "corrections/rate_limited.html",
                {"record": record},
                status=429,
            )
        form = CorrectionForm(request.POST)
        if form.is_spam:
            _count_submission(request)
            return redirect("corrections:thanks")
        if form.is_valid():
            _count_submission(request)
            correction = form.save(commit=False)
            correction.record_kind = kind
            correction.record_id = record.pk
            correction.record_title = str(record)[:300]
            correction.place = place_of(record)
            correction.save()
            notify_network_editors(correction=correction, request=request)
            return redirect("corrections:thanks")
    else:
        form = CorrectionForm()
    return render(
        request,
        "corrections/correction_form.html",
        {
            "form": form,
            "record": record,
            "reference": f"{kind}:{record.pk}",
            "kind_label": RecordKind(kind).label,
        },
    )


def thanks(request):
    return render(request, "corrections/thanks.html")
