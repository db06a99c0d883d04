"""The Anki note types quiz exports, frozen under fixed ids.

Anki recognises a note type by its id. When a package brings a note type whose
id is known but whose fields or card templates differ (another name, number or
order), Anki reports the notes as conflicting and stops updating them. So the
fields and the list of card templates below are frozen: changing them means a
new id and a new name (`v2`), and a migration note in the README. The template
markup and the CSS may be polished under the same id: Anki replaces them when a
newer export is imported. `tests/test_anki.py` pins each id's fields and templates.

No JavaScript anywhere: AnkiDroid and AnkiMobile render these with HTML and CSS
alone. The multiple-choice back marks the right options with a CSS attribute
selector on the `Correct` letters. Colours follow Anki's night mode, which adds
`nightMode` (desktop, AnkiMobile) or `night_mode` (AnkiDroid) to the card.
"""

from __future__ import annotations

import genanki

RECALL_ID = 1_848_610_165
MULTIPLE_CHOICE_ID = 1_439_059_970
CLOZE_ID = 1_844_901_257
TYPE_IN_ID = 1_562_038_417

LETTERS = "ABCDEFGH"  # option labels; the generator offers at most six options
TYPE_IN_FIELD = "Add type-in card"

_BACK = """\
{{#Explanation}}<div class="explanation">{{Explanation}}</div>{{/Explanation}}
<div class="sources">{{Source}}</div>"""

_ACCEPTED = """\
{{#Accepted}}<div class="accepted">Also accepted: {{Accepted}}</div>{{/Accepted}}
"""
_RECALL_ANSWER = '<div class="answer">{{Answer}}</div>\n' + _ACCEPTED

_TYPE_IN_FRONT = '<div class="note"><div class="prompt">{{Question}}</div>\n{{type:Answer}}</div>'
_TYPE_IN_BACK = (
    '<div class="note"><div class="prompt">{{Question}}</div>\n<hr id="answer">\n{{type:Answer}}\n'
    + _ACCEPTED
    + _BACK
    + "</div>"
)

_RIGHT_OPTIONS = tuple(
    f'.choices[data-correct~="{letter}"] li:nth-child({number})'
    for number, letter in enumerate(LETTERS, 1)
)

CSS = (
    """\
.card {
  --text: #1f2328;
  --muted: #59636e;
  --rule: #d1d9e0;
  --accent: #0b57d0;
  --right: #116329;
  --right-bg: #dafbe1;
  --quote-bg: #f6f8fa;
  --page: #ffffff;
  font-family: -apple-system, "Segoe UI", Roboto, "Noto Sans", "Helvetica Neue", Arial,
    sans-serif;
  font-size: 20px;
  line-height: 1.45;
  color: var(--text);
  background-color: var(--page);
  text-align: left;
}
.card.nightMode, .nightMode .card, .card.night_mode, .night_mode .card {
  --text: #e6edf3;
  --muted: #9198a1;
  --rule: #3d444d;
  --accent: #7cacf8;
  --right: #7ee787;
  --right-bg: #12361d;
  --quote-bg: #262c36;
  --page: #1f1f1f;
}
.note { max-width: 36em; margin: 0 auto; padding: 0 0.5em; }
.prompt { font-size: 1.1em; font-weight: 600; margin: 0.4em 0 0.8em; }
.items, .pairs { margin: 0.3em 0 0.8em; padding-left: 1.4em; }
.choices { margin: 0.3em 0 0.8em; padding-left: 1.8em; }
.choices li, .items li, .pairs li { margin: 0.25em 0; padding: 0.1em 0.35em; }
.choices.marked li { color: var(--muted); }
.match-with { font-weight: normal; color: var(--muted); }
"""
    + ",\n".join(_RIGHT_OPTIONS)
    + """ {
  color: var(--right);
  background-color: var(--right-bg);
  border-radius: 0.3em;
  font-weight: 600;
}
"""
    + ",\n".join(f"{selector}::after" for selector in _RIGHT_OPTIONS)
    + """ { content: " \\2713"; }
hr#answer { border: 0; border-top: 1px solid var(--rule); margin: 0.8em 0; }
.answer { font-size: 1.1em; font-weight: 600; color: var(--right); margin: 0.4em 0; }
.accepted { color: var(--muted); font-size: 0.85em; margin: 0.2em 0 0.6em; }
.explanation { margin: 0.6em 0; }
.cloze { font-weight: 600; color: var(--accent); }
.sources { margin-top: 1.2em; font-size: 0.8em; color: var(--muted); }
.source { margin: 0.6em 0; }
.source-title { font-style: italic; color: var(--text); }
.source blockquote {
  margin: 0.35em 0 0;
  padding: 0.35em 0.7em;
  border-left: 3px solid var(--rule);
  background-color: var(--quote-bg);
  color: var(--text);
}
@media (max-width: 480px) { .card { font-size: 18px; } }
"""
)

