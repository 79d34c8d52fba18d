import statistics
import sys
from collections import Counter
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import Count, F
from django.test.utils import CaptureQueriesContext

from cities.models import Place
from commitments import synthetic
from commitments.caching import bump_facts_version
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
    Resolution,
    ResolutionKind,
    ReviewState,
    Source,
    Strategy,
    StrategyStatus,
)
from commitments.partial_dates import Precision
from tests.builders import make_place

pytestmark = pytest.mark.django_db

SMALL = {"places": 12, "pledges": 120, "updates": 240}
FACTS = [Membership, Resolution, Strategy, Pledge, PledgeUpdate]
# On SQLite, Django splits an INSERT after 999 parameters: 37 pledges (27 columns).
FEWEST_ROWS_PER_INSERT = 30


def seed(*, seed: int = 1, **sizes) -> dict[str, int]:
    return synthetic.seed(seed=seed, **(sizes or SMALL))


def seed_command(*args, **options) -> str:
    out = StringIO()
    call_command("seed_synthetic", *args, stdout=out, **{**SMALL, **options})
    return out.getvalue()


def empty_database() -> None:
    """Deletes children first: most relations protect their rows."""
    for model in [Citation, PledgeUpdate, Pledge, Membership, Resolution, Strategy]:
        model.objects.all().delete()
    for model in [Network, Source, Place]:
        model.objects.all().delete()


def content() -> dict[str, list[tuple]]:
    """Every table's rows as tuples without ids, relations named by their keys."""
    tables = {
        Place: ["dataset_key", "name", "slug", "kind", "country", "region"],
        Source: ["url", "title", "publisher", "language", "published_on"],
        Network: ["slug", "name", "kind"],
        Membership: ["dataset_key", "place__dataset_key", "network__slug", "role"],
        Resolution: ["dataset_key", "place__dataset_key", "title", "kind"],
        Strategy: ["dataset_key", "place__dataset_key", "title", "status"],
        Pledge: ["dataset_key", "place__dataset_key", "title", "category", "status"],
        PledgeUpdate: ["dataset_key", "pledge__dataset_key", "status"],
        Citation: ["source__url", "pledge__dataset_key", "update__dataset_key"],
    }
    tables[Place] += ["population", "latitude", "longitude"]
    tables[Membership] += ["joined_on", "joined_on_precision", "left_on"]
    tables[Resolution] += ["adopted_on", "adopted_on_precision", "votes_for"]
    tables[Strategy] += ["year_start", "year_end", "adopted_on"]
    tables[Pledge] += ["target_min", "target_max", "qualifier", "unit", "period"]
    tables[Pledge] += ["announced_on", "announced_on_precision"]
    tables[Pledge] += ["resolution__dataset_key", "strategy__dataset_key"]
    tables[PledgeUpdate] += ["happened_on", "happened_on_precision"]
    tables[PledgeUpdate] += ["delivered_quantity"]
    tables[Citation] += ["resolution__dataset_key", "membership__dataset_key"]
    for model in FACTS:
        tables[model].append("review_state")
    return {
        model.__name__: sorted(model.objects.values_list(*fields), key=repr)
        for model, fields in tables.items()
    }


def test_the_same_seed_gives_the_same_rows():
    seed(seed=7)
    first = content()
    empty_database()

    seed(seed=7)

    assert content() == first
    assert len(first["PledgeUpdate"]) == SMALL["updates"]


def test_another_seed_gives_other_rows():
    seed(seed=7)
    first = content()
    empty_database()

    seed(seed=8)

    second = content()
    assert second["Pledge"] != first["Pledge"]
    assert second["PledgeUpdate"] != first["PledgeUpdate"]
    # The same rows by name, with other content.
    keys = {row[0] for row in second["Pledge"]}
    assert keys == {row[0] for row in first["Pledge"]}


