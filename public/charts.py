"""Bar charts drawn on the server as accessible SVG: no JavaScript, no image files.

Every chart carries its title as the SVG's <title> (role="img", aria-labelledby), and
pages show the same numbers in a table beside it (templates/includes/chart.html). All
markup is built with format_html, so labels from the database are always escaped.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

WIDTH = 640
LABEL_WIDTH = 240
VALUE_WIDTH = 90
BAR_AREA = WIDTH - LABEL_WIDTH - VALUE_WIDTH - 12
BAR_HEIGHT = 16
ROW_GAP = 10
LEGEND_LINE = 18
LABEL_CHARACTERS = 32


def format_number(value) -> str:
    """A whole number in the active language's notation: 1,234 or 1.234."""
    if value is None:
        return ""
    return number_format(
        Decimal(value).quantize(Decimal(1)), decimal_pos=0, force_grouping=True
    )


def _shorten(label: str) -> str:
    label = str(label)
    if len(label) <= LABEL_CHARACTERS:
        return label
    return label[: LABEL_CHARACTERS - 1].rstrip() + "…"


@dataclass
class BarChart:
    """A horizontal bar chart: one row per label, one bar per series in each row.

    `rows` are (label, [value per series]); `series` names the series, in order.
    `label_header` heads the table's first column; `links` may map a row's label to
    the address of the list behind it, linked from the table.
    """

    id: str
    title: str
    label_header: str
    series: Sequence[str]
    rows: list[tuple[str, list]] = field(default_factory=list)
    links: dict[str, str] = field(default_factory=dict)

    @property
    def is_empty(self) -> bool:
        return not self.rows

    @property
    def table_rows(self) -> list[tuple[str, str, list[str]]]:
        return [
            (label, self.links.get(label, ""), [format_number(v) for v in values])
            for label, values in self.rows
        ]

    def _scale(self) -> Decimal:
        largest = max(
            (Decimal(value or 0) for _label, values in self.rows for value in values),
            default=Decimal(0),
        )
        return Decimal(BAR_AREA) / largest if largest > 0 else Decimal(0)

    def _legend(self) -> list[SafeString]:
        """A key to the bar colours, one series a line, above the bars."""
        if len(self.series) < 2:
            return []
        return [
            format_html(
                '<rect class="chart-bar chart-bar--{}" x="{}" y="{}" width="12" '
                'height="12"></rect><text x="{}" y="{}">{}</text>',
                index,
                LABEL_WIDTH,
                4 + index * LEGEND_LINE,
                LABEL_WIDTH + 18,
                15 + index * LEGEND_LINE,
                name,
            )
            for index, name in enumerate(self.series)
        ]

    def svg(self) -> SafeString:
        scale = self._scale()
        top = LEGEND_LINE * len(self.series) + 8 if len(self.series) > 1 else 4
        row_height = BAR_HEIGHT * len(self.series) + ROW_GAP
        parts = self._legend()
        for row_index, (label, values) in enumerate(self.rows):
            y = top + row_index * row_height
            parts.append(
                format_html(
                    '<text class="chart-label" x="{}" y="{}" text-anchor="end">{}'
                    "</text>",
                    LABEL_WIDTH - 8,
                    y + BAR_HEIGHT * len(self.series) / 2 + 5,
                    _shorten(label),
                )
            )
            for index, value in enumerate(values):
                bar_y = y + index * BAR_HEIGHT
                width = round(Decimal(value or 0) * scale, 1)
                parts.append(
                    format_html(
                        '<rect class="chart-bar chart-bar--{}" x="{}" y="{}" '
                        'width="{}" height="{}"></rect>'
                        '<text class="chart-value" x="{}" y="{}">{}</text>',
                        index,
                        LABEL_WIDTH,
                        bar_y + 1,
                        width,
                        BAR_HEIGHT - 2,
                        LABEL_WIDTH + width + 6,
                        bar_y + BAR_HEIGHT - 3,
                        format_number(value),
                    )
                )
        height = top + len(self.rows) * row_height + 4
        return format_html(
            '<svg class="chart" xmlns="http://www.w3.org/2000/svg" role="img" '
            'aria-labelledby="{}-title" viewBox="0 0 {} {}" '
            'preserveAspectRatio="xMinYMin meet"><title id="{}-title">{}</title>'
            "{}</svg>",
            self.id,
            WIDTH,
            height,
            self.id,
            self.title,
            format_html_join("", "{}", ((part,) for part in parts)),
        )


def status_chart(statuses, *, chart_id: str, title: str, links=None) -> BarChart:
    """Pledges by status, from totals.pledges_by_status(); `links(status)` optional."""
    rows = [(str(label), [count]) for _value, label, count in statuses]
    chart_links = {}
    if links:
        chart_links = {str(label): links(value) for value, label, _n in statuses}
    return BarChart(
        id=chart_id,
        title=title,
        label_header=_("Status"),
        series=[_("pledges")],
        rows=rows,
        links=chart_links,
    )


def people_chart(groups, *, chart_id: str, title: str, label_header: str, links=None):
    """People pledged by places themselves, in national shares, and received, per
    group (country or category) from the totals module; groups with none left out."""
    rows = [
        (
            str(group.label),
            [
                group.people_pledged,
                group.people_in_national_shares,
                group.people_received,
            ],
        )
        for group in groups
        if group.people_pledged
        or group.people_in_national_shares
        or group.people_received
    ]
    chart_links = {}
    if links:
        chart_links = {str(group.label): links(group.key) for group in groups}
    return BarChart(
        id=chart_id,
        title=title,
        label_header=label_header,
        series=[
            _("people pledged by places themselves"),
            _("people in shares of national schemes"),
            _("people reported received"),
        ],
        rows=rows,
        links=chart_links,
    )


def category_chart(groups, *, chart_id: str, title: str, links=None) -> BarChart:
    """How many pledges each category has, from totals.totals_by_category()."""
    return BarChart(
        id=chart_id,
        title=title,
        label_header=_("Category"),
        series=[_("pledges")],
        rows=[(str(group.label), [group.pledges]) for group in groups],
        links={str(g.label): links(g.key) for g in groups} if links else {},
    )
