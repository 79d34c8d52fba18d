"""Bad input never gives a server error: hypothesis throws malformed values at every
public query parameter, form field and address parameter of the site.

What to throw them at is read from the project, not listed here:

- the query parameters of a page, export, feed or API endpoint are the names its view
  reads from the query string while it answers (its FilterSet's filters, `page`,
  `page_size`, `format`, `excel`, `record`, whatever a later view adds);
- a form's fields are the names its view reads from the POST;
- the address parameters are the converters and groups of every route in the URLconf.

tests/opendata/test_api_fuzz.py runs schemathesis over the API's schema with values of
the declared types; this file sends what careless and hostile clients send, everywhere.
Every example only reads the data the test built, except the forms', whose writes the
test's transaction rolls back like any other.
"""

import re
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from typing import NamedTuple
from unittest import mock
from urllib.parse import quote, quote_from_bytes, urlencode

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.db import transaction
from django.http import QueryDict
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.resolvers import RegexPattern
from django.utils.http import url_has_allowed_host_and_scheme
from django_filters.constants import EMPTY_VALUES
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st
from rest_framework.settings import api_settings

from corrections.forms import CorrectionForm
from corrections.models import Correction
from opendata.api.urls import router
from opendata.views import EXPORT_FILTERS, EXPORT_FORMATS
from tests.builders import (
    cite,
    make_membership,
    make_network,
    make_place,
    make_pledge,
    make_practice,
    make_resolution,
    make_strategy,
    make_update,
)

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def fuzz(examples: int):
    """The same examples on every run (CI must not fail by chance); no deadline, as a
    shared CI machine is slow at times; the data built once per test, read-only."""
    return settings(
        max_examples=examples,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture],
    )


# What careless and hostile clients send; hypothesis adds text, numbers and dates.
NASTY_VALUES = [
    "",
    " ",
    "0",
    "-1",
    "-0",
    "1.5",
    "1e3",
    "1e400",
    "NaN",
    "nan",
    "inf",
    "-Infinity",
    "0x10",
    "²",
    "١٢٣",
    str(2**31),
    str(2**63),
    str(-(2**63) - 1),
    str(2**64),
    "9" * 30,
    "9" * 5000,
    "true",
    "null",
    "None",
    "[]",
    "{}",
    "'",
    '"',
    "' OR 1=1 --",
    "1; DROP TABLE cities_place",
    "%",
    "_",
    "%_%",
    "\\",
    ".*",
    "(",
    "[",
    "^$",
    "*",
    "?",
    "#",
    "&",
    "=",
    "\x00",
    "a\x00b",
    "\x7f",
    "e\u0301",
    "\u0301",
    "\u202eevil",
    "שלום",
    "🇩🇪",
    "👩‍👩‍👧",
    "\ufeff",
    "\r\n",
    "\t",
    "<script>alert(1)</script>",
    "../../etc/passwd",
    "..",
    ".",
    "%00",
    "%ff",
    "%2F",
    "x" * 10_000,
    "2019-02-30",
    "0000-01-01",
    "99999-01-01",
    "2020-13-01",
    "1899",
    "1900",
    "2100",
    "2101",
    "de",
    "XX",
    "ß",
    "İ",
]

# Any character a client can encode: everything but lone surrogates.
_text = st.text(st.characters(exclude_categories=["Cs"]), max_size=30)
# Just past the lengths a column or a form field holds, and far past them.
_long = st.builds(
    lambda char, length: char * length,
    st.sampled_from(["x", "9", "é", "🇩🇪", "%", " "]),
    st.sampled_from([151, 201, 256, 301, 501, 1026, 4001, 10_000]),
)


def bad_values():
    return st.one_of(
        st.sampled_from(NASTY_VALUES),
        _text,
        _long,
        st.integers().map(str),
        st.floats().map(str),
        st.dates().map(str),
        st.from_regex(r"-?\d{1,6}-\d{1,2}-\d{1,2}", fullmatch=True),
    )


def values(good: list[str] | tuple[str, ...] = ()):
    """A value for a parameter: a bad one, or now and then one it accepts, so that
    the bad value of another parameter meets the code behind a good one."""
    if not good:
        return bad_values()
    return st.one_of(bad_values(), st.sampled_from(list(good)))


def _pairs(names, good: dict[str, list[str]], max_size: int):
    """(name, value) pairs, mostly of `names`, now and then of a name nobody reads;
    a name may come twice (`?country=DE&country=`)."""
    name = st.one_of(
        st.sampled_from(sorted(names)) if names else st.nothing(),
        # Pagination other APIs use; a name nobody reads.
        st.sampled_from(["cursor", "limit", "offset", "page[size]", "", "x" * 300]),
        _text,
    )
    pair = name.flatmap(lambda key: st.tuples(st.just(key), values(good.get(key, ()))))
    return st.lists(pair, max_size=max_size)


