from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import pytest
from django.apps import apps
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commitments.models import (
    Citation,
    Membership,
    Network,
    NetworkKind,
    Pledge,
    PledgeCategory,
    PledgeStatus,
    PledgeUpdate,
    Practice,
    Resolution,
    ResolutionKind,
    Source,
    Strategy,
    StrategyStatus,
)
from tests.builders import (
    cite,
    make_membership,
    make_network,
    make_place,
    make_pledge,
    make_practice,
    make_resolution,
    make_source,
    make_strategy,
    make_update,
)

pytestmark = pytest.mark.django_db

# Session, user, two counts (filtered and full), the page of rows with their places,
# the date hierarchy (range, then years) and the countries the filter offers.
PLEDGE_CHANGELIST_QUERIES = 8


@dataclass(frozen=True)
class AdminCase:
    """One registered model: an object with distinctive data and one that differs.

    `search` and `filters` must find `build()`'s object and leave out `build_other()`'s.
    """

    model: type
    build: Callable
    build_other: Callable
    search: str
    filters: dict


def _network():
    network = make_network(name="Sanctuary Alliance", kind=NetworkKind.CITY_NETWORK)
    make_membership(network=network)
    return network


def _membership():
    membership = make_membership(
        place=make_place(name="Lindenau"),
        joined_on=date(2019, 5, 1),
        joined_on_precision="month",
    )
    cite(membership)
    return membership


def _resolution():
    resolution = make_resolution(reference_number="Drucksache 2895/2018 N15")
    cite(resolution)
    return resolution


def _strategy():
    strategy = make_strategy(title="Integration plan for newcomers")
    cite(strategy)
    return strategy


def _pledge():
    pledge = make_pledge(
        place=make_place(name="Lindenau"),
        status_wording="offered; needs federal consent",
    )
    make_update(pledge, status_wording="first families arrived")
    cite(pledge, quote="The council offers 100 places.")
    return pledge


def _update():
    update = make_update(
        make_pledge(title="Relocation from Lesvos"), delivered_quantity=40
    )
    cite(update)
    return update


def _practice():
    practice = make_practice(
        title="Welcome centre", since=date(2016, 1, 1), since_precision="year"
    )
    cite(practice)
    return practice


def _source():
    source = make_source(
        title="Council minutes",
        language="de",
        published_on=date(2019, 3, 1),
        published_on_precision="month",
    )
    cite(make_pledge(), source=source)
    return source


CASES = [
    AdminCase(
        Network,
        build=_network,
        build_other=lambda: make_network(kind=NetworkKind.PROJECT),
        search="Sanctuary",
        filters={"kind__exact": NetworkKind.CITY_NETWORK},
    ),
    AdminCase(
        Membership,
        build=_membership,
        build_other=lambda: make_membership(place=make_place(country="IT")),
        search="Lindenau",
        filters={"country": "DE", "joined_on_precision__exact": "month"},
    ),
    AdminCase(
        Resolution,
        build=_resolution,
        build_other=lambda: make_resolution(kind=ResolutionKind.OFFICIAL_STATEMENT),
        search="2895/2018",
        filters={"kind__exact": ResolutionKind.COUNCIL_RESOLUTION},
    ),
    AdminCase(
        Strategy,
        build=_strategy,
        build_other=lambda: make_strategy(status=StrategyStatus.DRAFTING),
        search="newcomers",
        filters={"status__exact": StrategyStatus.ADOPTED},
    ),
    AdminCase(
        Pledge,
        build=_pledge,
        build_other=lambda: make_pledge(
            place=make_place(country="IT"), announced_on=None, announced_on_precision=""
        ),
        search="federal consent",
        filters={"country": "DE", "announced_on__year": "2020"},
    ),
    AdminCase(
        PledgeUpdate,
        build=_update,
        build_other=lambda: make_update(status=PledgeStatus.BLOCKED),
        search="Lesvos",
        filters={"status__exact": PledgeStatus.IN_PROGRESS},
    ),
    AdminCase(
        Practice,
        build=_practice,
        build_other=lambda: make_practice(place=make_place(country="PL")),
        search="Welcome centre",
        filters={"country": "DE", "since_precision__exact": "year"},
    ),
    AdminCase(
        Source,
        build=_source,
        build_other=lambda: make_source(language="en"),
        search="minutes",
        filters={"language": "de"},
    ),
    AdminCase(
        Citation,
        build=lambda: cite(make_pledge(), quote="The council offers 100 places."),
        build_other=lambda: cite(make_membership(), quote="Another decision."),
        search="offers 100",
        filters={"cites": "pledge"},
    ),
]
each_model = pytest.mark.parametrize(
    "case", CASES, ids=[case.model._meta.model_name for case in CASES]
)


