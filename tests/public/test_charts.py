"""Server-side SVG bar charts: accessible, escaped, the same numbers as their table."""

import re
from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from public.charts import BAR_AREA, LABEL_WIDTH, BarChart, format_number

pytestmark = pytest.mark.django_db


def chart(**overrides) -> BarChart:
    fields = {
        "id": "chart-test",
        "title": "Pledges by status",
        "label_header": "Status",
        "series": ["pledges"],
        "rows": [("adopted", [10]), ("blocked", [5]), ("withdrawn", [0])],
    }
    fields.update(overrides)
    return BarChart(**fields)


def bar_widths(svg: str) -> list[float]:
    return [float(width) for width in re.findall(r'<rect[^>]* width="([\d.]+)"', svg)]


def test_svg_is_an_image_labelled_by_its_title():
    svg = chart().svg()

    assert svg.startswith("<svg")
    assert 'role="img"' in svg
    assert 'aria-labelledby="chart-test-title"' in svg
    assert '<title id="chart-test-title">Pledges by status</title>' in svg


def test_bars_are_proportional_with_the_largest_filling_the_area():
    assert bar_widths(chart().svg()) == [BAR_AREA, BAR_AREA / 2, 0]


def test_values_are_written_beside_the_bars():
    svg = chart(rows=[("adopted", [Decimal("1234.4")])]).svg()

    assert ">1,234</text>" in svg


def test_labels_from_the_database_are_escaped():
    svg = chart(title="<script>x</script>", rows=[('"><b>bold', [1])]).svg()

    assert "<script>" not in svg
    assert "&lt;script&gt;" in svg
    assert "<b>" not in svg
    assert "&quot;&gt;&lt;b&gt;bold" in svg


def test_long_labels_are_shortened_in_the_svg_only():
    label = "blocked by a national or regional government"
    rendered = render_to_string(
        "includes/chart.html", {"chart": chart(rows=[(label, [3])])}
    )

    assert "blocked by a national or region…" in rendered
    assert f'<th scope="row">{label}</th>' in rendered


def test_several_series_get_a_legend_and_a_bar_each():
    grouped = chart(
        series=["pledged", "received"],
        rows=[("Germany", [300, 189]), ("Italy", [20, 0])],
    )

    svg = grouped.svg()

    assert svg.count('class="chart-bar chart-bar--0"') == 3  # 2 bars and a key
    assert svg.count('class="chart-bar chart-bar--1"') == 3
    assert ">received</text>" in svg
    assert bar_widths(svg)[2] == BAR_AREA  # the first bar after the legend keys


def test_an_all_zero_chart_draws_empty_bars_without_dividing_by_zero():
    assert bar_widths(chart(rows=[("adopted", [0])]).svg()) == [0]


def test_the_table_beside_the_chart_has_the_same_numbers_and_links():
    rendered = render_to_string(
        "includes/chart.html",
        {"chart": chart(links={"blocked": "/pledges/?status=blocked"})},
    )

    assert "<caption>Pledges by status</caption>" in rendered
    assert '<th scope="col" class="number">pledges</th>' in rendered
    assert '<a href="/pledges/?status=blocked">blocked</a>' in rendered
    assert '<td class="number">10</td>' in rendered
    assert '<td class="number">5</td>' in rendered


def test_an_empty_chart_says_so_instead_of_drawing():
    rendered = render_to_string("includes/chart.html", {"chart": chart(rows=[])})

    assert "<svg" not in rendered
    assert "nothing to show yet" in rendered


def test_numbers_follow_the_language():
    with translation.override("de"):
        assert format_number(Decimal("12345")) == "12.345"
    assert format_number(Decimal("12345")) == "12,345"


def test_labels_start_at_the_label_column():
    svg = chart().svg()

    assert f'x="{LABEL_WIDTH - 8}"' in svg
    assert 'text-anchor="end"' in svg