def query_strings(names, good: dict[str, list[str]]):
    return _pairs(names, good, max_size=6).map(urlencode)


def form_bodies(names, good: dict[str, list[str]]):
    """Bodies with every field of a form filled, well or badly, and a few more pairs,
    so that a bad value meets the code behind the others' good ones."""
    every_field = st.tuples(
        *[
            st.tuples(st.just(name), values(good.get(name, ())))
            for name in sorted(names)
        ]
    )
    return st.tuples(every_field, _pairs(names, good, max_size=2)).map(
        lambda parts: urlencode([*parts[0], *parts[1]])
    )


# Headers a client sends along; the view's answer may depend on them.
headers = st.fixed_dictionaries(
    {},
    optional={
        "Accept": st.sampled_from(
            ["text/html", "application/json", "*/*", "text/csv", "a/b;q=x", ";;"]
        ),
        "Accept-Language": st.sampled_from(["de", "de-DE,de;q=0.9", "xx", "*;q=abc"]),
        "If-None-Match": st.sampled_from(['"abc"', "*", "W/", '"' * 50]),
        "If-Modified-Since": st.sampled_from(
            ["Sun, 06 Nov 1994 08:49:37 GMT", "99999-01-01", "0", "Sun, 30 Feb 2019"]
        ),
    },
)


@dataclass
class Dataset:
    """One of each public record, so that filters and addresses can hit real rows."""

    place: object
    network: object
    pledge: object
    resolution: object
    strategy: object


@pytest.fixture
def data() -> Dataset:
    place = make_place(slug="fuzzton", country="DE")
    network = make_network(slug="fuzz-network")
    make_membership(place=place, network=network)
    pledge = make_pledge(place=place)
    cite(pledge)
    make_update(pledge=pledge)
    resolution = make_resolution(place=place)
    cite(resolution)
    strategy = make_strategy(place=place)
    make_practice(place=place)
    make_pledge(place=make_place(country="FR"))
    return Dataset(place, network, pledge, resolution, strategy)


def _get(client, path: str, query: str = "", **request_headers):
    # A savepoint per request: on PostgreSQL, a query that failed would otherwise
    # leave the test's transaction unusable for the examples after it.
    with transaction.atomic():
        return client.get(path, QUERY_STRING=query, headers=request_headers)


def _post(client, path: str, body: str):
    with transaction.atomic():
        return client.post(path, body, content_type="application/x-www-form-urlencoded")


@contextmanager
def names_read_from_requests():
    """The names views read meanwhile from request.GET and request.POST (QueryDicts):
    the parameters a page understands, found by asking the page itself."""
    names = set()

    def recording(method):
        def read(self, key, *args, **kwargs):
            names.add(key)
            return method(self, key, *args, **kwargs)

        return read

    with ExitStack() as stack:
        for method in ("__getitem__", "__contains__", "get", "getlist"):
            original = getattr(QueryDict, method)
            stack.enter_context(
                mock.patch.object(QueryDict, method, recording(original))
            )
        yield names


def address_values(data: Dataset) -> dict[str, list[str]]:
    """Values the addresses' parameters accept: the dataset's records, the formats."""
    return {
        "slug": [data.place.slug, data.network.slug],
        "pk": [str(record.pk) for record in vars(data).values()],
        "iso2": ["DE", "de"],
        "code": ["DE"],
        "fmt": list(EXPORT_FORMATS),
        "format": [
            renderer.format for renderer in api_settings.DEFAULT_RENDERER_CLASSES
        ],
    }


def good_values(data: Dataset) -> dict[str, list[str]]:
    """Values each parameter accepts: the choices of every FilterSet's form fields,
    and a few for the parameters that are not filters."""
    filtersets = {*EXPORT_FILTERS.values()} | {
        viewset.filterset_class
        for _prefix, viewset, _basename in router.registry
        if getattr(viewset, "filterset_class", None)
    }
    good = address_values(data) | {
        "page": ["1", "2"],
        "page_size": ["1", "500"],
        "excel": ["1"],
        "record": [f"pledge:{data.pledge.pk}", f"network:{data.network.pk}"],
        "place": [data.place.slug],
        "network": [data.network.slug],
        "pledge": [str(data.pledge.pk)],
        # The forms' fields.
        "language": [code for code, _name in django_settings.LANGUAGES],
        "next": ["/pledges/?status=adopted", "/de/cities/", "https://example.com/"],
        "message": ["The council voted in March, not in May."],
        "source_url": ["https://example.org/minutes"],
        "email": ["reader@example.org"],
        "username": ["editor@example.org"],
    }
    for filterset_class in filtersets:
        for name, field in filterset_class(data={}).form.fields.items():
            for value, _label in getattr(field, "choices", []):
                if value not in EMPTY_VALUES:
                    good.setdefault(name, []).append(str(value))
    return good


