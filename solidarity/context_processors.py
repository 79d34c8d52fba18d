from dataclasses import dataclass

from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language, get_language_info


@dataclass(frozen=True)
class Alternate:
    """The current page in one language."""

    hreflang: str
    url: str


@dataclass(frozen=True)
class LanguageLink:
    """The language switch's link to the current page in one language."""

    code: str
    name: str
    url: str
    current: bool


def language_alternates(request):
    """The current page in every language, for `<link rel="alternate">` and the switch.

    Each value is a function, so it is computed only when a template asks for it.
    """

    def alternates() -> list[Alternate]:
        url = request.build_absolute_uri()
        links = [
            Alternate(code, translate_url(url, code)) for code, _ in settings.LANGUAGES
        ]
        default = translate_url(url, settings.LANGUAGE_CODE)
        return [*links, Alternate("x-default", default)]

    def language_links() -> list[LanguageLink]:
        # A page that does not resolve (a 404) keeps its address in every language.
        path = request.get_full_path()
        active = get_language()
        return [
            LanguageLink(
                code=code,
                name=get_language_info(code)["name_local"],
                url=translate_url(path, code),
                current=code == active,
            )
            for code, _name in settings.LANGUAGES
        ]

    return {"language_alternates": alternates, "language_links": language_links}
