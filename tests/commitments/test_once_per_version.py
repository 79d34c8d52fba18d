"""Figures over whole tables, computed once per change by all processes together."""

import pytest
from django.core.cache import cache
from django.http import HttpResponse
from django.urls import reverse

from commitments import caching
from commitments.caching import facts_version, once_per_version
from commitments.models import ReviewState
from tests.builders import make_place, make_pledge

pytestmark = pytest.mark.django_db


@pytest.fixture
def kept(settings):
    settings.SUMMARY_CACHE_SECONDS = 300
    settings.PAGE_CACHE_SECONDS = 0
    cache.clear()
    yield
    cache.clear()


class Counter:
    """A computation that counts how often it ran."""

    def __init__(self, value="figures"):
        self.value = value
        self.runs = 0

    def __call__(self):
        self.runs += 1
        return self.value


def test_computed_once_then_read_from_the_cache(kept):
    compute = Counter()

    assert once_per_version("figures", compute) == "figures"
    assert once_per_version("figures", compute) == "figures"

    assert compute.runs == 1


def test_computed_again_once_the_facts_change(kept):
    compute = Counter()
    once_per_version("figures", compute)

    caching.bump_facts_version()
    once_per_version("figures", compute)

    assert compute.runs == 2


def test_without_a_shared_cache_it_is_always_computed(settings):
    settings.SUMMARY_CACHE_SECONDS = 0
    compute = Counter()

    once_per_version("figures", compute)
    once_per_version("figures", compute)

    assert compute.runs == 2


def test_a_reader_waits_for_the_result_another_process_is_computing(kept, monkeypatch):
    key = f"computed:figures:{facts_version()}"
    cache.add(f"{key}:computing", True)  # another process has started
    compute = Counter()

    def other_process_finishes(seconds):
        cache.set(key, "their figures")

    monkeypatch.setattr(caching.time, "sleep", other_process_finishes)

    assert once_per_version("figures", compute) == "their figures"
    assert compute.runs == 0


def test_a_reader_computes_itself_when_the_other_never_finishes(kept, monkeypatch):
    cache.add(f"computed:figures:{facts_version()}:computing", True)
    monkeypatch.setattr(caching.time, "sleep", lambda seconds: None)
    compute = Counter("mine")

    assert once_per_version("figures", compute, wait=0.01) == "mine"
    assert compute.runs == 1


def test_a_failed_computation_leaves_no_lock_behind(kept):
    def failing():
        raise RuntimeError("database went away")

    with pytest.raises(RuntimeError):
        once_per_version("figures", failing)
    compute = Counter()

    assert once_per_version("figures", compute, wait=0.01) == "figures"
    assert compute.runs == 1


def test_a_failing_cache_still_gives_the_figures(kept, monkeypatch, caplog):
    def unreachable(*args, **kwargs):
        raise ConnectionError("Redis is down")

    monkeypatch.setattr(caching.cache, "get", unreachable)
    compute = Counter()

    assert once_per_version("figures", compute) == "figures"
    assert compute.runs == 1
    assert "Cache unavailable for figures" in caplog.text


def test_the_home_page_reads_its_totals_once_per_change(
    client, kept, django_assert_num_queries, django_capture_on_commit_callbacks
):
    place = make_place()
    make_pledge(place=place, target_min=40, unit="persons")
    draft = make_pledge(
        place=place, target_min=60, unit="persons", review_state=ReviewState.DRAFT
    )
    first = client.get(reverse("public:home"))

    with django_assert_num_queries(1):  # the latest updates only
        again = client.get(reverse("public:home"))
    with django_capture_on_commit_callbacks(execute=True):
        draft.review_state = ReviewState.PUBLISHED
        draft.save()
    after = client.get(reverse("public:home"))

    assert first.context["totals"].people_pledged == 40
    assert again.context["totals"].people_pledged == 40
    assert after.context["totals"].people_pledged == 100


# The same for pages: after a change, one process renders each page.


def counting_view(status=200):
    calls = []

    @caching.public_page
    def view(request):
        calls.append(request.path)
        return HttpResponse("rendered", status=status)

    return view, calls


def test_a_reader_gets_the_page_another_process_is_rendering(rf, settings, monkeypatch):
    settings.PAGE_CACHE_SECONDS = 300
    cache.clear()
    view, calls = counting_view()
    request = rf.get("/somewhere/")
    key, version = caching._page_key(request, False), facts_version()
    cache.add(f"{key}:{version}:computing", True)  # another process is rendering it

    def other_process_finishes(seconds):
        cache.set(key, (version, HttpResponse("their rendering")))

    monkeypatch.setattr(caching.time, "sleep", other_process_finishes)

    response = view(request)

    assert response.content == b"their rendering"
    assert calls == []
    cache.clear()


def test_a_page_that_may_not_be_kept_leaves_no_reader_waiting(
    rf, settings, monkeypatch
):
    settings.PAGE_CACHE_SECONDS = 300
    cache.clear()
    view, calls = counting_view(status=400)

    def no_waiting(seconds):
        raise AssertionError("a reader waited for a page nobody renders")

    monkeypatch.setattr(caching.time, "sleep", no_waiting)

    first = view(rf.get("/bad/?status=nonsense"))
    second = view(rf.get("/bad/?status=nonsense"))

    assert first.status_code == second.status_code == 400
    assert len(calls) == 2
    cache.clear()


def test_the_lists_country_choices_are_read_once_per_change(
    kept, django_assert_num_queries, django_capture_on_commit_callbacks
):
    from commitments.filters import PledgeFilter
    from commitments.models import Pledge

    make_place(country="DE")

    def countries():
        form = PledgeFilter({}, queryset=Pledge.objects.public()).form
        return [code for code, _name in form.fields["country"].choices]

    assert countries() == ["DE"]
    with django_assert_num_queries(0):
        assert countries() == ["DE"]
    with django_capture_on_commit_callbacks(execute=True):
        make_place(country="PL")

    assert countries() == ["DE", "PL"]
