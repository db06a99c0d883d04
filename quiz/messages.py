"""Words every deck problem is put in, whichever check finds it: what kind of value an
author wrote, a hint to quote what YAML 1.1 read otherwise, and the name they may have
meant. A problem says what is wrong, then what to do."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from quiz.yamldoc import Document, YamlPath

__all__ = ["kind_of", "quote_hint", "suggest"]


def kind_of(value: Any) -> str:
    """What `value` is, as an author would say it: "text", "a list", "nothing"."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return "text"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, datetime.date):
        return "a date"
    return type(value).__name__


def quote_hint(doc: Document, path: YamlPath) -> str:
    """A hint for a value YAML 1.1 read as a bool, number or date though text was
    meant (`NO` is false, `1:20` is 80, `2024-06-01` a date): quote it."""
    written = doc.unquoted.get(path)
    if written is None:
        return ""
    return f" (unquoted, YAML reads {written} so: write '{written}' in quotes)"


def suggest(name: str, known: Iterable[str]) -> str:
    """ " (did you mean 'x'?)" for the known name closest to `name`, if one is close."""
    from difflib import get_close_matches

    close = get_close_matches(name, list(known), n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""