def test_it_writes_the_planned_rows_and_reports_every_batch():
    reported = Counter()

    counts = synthetic.seed(
        seed=1, progress=lambda table, rows: reported.update({table: rows}), **SMALL
    )

    assert counts == synthetic.planned_counts(**SMALL)
    assert dict(reported) == {table: n for table, n in counts.items() if n}
    assert counts["pledges"] == Pledge.objects.count() == SMALL["pledges"]
    assert counts["citations"] == Citation.objects.count()
    assert counts["resolutions"] == SMALL["places"]


def test_small_batches_split_the_work_without_changing_the_totals(monkeypatch):
    monkeypatch.setattr(synthetic.seeder, "BATCH_SIZE", 25)
    batches = []

    counts = synthetic.seed(
        seed=1, progress=lambda table, rows: batches.append(rows), **SMALL
    )

    assert counts == synthetic.planned_counts(**SMALL)
    assert max(batches) == 25
    assert len(batches) > 2 * len(counts)


def test_it_refuses_a_database_holding_a_real_place():
    make_place(name="Realtown")

    with pytest.raises(CommandError) as refused:
        seed_command()

    message = str(refused.value)
    assert "real data (places: 1)" in message
    assert "--force" in message
    assert not synthetic.synthetic_data_present()


def test_with_force_it_seeds_beside_a_real_place_and_leaves_it_untouched():
    place = make_place(name="Realtown", population=1234, latitude=50, longitude=8)
    before = Place.objects.filter(pk=place.pk).values().get()

    seed_command(force=True)

    assert Place.objects.filter(pk=place.pk).values().get() == before
    assert synthetic.real_data_present() == {"places": 1}
    assert Place.objects.count() == 1 + SMALL["places"]
    assert not Pledge.objects.filter(place=place).exists()


def test_it_refuses_to_seed_twice_even_with_force():
    seed_command()

    for options in [{}, {"force": True}]:
        with pytest.raises(CommandError) as refused:
            seed_command(**options)
        assert "already holds synthetic rows" in str(refused.value)
        assert "fresh database" in str(refused.value)
    assert Pledge.objects.count() == SMALL["pledges"]