def _admin_url(model, view, *args):
    return reverse(f"admin:commitments_{model._meta.model_name}_{view}", args=args)


def _listed_pks(response):
    return {row.pk for row in response.context["cl"].result_list}


def test_every_commitments_model_has_an_admin_and_a_case_here():
    models = {
        model
        for model in apps.get_app_config("commitments").get_models()
        # The history tables are shown on their record's history page.
        if not model.__name__.startswith("Historical")
    }
    assert models <= set(admin.site._registry)
    assert {case.model for case in CASES} == models


@each_model
def test_changelist_lists_the_object(admin_client, case):
    obj = case.build()

    response = admin_client.get(_admin_url(case.model, "changelist"))

    assert response.status_code == 200
    assert obj.pk in _listed_pks(response)


@each_model
def test_add_form_opens(admin_client, case):
    response = admin_client.get(_admin_url(case.model, "add"))

    assert response.status_code == 200


@each_model
def test_change_form_opens(admin_client, case):
    obj = case.build()

    response = admin_client.get(_admin_url(case.model, "change", obj.pk))

    assert response.status_code == 200
    assert response.context["original"] == obj


@each_model
def test_search_finds_the_object_and_leaves_out_others(admin_client, case):
    obj, other = case.build(), case.build_other()
    url = _admin_url(case.model, "changelist")

    response = admin_client.get(url, {"q": case.search})

    assert response.status_code == 200
    assert _listed_pks(response) == {obj.pk}
    assert other.pk not in _listed_pks(response)


@each_model
def test_list_filter_keeps_the_object_and_leaves_out_others(admin_client, case):
    obj, other = case.build(), case.build_other()
    url = _admin_url(case.model, "changelist")

    response = admin_client.get(url, case.filters)

    # An unknown filter parameter would redirect to "?e=1" instead.
    assert response.status_code == 200
    assert obj.pk in _listed_pks(response)
    assert other.pk not in _listed_pks(response)


@each_model
def test_changelist_queries_do_not_grow_with_rows(admin_client, case):
    case.build()
    url = _admin_url(case.model, "changelist")
    with CaptureQueriesContext(connection) as few:
        admin_client.get(url)
    for _ in range(4):
        case.build_other()

    with CaptureQueriesContext(connection) as more:
        response = admin_client.get(url)

    assert response.context["cl"].result_count == 5
    assert len(more) == len(few)


@pytest.mark.parametrize("rows", [10, 100])
def test_pledge_changelist_query_count_is_fixed(
    admin_client, django_assert_num_queries, rows
):
    for n in range(rows):
        make_pledge(target_max=100 + n, qualifier="up_to", period="per_year")
    url = _admin_url(Pledge, "changelist")

    with django_assert_num_queries(PLEDGE_CHANGELIST_QUERIES):
        response = admin_client.get(url)

    assert response.context["cl"].result_count == rows


def test_pledge_changelist_shows_target_and_date_as_readers_see_them(admin_client):
    make_pledge(
        target_min=100,
        target_max=150,
        qualifier="up_to",
        unit="persons",
        period="per_year",
        period_count=2,
        announced_on=date(2022, 1, 1),
        announced_on_precision="by_year",
    )

    response = admin_client.get(_admin_url(Pledge, "changelist"))

    assert "up to 100–150 persons per year for 2 periods" in response.text
    assert "by 2022" in response.text


