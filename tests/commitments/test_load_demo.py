import csv
import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from cities.models import Place
from commitments.models import (
    Citation,
    Membership,
    Network,
    Pledge,
    PledgeStatus,
    PledgeUpdate,
    Practice,
    Resolution,
    Source,
    Strategy,
)

pytestmark = pytest.mark.django_db

DATA = Path(settings.DEMO_DATA_DIR)
MODELS = [Place, Network, Membership, Resolution, Strategy, Pledge, PledgeUpdate]
MODELS += [Practice, Source, Citation]


def rows(filename: str) -> list[dict[str, str]]:
    with open(DATA / filename, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


@pytest.fixture
def loaded():
    call_command("load_demo", stdout=StringIO())


def test_every_row_of_every_file_is_loaded(loaded):
    memberships = rows("memberships.csv")
    fact_rows = sum(
        len(rows(name))
        for name in [
            "memberships.csv",
            "resolutions.csv",
            "strategies.csv",
            "pledges.csv",
            "updates.csv",
            "practices.csv",
        ]
    )

    assert Place.objects.count() == len(rows("cities.csv"))
    assert Place.objects.values("country").distinct().count() == len(
        {row["country_iso2"] for row in rows("cities.csv")}
    )
    assert Resolution.objects.count() == len(rows("resolutions.csv"))
    assert Strategy.objects.count() == len(rows("strategies.csv"))
    assert Pledge.objects.count() == len(rows("pledges.csv"))
    assert PledgeUpdate.objects.count() == len(rows("updates.csv"))
    assert Practice.objects.count() == len(rows("practices.csv"))
    # A place in a network twice (two sources for one fact) is one membership.
    assert Membership.objects.count() == len(
        {(r["country_iso2"], r["city"], r["network"]) for r in memberships}
    )
    assert Citation.objects.count() == fact_rows


def test_every_fact_has_a_source(loaded):
    for model in [Membership, Resolution, Strategy, Pledge, PledgeUpdate, Practice]:
        assert not model.objects.filter(citations__isnull=True).exists(), model


def test_a_second_run_changes_nothing(loaded, capsys):
    before = counts()
    stamps = list(Pledge.objects.order_by("pk").values_list("updated_at", flat=True))

    call_command("load_demo")

    assert counts() == before
    assert (
        list(Pledge.objects.order_by("pk").values_list("updated_at", flat=True))
        == stamps
    )
    assert "pledges: 0 created, " in capsys.readouterr().out


def test_a_record_changed_after_loading_is_not_overwritten(loaded):
    pledge = Pledge.objects.get(place__name="Leipzig", title__startswith="Additional")
    pledge.status = PledgeStatus.FULFILLED
    pledge.title = "Edited by an editor"
    pledge.save()

    call_command("load_demo", stdout=StringIO())

    pledge.refresh_from_db()
    assert (pledge.title, pledge.status) == ("Edited by an editor", "fulfilled")
    assert Pledge.objects.count() == len(rows("pledges.csv"))


def broken_copy(tmp_path: Path, filename: str, line: int, column: str, value: str):
    """A copy of the dataset with one cell of one line replaced."""
    folder = tmp_path / "data"
    shutil.copytree(DATA, folder)
    with open(folder / filename, newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        header, table = reader.fieldnames, list(reader)
    table[line - 2][column] = value
    with open(folder / filename, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, header)
        writer.writeheader()
        writer.writerows(table)
    return folder


@pytest.mark.parametrize(
    ("filename", "column", "value", "reason"),
    [
        ("pledges.csv", "announced_on", "2020-13", "announced_on"),
        ("pledges.csv", "target_quantity", "300-200", "upside down"),
        ("pledges.csv", "status", "a wording nobody mapped", "no mapping"),
        ("resolutions.csv", "city", "Atlantis", "no place 'Atlantis'"),
        ("memberships.csv", "source_url", "", "every fact needs a source"),
        ("cities.csv", "country_iso2", "XX", "not an ISO 3166 country code"),
        ("strategies.csv", "year_end", "1999", "year"),
    ],
)
def test_a_bad_row_is_reported_with_file_and_line_and_nothing_is_written(
    tmp_path, filename, column, value, reason
):
    folder = broken_copy(tmp_path, filename, line=4, column=column, value=value)

    with pytest.raises(CommandError) as error:
        call_command("load_demo", directory=folder)

    assert f"{filename}, line 4" in str(error.value)
    assert reason in str(error.value)
    assert set(counts().values()) == {0}


def test_a_bad_row_leaves_an_earlier_load_untouched(loaded, tmp_path):
    before = counts()
    folder = broken_copy(tmp_path, "pledges.csv", 3, "announced_on", "soon")
    Pledge.objects.filter(updates__isnull=True).first().delete()

    with pytest.raises(CommandError):
        call_command("load_demo", directory=folder)

    assert counts()["Pledge"] == before["Pledge"] - 1


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(CommandError, match="cities.csv"):
        call_command("load_demo", directory=tmp_path)


def test_hanovers_chain_is_loaded_as_the_sources_state_it(loaded):
    hanover = Place.objects.get(name="Hanover", country="DE")
    resolution = hanover.resolutions.get(adopted_on="2019-02-28")
    wir = hanover.strategies.get(title__startswith="WIR 2.0")
    seebruecke = hanover.memberships.get(network__name__startswith="Seebrücke")

    assert hanover.local_name == "Hannover"
    assert "Drucksache 2895/2018 N15" in resolution.title
    assert resolution.adopted.display() == "28 Feb 2019"
    assert wir.replaces.title == "Lokaler Integrationsplan (LIP)"
    assert wir.replaces.year_start == 2008
    # Two sources for one membership: the dated decision wins over the "by" list.
    assert str(seebruecke.joined) == "2019-02-28"
    assert seebruecke.citations.count() == 2
    assert hanover.memberships.get(network__slug="solidarity-cities").joined.year == (
        2021
    )
    assert hanover.practices.count() == 4


def test_berlins_blocked_offer_keeps_its_wording_and_its_dated_events(loaded):
    offer = Pledge.objects.get(place__name="Berlin", target_min=300)

    assert offer.status == PledgeStatus.BLOCKED
    assert offer.status_wording.startswith("blocked (federal interior ministry")
    assert [str(u.happened) for u in offer.updates.chronological()] == [
        "2020-07",
        "2022-03-15",
    ]


def test_a_stated_overlap_is_recorded_so_totals_count_it_once(loaded):
    demand = Pledge.objects.get(place__name="Bern", target_min=500)

    assert demand.overlaps.target_min == 20
    assert not Pledge.objects.countable().filter(pk=demand.pk).exists()