# Addresses


class Parameter(NamedTuple):
    name: str
    regex: re.Pattern


@dataclass
class Route:
    """A route of the URLconf: its name, and its pieces, text or parameters."""

    name: str
    pieces: list[str | Parameter]

    def __str__(self):
        return "".join(
            piece if isinstance(piece, str) else f"<{piece.name}>"
            for piece in self.pieces
        )


_ROUTE_PARAMETER = re.compile(r"<(?:[^>:]+:)?([^>]+)>")
_REGEX_GROUP = re.compile(r"\(\?P<(\w+)>([^()]*)\)")


def _pieces(pattern) -> list[str | Parameter]:
    """A pattern's text and parameters, whether a path() route or a regex (DRF)."""
    text = str(pattern)
    if not isinstance(pattern, RegexPattern):
        parts = _ROUTE_PARAMETER.split(text)
        return [
            part
            if i % 2 == 0
            else Parameter(part, re.compile(pattern.converters[part].regex))
            for i, part in enumerate(parts)
        ]
    parts = _REGEX_GROUP.split(text)
    pieces = []
    for i, part in enumerate(parts):
        if i % 3 == 0:
            # What a regex route matches literally: DRF's `^places\.`, `/?$`.
            literal = re.sub(r"\\(.)", r"\1", part.replace("/?", ""))
            pieces.append(literal.strip("^$"))
        elif i % 3 == 2:
            pieces.append(Parameter(parts[i - 1], re.compile(part)))
    return pieces