def test_pledge_change_form_has_updates_and_citations_inline(admin_client):
    pledge = make_pledge()
    make_update(pledge, status_wording="first families arrived")
    cite(pledge, quote="The council offers 100 places.")

    response = admin_client.get(_admin_url(Pledge, "change", pledge.pk))

    inline_models = [
        formset.opts.model for formset in response.context["inline_admin_formsets"]
    ]
    assert inline_models == [PledgeUpdate, Citation]
    assert "first families arrived" in response.text
    assert "The council offers 100 places." in response.text


def test_record_fields_are_shown_but_not_editable(admin_client):
    pledge = make_pledge(dataset_key="pledges.csv:12")

    response = admin_client.get(_admin_url(Pledge, "change", pledge.pk))

    assert "pledges.csv:12" in response.text
    assert not {"dataset_key", "created_at", "updated_at"} & set(
        response.context["adminform"].form.fields
    )


def _pledge_form_data(place, **overrides):
    """The add form as a browser posts it, with empty update and citation inlines."""
    data = {
        "place": place.pk,
        "title": "Reception of 50 persons from the Aegean",
        "original_title": "",
        "original_language": "",
        "category": PledgeCategory.ADDITIONAL_RECEPTION,
        "summary": "",
        "target_min": "50",
        "target_max": "",
        "qualifier": "up_to",
        "unit": "persons",
        "period": "",
        "period_count": "",
        "unit_wording": "",
        "status": PledgeStatus.ANNOUNCED,
        "status_wording": "",
        "announced_on": "2020-03-01",
        "announced_on_precision": "month",
        "resolution": "",
        "strategy": "",
        "overlaps": "",
        "outcome_of": "",
    }
    for prefix in ("updates", "citations"):
        data |= {
            f"{prefix}-TOTAL_FORMS": "0",
            f"{prefix}-INITIAL_FORMS": "0",
            f"{prefix}-MIN_NUM_FORMS": "0",
            f"{prefix}-MAX_NUM_FORMS": "1000",
        }
    data |= overrides
    return data


def _form_errors(response):
    """Everything the admin complained about, for a readable assertion message."""
    if response.status_code != 200 or "adminform" not in response.context:
        return None
    errors = [response.context["adminform"].form.errors]
    for formset in response.context["inline_admin_formsets"]:
        errors += [formset.formset.errors, formset.formset.non_form_errors()]
    return errors


def test_adding_a_pledge_with_an_inline_citation_saves_both(admin_client):
    place, source = make_place(), make_source()
    data = _pledge_form_data(
        place,
        **{
            "citations-TOTAL_FORMS": "1",
            "citations-0-source": source.pk,
            "citations-0-quote": "The city will receive up to 50 people.",
        },
    )

    response = admin_client.post(_admin_url(Pledge, "add"), data)

    assert response.status_code == 302, _form_errors(response)
    pledge = Pledge.objects.get(title="Reception of 50 persons from the Aegean")
    assert pledge.place == place
    assert pledge.announced.display() == "Mar 2020"
    citation = pledge.citations.get()
    assert citation.source == source
    assert citation.quote == "The city will receive up to 50 people."


def test_citing_one_source_twice_on_a_pledge_is_refused_not_a_crash(admin_client):
    place, source = make_place(), make_source()
    data = _pledge_form_data(
        place,
        **{
            "citations-TOTAL_FORMS": "2",
            "citations-0-source": source.pk,
            "citations-0-quote": "First passage.",
            "citations-1-source": source.pk,
            "citations-1-quote": "Second passage.",
        },
    )

    response = admin_client.post(_admin_url(Pledge, "add"), data)

    assert response.status_code == 200
    assert "is cited twice" in response.text
    assert not Pledge.objects.exists()


def test_citation_changelist_links_the_cited_fact(admin_client):
    pledge = make_pledge(title="Relocation from Lesvos")
    cite(pledge)

    response = admin_client.get(_admin_url(Citation, "changelist"))

    assert _admin_url(Pledge, "change", pledge.pk) in response.text
    assert "Relocation from Lesvos" in response.text
