"""The languages of the instant answers: one module each, registered here.

Adding a language is adding its module (a copy of `en.py`, translated) and
naming it in `REGISTRY`; `tests/agent/test_languages.py` then checks that it
has every sentence, phrase and plural form English has.
"""

from __future__ import annotations

from typing import Final

from custom_components.autoarr.agent.language import Language

from . import de, en, es, fr, it, nl, pl, pt, pt_br

REGISTRY: Final[dict[str, Language]] = {
    language.code: language
    for language in (
        en.LANGUAGE,
        de.LANGUAGE,
        fr.LANGUAGE,
        es.LANGUAGE,
        nl.LANGUAGE,
        it.LANGUAGE,
        pt.LANGUAGE,
        pt_br.LANGUAGE,
        pl.LANGUAGE,
    )
}
ENGLISH: Final = REGISTRY["en"]


def language_of(language: str | None) -> str:
    """Return the answer language for a request language ("de-AT" -> "de").

    A regional variant with data of its own ("pt-BR") is that variant; any
    other is its language ("pt-PT" -> "pt"); an unknown one is English.
    """
    tag = (language or "en").replace("_", "-")
    primary, _, region = tag.partition("-")
    variant = f"{primary.lower()}-{region.upper()}"
    if region and variant in REGISTRY:
        return variant
    return primary.lower() if primary.lower() in REGISTRY else "en"


def get(language: str | None) -> Language:
    """Return the data of the answer language for a request language."""
    return REGISTRY[language_of(language)]