RECALL = genanki.Model(
    RECALL_ID,
    "quiz Recall v1",
    fields=[
        {"name": "Question"},
        {"name": "Answer"},
        {"name": "Accepted"},
        {"name": "Explanation"},
        {"name": "Source"},
        {"name": TYPE_IN_FIELD},
    ],
    templates=[
        {
            "name": "Recall",
            "qfmt": '<div class="note"><div class="prompt">{{Question}}</div></div>',
            "afmt": '<div class="note"><div class="prompt">{{Question}}</div>\n'
            '<hr id="answer">\n' + _RECALL_ANSWER + _BACK + "</div>",
        },
        {
            # Made only for notes whose type-in field is filled, which quiz no longer
            # does: emptied by a later export, such a card would be blank, so type-in
            # cards are notes of their own (TYPE_IN). Kept: the list is frozen.
            "name": "Type the answer",
            "qfmt": "{{#" + TYPE_IN_FIELD + "}}" + _TYPE_IN_FRONT + "{{/" + TYPE_IN_FIELD + "}}",
            "afmt": _TYPE_IN_BACK,
        },
    ],
    css=CSS,
)

MULTIPLE_CHOICE = genanki.Model(
    MULTIPLE_CHOICE_ID,
    "quiz Multiple choice v1",
    fields=[
        {"name": "Question"},
        {"name": "Options"},
        {"name": "Correct"},
        {"name": "Answer"},
        {"name": "Explanation"},
        {"name": "Source"},
    ],
    templates=[
        {
            "name": "Multiple choice",
            "qfmt": '<div class="note"><div class="prompt">{{Question}}</div>\n'
            '<div class="choices">{{Options}}</div></div>',
            "afmt": '<div class="note"><div class="prompt">{{Question}}</div>\n'
            '<div class="choices marked" data-correct="{{Correct}}">{{Options}}</div>\n'
            '<hr id="answer">\n<div class="answer">{{Answer}}</div>\n' + _BACK + "</div>",
        },
    ],
    css=CSS,
)

CLOZE = genanki.Model(
    CLOZE_ID,
    "quiz Cloze v1",
    fields=[{"name": "Text"}, {"name": "Explanation"}, {"name": "Source"}],
    templates=[
        {
            "name": "Cloze",
            "qfmt": '<div class="note"><div class="prompt">{{cloze:Text}}</div></div>',
            "afmt": '<div class="note"><div class="prompt">{{cloze:Text}}</div>\n'
            '<hr id="answer">\n' + _BACK + "</div>",
        },
    ],
    css=CSS,
    model_type=genanki.Model.CLOZE,
)

# `--type-in`: the recall item again, answered by typing it. A note of its own, so a
# later export without `--type-in` leaves these cards whole instead of blanking them.
TYPE_IN = genanki.Model(
    TYPE_IN_ID,
    "quiz Type-in v1",
    fields=[
        {"name": "Question"},
        {"name": "Answer"},
        {"name": "Accepted"},
        {"name": "Explanation"},
        {"name": "Source"},
    ],
    templates=[
        {
            "name": "Type the answer",
            "qfmt": _TYPE_IN_FRONT,
            "afmt": _TYPE_IN_BACK,
        },
    ],
    css=CSS,
)

NOTE_TYPES = (RECALL, MULTIPLE_CHOICE, CLOZE, TYPE_IN)