def _routes(patterns=None, prefix=(), namespace="") -> list[Route]:
    """Every route of the site but the admin's, which only editors may use."""
    routes = []
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        if str(entry.pattern).startswith("admin/"):
            continue
        pieces = [*prefix, *_pieces(entry.pattern)]
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            routes += _routes(entry.url_patterns, pieces, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            routes.append(Route(f"{namespace}{entry.name}", pieces))
    return routes


ROUTES = _routes()
ROUTES_WITH_PARAMETERS = [
    route
    for route in ROUTES
    if any(isinstance(piece, Parameter) for piece in route.pieces)
]


def real_addresses(data: Dataset) -> list[str]:
    """One address per route that names real records: each route without
    parameters, and each route with parameters filled from the dataset."""
    filled = {
        "public:country-detail": [{"iso2": "DE"}],
        "public:network-detail": [{"slug": data.network.slug}],
        "public:place-detail": [{"slug": data.place.slug}],
        "public:pledge-detail": [{"pk": data.pledge.pk}],
        "public:resolution-detail": [{"pk": data.resolution.pk}],
        "public:strategy-detail": [{"pk": data.strategy.pk}],
        "opendata:place-feed": [{"slug": data.place.slug}],
        "opendata:country-feed": [{"code": "DE"}],
        "opendata:network-feed": [{"slug": data.network.slug}],
        "sitemap-section": [{"section": "places"}],
        "api:api-root": [{"format": "json"}],
        **{
            f"opendata:{table}-export": [{"fmt": fmt} for fmt in EXPORT_FORMATS]
            for table in EXPORT_FILTERS
        },
        **{
            f"api:{basename}-detail": [
                {"pk": viewset().get_queryset().first().pk},
                {"pk": viewset().get_queryset().first().pk, "format": "json"},
            ]
            for _prefix, viewset, basename in router.registry
        },
        **{
            f"api:{basename}-list": [{"format": "json"}]
            for _prefix, viewset, basename in router.registry
        },
    }
    # A page about one record, named in the query string.
    queries = {"corrections:correction-create": f"?record=pledge:{data.pledge.pk}"}
    # No real value to give: no release exists in the tests, and the links' tokens
    # are made for one user at a time. Their parameters are fuzzed all the same.
    no_real_value = {
        "opendata:release-file",
        "password_reset_confirm",
        "invitation_accept",
    }
    addresses = []
    for route in ROUTES:
        if route not in ROUTES_WITH_PARAMETERS:
            addresses.append(reverse(route.name) + queries.get(route.name, ""))
            continue
        assert route.name in filled or route.name in no_real_value, (
            f"{route}: say which real record its parameters may name"
        )
        for kwargs in filled.get(route.name, []):
            addresses.append(reverse(route.name, kwargs=kwargs))
    return sorted(set(addresses))


# The tests


def test_the_routes_are_found_with_their_parameters():
    names = {route.name for route in ROUTES}
    assert {"public:pledge-list", "api:pledge-detail", "set_language"} <= names
    assert "admin:index" not in names
    assert any(str(route) == "countries/<iso2>/" for route in ROUTES_WITH_PARAMETERS), [
        str(route) for route in ROUTES_WITH_PARAMETERS
    ]


def test_every_real_address_answers_a_plain_get(client, data):
    for address in real_addresses(data):
        path, _sep, query = address.partition("?")
        assert _get(client, path, query).status_code in (200, 301, 302), address


def test_the_filters_are_found_by_asking_the_pages(client, data):
    # The recording must see every filter of each list, export and API endpoint, or
    # the fuzzing below would leave filters out without a word.
    for filterset_class, addresses in _faces_of_each_filterset(client, data).items():
        for address in addresses:
            with names_read_from_requests() as names:
                _get(client, address)
            assert set(filterset_class.base_filters) <= names, address


@pytest.mark.parametrize(
    "route",
    ROUTES_WITH_PARAMETERS,
    ids=[str(route) for route in ROUTES_WITH_PARAMETERS],
)
@fuzz(examples=12)
@given(choices=st.data())
def test_no_address_parameter_gives_a_server_error(client, data, route, choices):
    path = ""
    for piece in route.pieces:
        if isinstance(piece, str):
            path += piece
            continue
        value = choices.draw(
            st.one_of(
                values(address_values(data).get(piece.name, ())),
                # Values the route accepts, so that the view gets them.
                st.from_regex(piece.regex, fullmatch=True),
                # Bytes that are no UTF-8, percent-encoded as a client sends them.
                st.binary(min_size=1, max_size=6),
            )
        )
        if isinstance(value, bytes):
            path += quote_from_bytes(value, safe="")
        else:
            path += quote(value, safe="")
    note(path)

    response = _get(client, "/" + path)

    assert response.status_code < 500


def test_no_query_string_gives_a_server_error(client, data):
    good = good_values(data)
    for address in real_addresses(data):
        path, _sep, fixed = address.partition("?")
        with names_read_from_requests() as names:
            _get(client, path, fixed)
        _never_a_server_error_for_query_strings(client, path, fixed, names, good)


def _never_a_server_error_for_query_strings(client, path, fixed, names, good):
    @fuzz(examples=15)
    @given(query=query_strings(names, good), sent_headers=headers)
    def never_a_server_error(query, sent_headers):
        full_query = f"{fixed}&{query}" if fixed else query
        note(f"{path}?{full_query}")
        response = _get(client, path, full_query, **sent_headers)
        assert response.status_code < 500

    never_a_server_error()


def _list_pages(client, data: Dataset) -> dict[str, type]:
    """The reader's lists: the public pages that show a FilterSet's form."""
    pages = {}
    for route in ROUTES:
        if not route.name.startswith("public:") or route in ROUTES_WITH_PARAMETERS:
            continue
        address = reverse(route.name)
        response = _get(client, address)
        if "filterset" in response.context:
            pages[address] = type(response.context["filterset"])
    assert len(pages) >= 4, pages
    return pages


def _was_given(field, name: str, query: QueryDict) -> bool:
    """Whether the field got a value that is not blank: the last of a repeated single
    value, any of a multiple one, as the field's widget reads them."""
    value = field.widget.value_from_datadict(query, {}, name)
    values = value if isinstance(value, list) else [value]
    return any(value is not None and str(value).strip() for value in values)


def test_lists_answer_bad_filters_with_their_form_and_its_errors(client, data):
    good = good_values(data)
    for path, filterset_class in _list_pages(client, data).items():
        names = {*filterset_class.base_filters, "page"}
        _bad_filters_shown_back_never_ignored(client, path, names, good)


def _bad_filters_shown_back_never_ignored(client, path, names, good):
    @fuzz(examples=40)
    @given(query=query_strings(names, good))
    def shown_back_never_ignored(query):
        note(f"{path}?{query}")
        response = _get(client, path, query)
        html = response.content.decode()
        form = response.context["filterset"].form
        if response.status_code == 400:
            assert form.errors
            for field in form.errors:
                assert f'href="#id_{field}"' in html
            assert "page_obj" not in response.context
            return
        assert not form.errors
        if response.status_code == 404:
            assert "There is no such page of results" in html
            return
        assert response.status_code == 200
        # A value the form took is used: a filter never drops what it was given.
        sent = response.wsgi_request.GET
        for name, field in form.fields.items():
            if _was_given(field, name, sent):
                assert form.cleaned_data[name] not in EMPTY_VALUES, name

    shown_back_never_ignored()


def _faces_of_each_filterset(client, data: Dataset) -> dict[type, list[str]]:
    """Every FilterSet with the addresses that read it: its list page, its exports
    and its API endpoint."""
    faces = {}
    for path, filterset_class in _list_pages(client, data).items():
        faces.setdefault(filterset_class, []).append(path)
    for table, filterset_class in EXPORT_FILTERS.items():
        for fmt in EXPORT_FORMATS:
            address = reverse(f"opendata:{table}-export", kwargs={"fmt": fmt})
            faces.setdefault(filterset_class, []).append(address)
    for _prefix, viewset, basename in router.registry:
        if getattr(viewset, "filterset_class", None):
            address = reverse(f"api:{basename}-list")
            faces.setdefault(viewset.filterset_class, []).append(address)
    return faces


def test_pages_exports_and_api_agree_on_which_filters_are_malformed(client, data):
    good = good_values(data)
    for filterset_class, addresses in _faces_of_each_filterset(client, data).items():
        _same_answer_everywhere(client, addresses, filterset_class.base_filters, good)


def _same_answer_everywhere(client, addresses, names, good):
    @fuzz(examples=25)
    @given(query=query_strings(names, good))
    def same_answer_everywhere(query):
        note(query)
        statuses = {
            address: _get(client, address, query).status_code for address in addresses
        }
        assert set(statuses.values()) in ({200}, {400}), statuses

    same_answer_everywhere()


def _forms(client, data: Dataset) -> dict[str, set[str]]:
    """The forms anyone may send, with their fields: every address whose view reads
    from a POST what it does not read from the query string, and the admin's
    sign-in, the one page of the admin open to all."""
    forms = {}
    for address in [*real_addresses(data), reverse("admin:login")]:
        path, _sep, query = address.partition("?")
        with names_read_from_requests() as read_on_get:
            _get(client, path, query)
        with names_read_from_requests() as read_on_post:
            _post(client, address, "")
        if read_on_post - read_on_get:
            forms[address] = read_on_post
    return forms


def test_no_form_input_gives_a_server_error(client, data):
    good = good_values(data)
    forms = _forms(client, data)
    assert len(forms) >= 4, forms
    for address, names in forms.items():
        _never_a_server_error_for_form_bodies(client, address, names, good)


def _never_a_server_error_for_form_bodies(client, address, names, good):
    @fuzz(examples=20)
    @given(body=form_bodies(names, good))
    def never_a_server_error(body):
        note(f"POST {address} {body}")
        # Rate limits and lockouts would soon answer every example alike.
        cache.clear()
        response = _post(client, address, body)
        assert response.status_code < 500

    never_a_server_error()


def test_a_correction_is_saved_or_shown_back_with_its_errors(client, data):
    address = (
        f"{reverse('corrections:correction-create')}?record=pledge:{data.pledge.pk}"
    )
    good = good_values(data)

    @fuzz(examples=30)
    @given(body=form_bodies(CorrectionForm.base_fields, good))
    def saved_or_shown_back(body):
        note(body)
        cache.clear()
        saved_before = Correction.objects.count()
        response = _post(client, address, body)
        if response.status_code == 200:
            assert response.context["form"].errors
            assert Correction.objects.count() == saved_before
            return
        assert response.status_code == 302
        assert response["Location"] == reverse("corrections:thanks")
        sent = response.wsgi_request.POST
        # Saved, unless the bots' trap was filled.
        assert Correction.objects.count() == saved_before + (not sent.get("website"))

    saved_or_shown_back()


def test_the_language_switch_never_leaves_the_site(client, data):
    address = reverse("set_language")
    good = good_values(data)

    @fuzz(examples=30)
    @given(body=form_bodies({"language", "next"}, good), sent_headers=headers)
    def stays_on_the_site(body, sent_headers):
        note(body)
        with transaction.atomic():
            response = client.post(
                address,
                body,
                content_type="application/x-www-form-urlencoded",
                headers=sent_headers,
            )
        assert response.status_code in (204, 302)
        if response.status_code == 302:
            assert url_has_allowed_host_and_scheme(
                response["Location"], allowed_hosts={"testserver"}
            )

    stays_on_the_site()
