"""A page's numbered list of sources, with the quotes the page relies on."""

from collections.abc import Iterable
from dataclasses import dataclass, field

from commitments.models import Pledge, Source


@dataclass
class NumberedSource:
    """One entry of a page's list of sources, with every quote the page relies on."""

    number: int
    source: Source
    quotes: list[str] = field(default_factory=list)


def number_sources(facts: Iterable) -> list[NumberedSource]:
    """Number the distinct sources of `facts` in the order the page shows the facts.

    Each fact gets `source_numbers`, the reference numbers to print after it. The
    facts' citations must be prefetched (`with_citations()`), or this runs a query
    per fact.
    """
    by_source: dict[int, NumberedSource] = {}
    for fact in facts:
        fact.source_numbers = []
        for citation in fact.citations.all():
            entry = by_source.get(citation.source_id)
            if entry is None:
                entry = NumberedSource(len(by_source) + 1, citation.source)
                by_source[citation.source_id] = entry
            if citation.quote and citation.quote not in entry.quotes:
                entry.quotes.append(citation.quote)
            if entry.number not in fact.source_numbers:
                fact.source_numbers.append(entry.number)
    return list(by_source.values())


def pledges_with_updates(pledges: Iterable[Pledge]) -> list:
    """Pledges each followed by its prefetched updates, in the order pages show them."""
    facts = []
    for pledge in pledges:
        facts.append(pledge)
        facts.extend(pledge.updates.all())
    return facts
