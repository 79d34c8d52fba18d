from dataclasses import dataclass

from django.conf import settings
from django.urls import translate_url


@dataclass(frozen=True)
class Alternate:
    """The current page in one language."""

    hreflang: str
    url: str


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

    def switch_next() -> str:
        # set_language translates `next` into the chosen language, but only from the
        # language active while it runs: at the unprefixed /i18n/setlang/ that is
        # always the default one. A German address would come back unchanged.
        return translate_url(request.get_full_path(), settings.LANGUAGE_CODE)

    return {"language_alternates": alternates, "language_switch_next": switch_next}