def test_seeding_tells_the_page_cache_once_it_commits(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks() as callbacks:
        seed()

    assert bump_facts_version in callbacks


def test_a_failure_half_way_leaves_nothing_written():
    def fail_at_updates(table, rows):
        if table == "updates":
            raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        synthetic.seed(seed=1, progress=fail_at_updates, **SMALL)

    assert not Place.objects.exists()
    assert not Citation.objects.exists()


def test_every_seeded_row_is_recognisably_synthetic():
    seed_command()

    for model in [Place, *FACTS]:
        assert model.objects.count() > 0
        assert not model.objects.exclude(dataset_key__startswith="synthetic:").exists()
    names = {
        Place: "name",
        Resolution: "title",
        Strategy: "title",
        Pledge: "title",
        PledgeUpdate: "summary",
        Network: "name",
        Source: "title",
        Citation: "quote",
    }
    for model, field in names.items():
        assert not model.objects.exclude(
            **{f"{field}__startswith": "Synthetic"}
        ).exists()
    assert not Place.objects.exclude(name__regex=r"^Synthetic place \d+$").exists()
    assert not Place.objects.exclude(slug__regex=r"^synthetic-place-\d+$").exists()
    assert not Network.objects.exclude(slug__regex=r"^synthetic-network-\d+$").exists()
    synthetic_urls = r"^https://synthetic\.example/source/\d+$"
    assert not Source.objects.exclude(url__regex=synthetic_urls).exists()
    assert not Source.objects.exclude(title__regex=r"^Synthetic source \d+$").exists()
    assert synthetic.is_synthetic_database()


def test_the_helpers_tell_synthetic_from_real_databases():
    assert not synthetic.is_synthetic_database()
    seed()
    assert synthetic.is_synthetic_database()
    assert synthetic.synthetic_data_present()["pledges"] == SMALL["pledges"]

    make_place()

    assert not synthetic.is_synthetic_database()


def test_seeded_rows_stay_apart_from_the_real_dataset():
    call_command("load_demo", stdout=StringIO())
    real = synthetic.real_data_present()
    demo_places = set(Place.objects.public().values_list("pk", "name"))
    demo_pledges = set(Pledge.objects.public().values_list("pk", "title"))
    assert not synthetic.synthetic_data_present()

    seed_command(force=True)

    real_places = Place.objects.public().exclude(dataset_key__startswith="synthetic:")
    real_pledges = Pledge.objects.public().exclude(dataset_key__startswith="synthetic:")
    assert set(real_places.values_list("pk", "name")) == demo_places
    assert set(real_pledges.values_list("pk", "title")) == demo_pledges
    assert synthetic.real_data_present() == real
    assert synthetic.synthetic_data_present()["places"] == SMALL["places"]


@pytest.mark.parametrize(
    ("options", "named"),
    [
        ({"places": -1}, "--places"),
        ({"pledges": -5}, "--pledges"),
        ({"updates": -1}, "--updates"),
        ({"places": 10_000_001}, "--places"),
        ({"updates": 20_000_000}, "--updates"),
        ({"places": 0, "pledges": 5, "updates": 0}, "--pledges"),
        ({"pledges": 0, "updates": 3}, "--updates"),
    ],
)
def test_nonsense_sizes_are_refused_naming_the_argument(options, named):
    with pytest.raises(CommandError, match=named):
        seed_command(**options)

    assert not Place.objects.exists()


def test_a_seed_that_is_no_number_is_refused():
    with pytest.raises(CommandError, match="--seed"):
        call_command("seed_synthetic", "--seed=abc", stdout=StringIO())


def test_unpublished_rows_exist_and_are_never_public():
    seed(places=20, pledges=400, updates=800)

    for model in [Membership, Resolution, Strategy, Pledge]:
        hidden = model.objects.exclude(review_state=ReviewState.PUBLISHED)
        assert hidden.exists()
        assert not model.objects.public().filter(pk__in=hidden).exists()
    hidden = Pledge.objects.exclude(review_state=ReviewState.PUBLISHED)
    assert set(hidden.values_list("review_state", flat=True)) == {
        ReviewState.DRAFT,
        ReviewState.SUBMITTED,
        ReviewState.RETURNED,
    }
    assert 0.01 <= hidden.count() / Pledge.objects.count() <= 0.15
    assert Pledge.objects.public().count() == 400 - hidden.count()
    of_hidden = PledgeUpdate.objects.filter(pledge__in=hidden)
    assert of_hidden.exists()
    assert not PledgeUpdate.objects.public().filter(pk__in=of_hidden).exists()


def values(model, field: str) -> set:
    return set(model.objects.values_list(field, flat=True))


def test_every_status_category_kind_and_precision_appears():
    seed(places=20, pledges=60, updates=60)

    precisions = {*Precision.values, ""}
    assert values(Pledge, "status") == set(PledgeStatus.values)
    assert values(Pledge, "category") == set(PledgeCategory.values)
    assert values(Pledge, "announced_on_precision") == precisions
    assert values(PledgeUpdate, "status") == set(PledgeStatus.values)
    assert values(PledgeUpdate, "happened_on_precision") == precisions
    assert values(Resolution, "kind") == set(ResolutionKind.values)
    assert values(Resolution, "adopted_on_precision") == precisions
    assert values(Strategy, "status") == set(StrategyStatus.values)
    assert values(Membership, "role") == set(MembershipRole.values)
    assert values(Network, "kind") == set(NetworkKind.values)
    assert values(Source, "published_on_precision") == precisions


def test_targets_are_single_numbers_ranges_or_none_stated():
    seed()

    single = Pledge.objects.filter(target_min__isnull=False, target_max__isnull=True)
    ranges = Pledge.objects.filter(target_min__lt=F("target_max"))
    none = Pledge.objects.filter(target_min__isnull=True, target_max__isnull=True)
    assert single.exists() and ranges.exists() and none.exists()
    assert single.count() + ranges.count() + none.count() == SMALL["pledges"]
    assert not none.exclude(unit="").exists()


def test_pledges_crowd_into_a_few_busy_places():
    seed(places=100, pledges=3_000, updates=0)

    per_place = Counter(Pledge.objects.values_list("place__name", flat=True))
    (busiest, most), (_, second) = per_place.most_common(2)
    median = statistics.median(per_place[name] for name in values(Place, "name"))
    assert busiest == "Synthetic place 1"
    assert most >= 1.5 * second
    assert most >= 20 * median
    assert len(values(Place, "country")) >= 5
    members = Membership.objects.values("place").distinct().count()
    assert 30 <= members <= 80
    assert Resolution.objects.count() == 100
    assert Strategy.objects.count() == 30


def test_updates_come_after_their_pledges_announcement():
    seed()

    dated = PledgeUpdate.objects.filter(
        happened_on__isnull=False, pledge__announced_on__isnull=False
    )
    assert dated.count() > SMALL["updates"] / 2
    assert not dated.filter(happened_on__lte=F("pledge__announced_on")).exists()
    assert Pledge.objects.annotate(n=Count("updates")).filter(n__gt=1).exists()


def test_every_fact_is_cited_once_from_a_pool_of_shared_sources():
    seed()

    for model in FACTS:
        cited = model.objects.annotate(n=Count("citations"))
        assert not cited.exclude(n=1).exists()
    busiest_source = Source.objects.annotate(n=Count("citations")).order_by("-n")[0]
    assert busiest_source.n > 10
    assert Source.objects.count() < Citation.objects.count() / 10


def queries_to_seed(**sizes) -> int:
    with CaptureQueriesContext(connection) as queries:
        seed(**sizes)
    return len(queries)


def test_queries_grow_with_batches_never_with_rows():
    small = queries_to_seed(places=20, pledges=200, updates=400)
    empty_database()

    large = queries_to_seed(places=20, pledges=2_000, updates=4_000)

    # Each added pledge and update also brings a citation.
    added_rows = 2 * (1_800 + 3_600)
    assert (large - small) * FEWEST_ROWS_PER_INSERT <= added_rows


def test_the_command_prints_a_summary_and_no_progress_bar_into_a_pipe(capsys):
    output = seed_command()

    assert f"pledges      {SMALL['pledges']:>12,}" in output
    assert "synthetic rows in" in output
    assert "\r" not in output
    assert capsys.readouterr().err == ""


class Terminal(StringIO):
    def isatty(self) -> bool:
        return True


def test_the_command_shows_a_progress_bar_on_a_terminal(monkeypatch):
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)

    call_command("seed_synthetic", stdout=Terminal(), **SMALL)

    assert "100%" in terminal.getvalue()
    assert "rows" in terminal.getvalue()


def planner_statistics_of_pledges() -> int:
    """Rows the database's planner believes the pledge table has (0: no statistics)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE name = 'sqlite_stat1'")
            if not cursor.fetchone():
                return 0
            cursor.execute(
                "SELECT stat FROM sqlite_stat1 WHERE tbl = 'commitments_pledge'"
            )
            # Each index's first figure is its rows (fewer for a partial index).
            return max((int(stat.split()[0]) for (stat,) in cursor), default=0)
        cursor.execute(
            "SELECT reltuples FROM pg_class WHERE relname = 'commitments_pledge'"
        )
        return max(0, int(cursor.fetchone()[0]))


def test_the_command_leaves_fresh_statistics_for_the_query_planner():
    seed_command()

    assert planner_statistics_of_pledges() == Pledge.objects.count() > 0
