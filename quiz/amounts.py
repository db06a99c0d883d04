"""Numbers and dates in typed answers: the value a text names, and other ways to write it.

A teacher marks "seven" right for 7 and "12 million" right for "more than $12
million", and marks "May 2024" wrong for "March 2024" however alike they look.
So number and date answers are compared by what they say, not letter by letter:
an amount by its value, unit and qualifier, a date at the precision the expected
answer gives. The parsers (text2num, python-dateutil, num2words) are imported on
first use, because the study app starts without ever needing them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from functools import cache, lru_cache

__all__ = [
    "Amount",
    "Bound",
    "PartialDate",
    "amount",
    "amount_forms",
    "date_forms",
    "partial_date",
    "same_amount",
    "same_date",
]


class Bound(Enum):
    """What a qualifier says about the true value beside the number written."""

    ABOVE = "above"  # more than, over, at least
    BELOW = "below"  # less than, under, up to, nearly, almost
    NEAR = "near"  # about, around, roughly


_QUALIFIERS = {
    Bound.ABOVE: (
        "more than",
        "over",
        "above",
        "at least",
        "upwards of",
        "in excess of",
        "exceeding",
        "greater than",
        "no fewer than",
        "no less than",
        "a minimum of",
    ),
    Bound.BELOW: (
        "less than",
        "fewer than",
        "under",
        "below",
        "up to",
        "at most",
        "no more than",
        "a maximum of",
        "nearly",
        "almost",
        "just under",
    ),
    Bound.NEAR: (
        "about",
        "around",
        "approximately",
        "approx.",
        "approx",
        "roughly",
        "circa",
        "some",
        "an estimated",
        "estimated",
        "close to",
        "~",
    ),
}
_BOUND_OF = {phrase: bound for bound, phrases in _QUALIFIERS.items() for phrase in phrases}
# Longest first, so "no more than" is not read as "more than" after a stray "no".
_QUALIFIER = re.compile(
    "|".join(re.escape(p) for p in sorted(_BOUND_OF, key=len, reverse=True)) + r"(?=\s|\d|$)"
)
_CURRENCY_SIGNS = {"$": "usd", "us$": "usd", "€": "eur", "£": "gbp"}
_CURRENCY_WORDS = {
    "usd": "usd",
    "us dollars": "usd",
    "dollars": "usd",
    "eur": "eur",
    "euros": "eur",
    "gbp": "gbp",
    "pounds": "gbp",
    "percent": "%",
    "per cent": "%",
    "%": "%",
}
_SCALES = {"thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12}
# After text2num, "100 million" reads "100 1000000": a scale written as digits.
_SCALE_DIGITS = {str(value): value for value in _SCALES.values()}
_AMOUNT = re.compile(
    r"(?P<sign>us\$|[$€£])?\s*"
    r"(?P<number>\d+(?:\.\d+)?)"
    rf"(?:\s+(?P<scale>{'|'.join([*_SCALES, *_SCALE_DIGITS])}))?"
    r"(?![\d.])\s*(?P<rest>.*)"
)
_UNIT_WORDS = re.compile(
    r"^(?P<unit>"
    + "|".join(re.escape(w) for w in sorted(_CURRENCY_WORDS, key=len, reverse=True))
    + r")(?=\W|$)\s*"
)
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")
_LEADING_A = re.compile(r"^an?\s+(?=\d)")  # "a million" is one million


@dataclass(frozen=True)
class Amount:
    """A number answer: "more than $12 million" is 12e6, above, usd, as written."""

    value: float
    bound: Bound | None
    unit: str | None  # "usd", "eur", "gbp" or "%"
    rest: str  # the words after the number, lowercased ("people"), "" if none
    # As written, for the other forms of the same answer.
    qualifier: str = ""
    number: str = ""
    scale: str = ""
    sign: str = ""
    unit_word: str = ""


@cache
def _text2num() -> tuple[Callable[..., str], Callable[..., int]]:
    from text_to_num import alpha2digit, text2num

    return alpha2digit, text2num


@lru_cache(maxsize=1 << 14)
def amount(text: str) -> Amount | None:
    """The amount `text` names, if it is a number with at most a qualifier before it
    and a unit or noun after it ("about 100 million people"), else None ("Apollo 11")."""
    plain = " ".join(text.casefold().split())
    if not plain:
        return None
    qualifier, bound = "", None
    if match := _QUALIFIER.match(plain):
        qualifier, bound = match.group(), _BOUND_OF[match.group()]
        plain = plain[match.end() :].lstrip()
    if not any(char.isdigit() for char in plain):
        alpha2digit, text2num = _text2num()
        try:  # a whole phrase of number words; alpha2digit leaves a lone "one" alone
            plain = str(text2num(plain, "en"))
        except ValueError:
            plain = alpha2digit(plain, "en", threshold=0)
    plain = _LEADING_A.sub("", _THOUSANDS.sub("", plain))
    match = _AMOUNT.fullmatch(plain)
    if match is None:
        return None
    value = float(match["number"])
    scale = match["scale"] or ""
    if scale:
        value *= _SCALES.get(scale) or _SCALE_DIGITS[scale]
    unit = _CURRENCY_SIGNS.get(match["sign"] or "")
    rest, unit_word = match["rest"].strip(), ""
    if unit_match := _UNIT_WORDS.match(rest):
        unit_word = unit_match["unit"]
        unit = unit or _CURRENCY_WORDS[unit_word]
        rest = rest[unit_match.end() :]
    rest = " ".join(re.sub(r"[^\w\s]", " ", rest).split())
    return Amount(
        value,
        bound,
        unit,
        rest,
        qualifier=qualifier,
        number=match["number"],
        scale=scale if scale in _SCALES else "",
        sign=match["sign"] or "",
        unit_word=unit_word,
    )


def same_amount(given: Amount, expected: Amount) -> bool:
    """Whether `given` says what `expected` says, as a teacher would mark it.

    The value must be equal. A unit or trailing noun may be left out but not changed.
    A qualifier may be left out, and "about" never contradicts; but a bound must
    point the way the expected one does: "at least" for "more than" is right,
    "less than" for "more than" and "more than" for "about" are wrong.
    """
    if given.value != expected.value:
        return False
    if given.unit and expected.unit and given.unit != expected.unit:
        return False
    if given.rest and given.rest != expected.rest:
        return False
    return given.bound in (None, Bound.NEAR) or given.bound is expected.bound


def _words(number: float) -> str | None:
    if number != int(number):
        return None  # "one point five" is rarely how anyone types 1.5
    from num2words import num2words

    return num2words(int(number))


def amount_forms(found: Amount) -> list[str]:
    """The common ways to write `found`, with and without its qualifier, unit and noun:
    "more than $12 million" also as "12 million", "$12,000,000", "twelve million"..."""
    mantissa = float(found.number)
    whole = found.value
    digits = f"{whole:.0f}" if whole == int(whole) else f"{whole:g}"
    grouped = f"{int(whole):,}" if whole == int(whole) else digits
    values = [f"{found.number} {found.scale}" if found.scale else found.number, grouped, digits]
    words = _words(mantissa) if found.scale else _words(whole)
    spelt = f"{words} {found.scale}".strip().replace(",", "") if words else None
    forms = []
    for qualifier in dict.fromkeys((found.qualifier, "")):
        for sign, unit_word in dict.fromkeys(((found.sign, found.unit_word), ("", ""))):
            # "$twelve million" and "forty%" are nobody's way of writing it.
            fits_words = not sign and unit_word != "%"
            spaced = f" {unit_word}" if unit_word and unit_word != "%" else unit_word
            for rest in dict.fromkeys((found.rest, "")):
                for value in [*values, *([spelt] if spelt and fits_words else [])]:
                    forms.append(" ".join(f"{qualifier} {sign}{value}{spaced} {rest}".split()))
    return forms


# -- dates ------------------------------------------------------------------------

_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_YEAR = re.compile(r"(?<!\d)\d{4}(?!\d)")
_LEADING_WORD = re.compile(r"^(?:in|on|the)\s+", re.IGNORECASE)
_NUMERIC_DATE = re.compile(r"(\d{1,2})[/.](\d{1,2})[/.](\d{4})")
# Two defaults that differ in every field: a field both parses agree on was written.
_DEFAULTS = (datetime(2000, 1, 1), datetime(1996, 2, 2))  # both leap years, for 29 February


@dataclass(frozen=True)
class PartialDate:
    """A date as precise as it was written: "March 2024" has no day."""

    year: int
    month: int | None = None
    day: int | None = None


@lru_cache(maxsize=1 << 14)
def partial_date(text: str) -> PartialDate | None:
    """The date `text` names, if it names one with a year; else None ("North Korea", "7").

    "24/02/2022" and "02/24/2022" are read the only way they can be; "02/03/2022"
    could be either, so it is not read as a date at all.
    """
    plain = _LEADING_WORD.sub("", text.strip())
    if not _YEAR.search(plain):
        return None
    numeric = _NUMERIC_DATE.fullmatch(plain)
    if numeric and int(numeric[1]) <= 12 and int(numeric[2]) <= 12 and numeric[1] != numeric[2]:
        return None
    from dateutil import parser

    try:
        first, second = (parser.parse(plain, default=default) for default in _DEFAULTS)
    except (ValueError, OverflowError):
        return None
    if first.year != second.year or (first.hour, first.minute) != (0, 0):
        return None
    month = first.month if first.month == second.month else None
    day = first.day if first.day == second.day else None
    if day is not None and month is None:
        return None  # "24 2022" is not a way to write a date
    return PartialDate(first.year, month, day)


def same_date(given: PartialDate, expected: PartialDate) -> bool:
    """Whether `given` is right at the precision `expected` is written in: for
    "March 2024", "4 March 2024" is right, "2024" too vague and "May 2024" wrong."""
    return all(
        want is None or got == want
        for got, want in (
            (given.year, expected.year),
            (given.month, expected.month),
            (given.day, expected.day),
        )
    )


def date_forms(found: PartialDate) -> list[str]:
    """The common written forms of `found` at its own precision."""
    year = str(found.year)
    if found.month is None:
        return [year]
    name = _MONTHS[found.month - 1]
    short = name[:3]
    if found.day is None:
        return [f"{name} {year}", f"{short} {year}", f"{year}-{found.month:02d}"]
    day = found.day
    forms = [
        f"{day} {name} {year}",
        f"{name} {day}, {year}",
        f"{day} {short} {year}",
        f"{short} {day}, {year}",
        f"{year}-{found.month:02d}-{day:02d}",
    ]
    if day > 12 or day == found.month:  # a day-first numeric date nobody could misread
        forms.append(f"{day:02d}/{found.month:02d}/{year}")
    return forms
