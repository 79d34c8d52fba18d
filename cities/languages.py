"""The main language of each country in the data, for `lang` attributes on local names.

A place's local name is in its country's main language. Countries with several equal
official languages (Belgium, Switzerland, Luxembourg) have no main language: the name
could be in any of them, so pages leave the `lang` attribute out rather than guess.
"""

import unicodedata

COUNTRY_LANGUAGES: dict[str, str | None] = {
    "AL": "sq",
    "AT": "de",
    "BE": None,
    "BG": "bg",
    "CH": None,
    "CY": "el",
    "CZ": "cs",
    "DE": "de",
    "DK": "da",
    "EE": "et",
    "ES": "es",
    "FI": "fi",
    "FR": "fr",
    "GB": "en",
    "GR": "el",
    "HR": "hr",
    "HU": "hu",
    "IE": "en",
    "IT": "it",
    "LT": "lt",
    "LU": None,
    "LV": "lv",
    "MT": "mt",
    "NL": "nl",
    "NO": "no",
    "PL": "pl",
    "PT": "pt",
    "RO": "ro",
    "SE": "sv",
    "SI": "sl",
    "SK": "sk",
}

# Languages not written in Latin letters: GeoNames gives their place names romanized
# ("Thessaloníki"), which BCP 47 tags as e.g. "el-Latn".
_NON_LATIN_SCRIPT = {"bg", "el"}


def country_language(country_code: str) -> str | None:
    """The main language of a country, or None when it has none or is not listed."""
    return COUNTRY_LANGUAGES.get(str(country_code).upper())


def local_name_language(country_code: str, local_name: str) -> str | None:
    """The language tag of a place's local name, or None when it cannot be told."""
    language = country_language(country_code)
    if language in _NON_LATIN_SCRIPT and _is_latin(local_name):
        return f"{language}-Latn"
    return language


def _is_latin(text: str) -> bool:
    letters = [char for char in text if char.isalpha()]
    return bool(letters) and all(
        unicodedata.name(char, "").startswith("LATIN") for char in letters
    )
