"""Names of real entities, which a typo allowance must never turn into one another.

"Prussia" is one letter from "Russia" and "Kim Jong-il" two from "Kim Jong-un",
yet each names someone else: typed for the other, it is a wrong answer, not a
slip. Every country name pycountry knows (short, common and official) counts,
plus the short list in well_known_names.txt. Loading pycountry's tables takes
~30 ms, so it happens once, on the first answer that needs it.
"""

from __future__ import annotations

from functools import cache

__all__ = ["entity_names", "entity_of"]


def _forms(name: str) -> list[str]:
    """pycountry writes "Korea, Republic of"; people write "Republic of Korea"."""
    head, comma, tail = name.partition(", ")
    return [name, f"{tail} {head}"] if comma else [name]


@cache
def _entities() -> tuple[dict[str, int], dict[int, tuple[str, ...]]]:
    """Each known name, normalised, with the number of the entity it names; and each
    entity's names as written."""
    from importlib import resources  # here: it costs the app's start-up ~6 ms

    import pycountry

    from quiz.answers import normalise_answer  # here: quiz.answers imports this module

    groups: list[list[str]] = []
    for country in pycountry.countries:
        names = [getattr(country, key, None) for key in ("name", "common_name", "official_name")]
        groups.append([form for name in names if name for form in _forms(name)])
    for country in pycountry.historic_countries:
        # "USSR, Union of Soviet Socialist Republics": the part before the comma is the name.
        groups.append([country.name.partition(", ")[0]])
    text = resources.files("quiz").joinpath("well_known_names.txt").read_text("utf-8")
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            groups.append([name.strip() for name in line.split("|")])
    entities: dict[str, int] = {}
    names_of: dict[int, list[str]] = {}
    for number, names in enumerate(groups):
        keys = [normalise_answer(name).replace(" ", "") for name in names]
        # A name listed twice (Russia in the file and in pycountry) joins the two entries.
        same = next((entities[key] for key in keys if key in entities), number)
        for key, name in zip(keys, names, strict=True):
            entities.setdefault(key, same)
            names_of.setdefault(same, []).append(name)
    return entities, {number: tuple(dict.fromkeys(names)) for number, names in names_of.items()}


def entity_of(name: str) -> int | None:
    """The entity a normalised name belongs to, if it is a known name. Spaces do not
    count, so "Kim Jongil" is still Kim Jong-il."""
    return _entities()[0].get(name.replace(" ", ""))


def entity_names(entity: int) -> tuple[str, ...]:
    """Every name of a known entity, as written."""
    return _entities()[1][entity]
