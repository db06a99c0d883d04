"""The study app driven by keyboard with Textual's Pilot: every mode, end to end.

Each test starts on a fresh store, with the clock standing still until the test
moves it, so scores, times and due dates are exact.
"""

from __future__ import annotations

import html
import re
from dataclasses import replace
from datetime import timedelta

import fsrs
from app_support import START, Clock, answer_keys, bundled_library, drive, make_app
from conftest import VALID_DECK
from textual.command import CommandList
from textual.widgets import Button, DataTable, Input, Static

from quiz import resources
from quiz.answers import Grade, check_answer
from quiz.app.app import THEMES, QuizApp, Start
from quiz.app.commands import DeckCommands
from quiz.app.library import load_library
from quiz.app.screens.cards import CardsScreen
from quiz.app.screens.flag import FlagScreen
from quiz.app.screens.help import HelpScreen
from quiz.app.screens.home import HomeScreen
from quiz.app.screens.practice import PracticeScreen
from quiz.app.screens.quiz import QuizScreen
from quiz.app.screens.recall import RecallScreen
from quiz.app.screens.results import ResultsScreen
from quiz.app.screens.settings import NewLimitScreen
from quiz.app.screens.stats import StatsScreen
from quiz.app.widgets.choices import ChoiceList
from quiz.app.widgets.feedback import Feedback
from quiz.app.widgets.matching import Matcher
from quiz.app.widgets.scoreboard import Scoreboard
from quiz.facts import Source
from quiz.items import FALSE, Kind
from quiz.schedule import CardState, Rating, Schedule, button_labels, flashcards
from quiz.session import Session

DECK = "russia-allies"


def text(screen, selector: str) -> str:
    return str(screen.query_one(selector, Static).content)


def shelf():
    return bundled_library().shelf(DECK)


def items_of(kind: Kind):
    return [item for item in shelf().items if item.kind is kind]


def test_home_lists_every_deck_with_its_progress(tmp_path):
    app = make_app(tmp_path)
    library = bundled_library()

    async def script(pilot):
        screen = app.screen
        assert isinstance(screen, HomeScreen)
        table = screen.query_one(DataTable)
        assert table.row_count == len(library.shelves) == 2
        russia = library.shelf(DECK)
        cards = len(flashcards(russia.items))
        row = [str(cell) for cell in table.get_row_at(0)]
        assert row[1:] == [
            str(len(russia.deck.facts)),
            str(len(russia.items)),
            "0",
            "20",
            "0%",
            "never",
        ]
        assert f"{cards} flashcards: 0 studied, {cards} new" in text(screen, "#details")
        # Rate one card; back home the deck shows it.
        await pilot.press("enter", "space", "3", "escape")
        row = [str(cell) for cell in table.get_row_at(0)]
        assert row[3:] == ["1", "19", "0%", "today"]  # in its learning steps: due again today
        assert f"{cards} flashcards: 1 studied" in text(screen, "#details")
        await pilot.press("down")
        assert "Who said it?" in text(screen, "#details")

    drive(app, script)


def test_broken_deck_is_listed_with_its_problems_and_cannot_be_started(tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text(VALID_DECK.replace("object: russia", "object: moscow"), encoding="utf-8")
    library = load_library([resources.decks_dir() / "russia-allies.yaml", broken])
    app = make_app(tmp_path, library=library)

    async def script(pilot):
        screen = app.screen
        table = screen.query_one(DataTable)
        assert str(table.get_row_at(1)[0]) == "⚠ broken.yaml"
        await pilot.press("down")
        details = text(screen, "#details")
        assert "broken.yaml cannot be studied until it is fixed" in details
        assert "unknown" in details and "moscow" in details
        for key in ("q", "r", "enter", "s", "p"):
            await pilot.press(key)
            assert app.screen is screen
        await pilot.press("up", "q")  # the good deck still works
        assert isinstance(app.screen, QuizScreen)

    drive(app, script)


def test_quiz_scores_points_by_difficulty_streak_accuracy_and_time(tmp_path):
    clock = Clock()
    app = make_app(tmp_path, clock=clock)
    plan = [True, True, False, True, False, True, True, True, False, True]

    async def script(pilot):
        await pilot.press("q")
        screen = app.screen
        assert isinstance(screen, QuizScreen)
        items = screen.session.items
        assert len(items) == 10 and {Kind.MCQ, Kind.TRUE_FALSE} <= {item.kind for item in items}
        score = streak = best = right = 0
        for number, (item, ok) in enumerate(zip(items, plan, strict=True), 1):
            clock.advance(seconds=5)
            await pilot.press(*answer_keys(item, ok))
            score += 10 * item.difficulty if ok else 0
            streak = streak + 1 if ok else 0
            best = max(best, streak)
            right += ok
            board = screen.query_one(Scoreboard)
            shown = (board.position, board.score, board.streak, board.correct, board.answered)
            assert shown == (number, score, streak, right, number)
            feedback = screen.query_one(Feedback).text
            assert feedback.startswith("✓ Right" if ok else "✗ Wrong")
            assert "Why? The sources:\n“" in feedback
            await pilot.press("enter")
        results = app.screen
        assert isinstance(results, ResultsScreen)
        possible = sum(10 * item.difficulty for item in items)
        figures = text(results, "#figures")
        assert f"Score     {score} of {possible} points" in figures
        assert "Accuracy  70% (7 of 10 right)" in figures
        assert "best 3 in a row" in figures
        assert "Time      50s" in figures
        assert "Missed (3)" in text(results, "#missed")
        assert "By tag (weakest first)" in text(results, "#tags")
        stored = app.progress.answers(DECK)
        assert [(a.item_id, a.correct, a.mode, a.seconds) for a in stored] == [
            (item.id, ok, "quiz", 5.0) for item, ok in zip(items, plan, strict=True)
        ]

    drive(app, script)


def test_retry_missed_asks_only_the_missed_items(tmp_path):
    app = make_app(tmp_path)
    plan = [False, True, False]

    async def script(pilot):
        app.begin(DECK, "quiz", count=3)
        await pilot.pause()
        items = app.screen.session.items
        for item, ok in zip(items, plan, strict=True):
            await pilot.press(*answer_keys(item, ok), "enter")
        assert isinstance(app.screen, ResultsScreen)
        await pilot.press("r")
        retry = app.screen
        assert isinstance(retry, QuizScreen)
        assert retry.session.items == [items[0], items[2]]
        for item in retry.session.items:
            await pilot.press(*answer_keys(item, True), "enter")
        results = app.screen
        assert "Accuracy  100% (2 of 2 right)" in text(results, "#figures")
        assert "Nothing missed" in text(results, "#missed")
        assert not results.check_action("retry", ())
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)

    drive(app, script)


def test_choices_by_arrows_and_letters_and_the_options_marked(tmp_path):
    mcq = items_of(Kind.MCQ)[0]
    app = make_app(tmp_path)
    right = mcq.options.index(mcq.answer)

    async def script(pilot):
        app.push_screen(QuizScreen(shelf(), Session([mcq, mcq], started_at=START)))
        await pilot.pause()
        await pilot.press(*["down"] * right, "enter")
        screen = app.screen
        assert screen.session.answers[0].correct
        choices = screen.query_one(ChoiceList)
        assert choices.disabled
        marked = str(choices.get_option_at_index(right).prompt)
        assert marked.startswith(f"✓ {'ABCD'[right]}")
        await pilot.press("enter")
        wrong = (right + 1) % 4
        await pilot.press("abcd"[wrong])
        assert not screen.session.answers[1].correct
        prompts = [
            str(screen.query_one(ChoiceList).get_option_at_index(i).prompt) for i in (right, wrong)
        ]
        assert prompts[0].startswith("✓") and prompts[1].startswith("✗")

    drive(app, script)


def test_select_all_ticks_and_unticks_and_matching_takes_pairs_back(tmp_path):
    select = items_of(Kind.SELECT_ALL)[0]
    matching = items_of(Kind.MATCHING)[0]
    app = make_app(tmp_path)

    async def script(pilot):
        app.push_screen(QuizScreen(shelf(), Session([select, matching], started_at=START)))
        await pilot.pause()
        screen = app.screen
        wrong = next(i for i, option in enumerate(select.options) if option not in select.answer)
        # Tick a wrong option and untick it again, then tick the right ones.
        await pilot.press("abcdef"[wrong], "abcdef"[wrong])
        await pilot.press(*answer_keys(select, True))
        assert screen.session.answers[0].correct
        await pilot.press("enter")
        matcher = screen.query_one(Matcher)
        keys = answer_keys(matching, True)
        # Pair the first two wrongly, take both back, then pair all rightly.
        await pilot.press(keys[1], keys[0], "backspace", "backspace")
        assert matcher.chosen == []
        await pilot.press(*keys[:-1])
        assert not screen.session.answers[1:]  # complete, but not checked before Enter
        await pilot.press("enter")
        assert screen.session.answers[1].correct
        assert "✓ 1." in str(matcher.query_one("#pairs", Static).content)

    drive(app, script)


def test_recall_judges_typed_answers_and_shows_a_near_miss(tmp_path):
    recall = next(
        item
        for item in items_of(Kind.RECALL)
        if check_answer(item.accepted[0] + "x", item.accepted, item.rivals).grade is Grade.MISSPELT
    )
    app = make_app(tmp_path)

    async def script(pilot):
        app.push_screen(RecallScreen(shelf(), Session([recall] * 3, started_at=START)))
        await pilot.pause()
        screen = app.screen
        expected = recall.accepted[0]
        for typed, verdict in (
            (expected.upper(), "✓ Right"),
            (expected + "x", "✓ Right — check the spelling"),
            ("Atlantis", "✗ Wrong"),
        ):
            await pilot.press(*typed, "enter")
            feedback = screen.query_one(Feedback).text
            assert feedback.splitlines()[0].startswith(verdict)
            if typed != expected.upper():
                assert f"You typed: {typed}" in feedback
                assert f"Expected:  {expected}" in feedback
            assert screen.query_one(Input).disabled
            await pilot.press("enter")
        stored = app.progress.answers(DECK)
        assert [(a.typed, a.correct, a.mode) for a in stored] == [
            (expected.upper(), True, "recall"),
            (expected + "x", True, "recall"),
            ("Atlantis", False, "recall"),
        ]
        assert isinstance(app.screen, ResultsScreen)
        assert "Accuracy  67% (2 of 3 right)" in text(app.screen, "#figures")

    drive(app, script)


def test_flashcards_rate_with_fsrs_show_intervals_and_undo(tmp_path):
    clock = Clock()
    app = make_app(tmp_path, clock=clock)
    schedule = Schedule(fuzz=False)

    async def script(pilot):
        await pilot.press("enter")
        screen = app.screen
        assert isinstance(screen, CardsScreen) and len(screen.queue) == 20  # new cards a day
        first = screen.current
        await pilot.press("space")
        outcomes = schedule.outcomes(CardState.new(START), START)
        labels = [str(button.label) for button in screen.query(Button)]
        shown = button_labels(outcomes, START)
        assert labels == [
            f"1 Again · {shown[Rating.Again]}",
            f"2 Hard · {shown[Rating.Hard]}",
            f"3 Good · {shown[Rating.Good]}",
            f"4 Easy · {shown[Rating.Easy]}",
        ]
        clock.advance(seconds=6)
        await pilot.press("3")  # Good: a new card takes its next learning step
        card = app.progress.card(first.id)
        assert card.due == START + timedelta(minutes=10) == outcomes[Rating.Good].due
        assert card.learning and screen.queue[-1] == first.id  # it comes back this sitting
        second = screen.current
        await pilot.press("space", "4")  # Easy: graduates for days
        easy = app.progress.card(second.id)
        easy_due = schedule.outcomes(CardState.new(clock.now), clock.now)[Rating.Easy].due
        assert easy.due == easy_due and easy.due - clock.now >= timedelta(days=1)
        third = screen.current
        await pilot.press("space", "1")  # Again
        assert app.progress.card(third.id).due == clock.now + timedelta(minutes=1)
        await pilot.press("u")  # take the Again back
        assert app.progress.card(third.id) is None
        assert screen.current is third and not screen.revealed
        assert len(app.progress.activity(DECK)) == 2
        await pilot.press("escape")

        # Days later both studied cards are due, most overdue first, before any new
        # card; Good pushes the Easy one further out than its first interval.
        clock.now = easy.due + timedelta(hours=1)
        await pilot.press("enter")
        screen = app.screen
        assert screen.queue[:2] == [first.id, second.id]
        await pilot.press("space", "3", "space", "3")
        later = app.progress.card(second.id)
        assert later.due - clock.now > easy.due - (START + timedelta(seconds=6))

    drive(app, script)


def test_the_daily_limit_of_new_cards_is_a_setting(tmp_path):
    app = make_app(tmp_path)

    async def script(pilot):
        await pilot.press("n")
        assert isinstance(app.screen, NewLimitScreen)
        await pilot.press("end", "backspace", "backspace", "3", "enter")
        assert app.progress.new_per_day == 3
        await pilot.press("enter")
        assert len(app.screen.queue) == 3
        for _ in range(3):
            await pilot.press("space", "4")
        assert "Done: 3 ratings" in text(app.screen, "#summary")

    drive(app, script)


def test_flag_an_item_in_any_mode(tmp_path):
    app = make_app(tmp_path)

    async def script(pilot):
        await pilot.press("enter", "f")
        assert isinstance(app.screen, FlagScreen)
        item = app.screen_stack[-2].current
        await pilot.press(*"two answers fit", "enter")
        await pilot.press("escape")
        app.begin(DECK, "quiz", count=1)
        await pilot.pause()
        quiz_item = app.screen.session.items[0]
        await pilot.press(*answer_keys(quiz_item, True), "f")
        await pilot.press("escape")  # cancelled: nothing stored
        await pilot.press("f", *"typo", "enter")
        flags = app.progress.flags(DECK)
        assert [(flag.item_id, flag.reason, flag.prompt) for flag in flags] == [
            (item.id, "two answers fit", item.prompt),
            (quiz_item.id, "typo", quiz_item.prompt),
        ]

    drive(app, script)


def test_practice_a_tag_leaves_the_schedule_alone(tmp_path):
    app = make_app(tmp_path)

    async def script(pilot):
        await pilot.press("p")
        assert isinstance(app.screen, PracticeScreen)
        await pilot.press("down", "enter")  # the most common tag
        screen = app.screen
        assert isinstance(screen, CardsScreen) and screen.mode == "practice"
        tag = screen.tag
        assert tag and all(tag in screen.items[item_id].tags for item_id in screen.queue)
        first = screen.current
        await pilot.press("space", "1")  # missed: comes again at the end
        assert screen.queue[-1] == first.id
        await pilot.press("space", "3", "u")  # no undo in practice
        assert app.progress.cards() == {}
        answers = app.progress.answers(DECK)
        assert [(a.mode, a.correct) for a in answers] == [("cram", False), ("cram", True)]

    drive(app, script)


def test_leeches_are_held_back_and_offered_on_their_own(tmp_path):
    app = make_app(tmp_path)
    leech = flashcards(shelf().items)[0]
    card = fsrs.Card(
        card_id=0,
        state=fsrs.State.Review,
        step=None,
        stability=2.0,
        difficulty=8.0,
        due=START - timedelta(days=1),
        last_review=START - timedelta(days=3),
    )
    state = CardState(card, reps=12, lapses=8, introduced=START - timedelta(days=30))
    app.progress.save_rating(
        leech.id,
        DECK,
        state,
        Rating.Again,
        START - timedelta(days=3),
        before=None,
        schedule=Schedule(),
    )

    async def script(pilot):
        await pilot.press("enter")
        assert leech.id not in app.screen.queue
        await pilot.press("escape", "l")
        screen = app.screen
        assert screen.mode == "leeches" and screen.queue == [leech.id]
        assert "Leech: forgotten 8 times" in text(screen, "#front")
        await pilot.press("b")
        assert app.progress.card(leech.id) is None
        assert "No leeches" in text(screen, "#summary")

    drive(app, script)


def test_help_theme_and_command_palette(tmp_path):
    app = make_app(tmp_path)

    async def script(pilot):
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        shown = "\n".join(str(section.content) for section in app.screen.query(".section"))
        for words in ("Retry missed", "Undo", "Flag item", "Take back", "Light/dark", "1–6 A–F"):
            assert words in shown
        await pilot.press("escape")
        assert app.theme == THEMES[0]
        await pilot.press("ctrl+t")
        assert app.theme == THEMES[1] and app.progress.setting("theme") == THEMES[1]
        assert "Help: keys" in {command.title for command in app.get_system_commands(app.screen)}
        decks = {title: run for title, _, run in DeckCommands(app.screen).commands()}
        name = shelf().name
        assert {f"Quiz: {name}", f"Cards: {name}", f"Stats: {name}"} <= set(decks)
        decks[f"Recall: {name}"]()
        await pilot.pause()
        assert isinstance(app.screen, RecallScreen)

    drive(app, script)


def test_stats_show_answers_forecast_and_mastery(tmp_path):
    app = make_app(tmp_path)

    async def script(pilot):
        await pilot.press("enter", "space", "4", "space", "1", "escape", "s")
        screen = app.screen
        assert isinstance(screen, StatsScreen)
        overview = text(screen, "#overview")
        cards = len(flashcards(shelf().items))
        assert f"{cards} flashcards: 2 studied, {cards - 2} new, 0 leeches" in overview
        assert "last 7 days: 2 answers, 50% right" in overview
        # The Again card is due again today, the Easy one in over a week.
        assert "Coming due: 1 card in 7 days, 2 cards in 30\ntoday 1  Tue 0" in text(
            screen, "#coming"
        )
        assert "Mastery by tag" in text(screen, "#mastery")

    drive(app, script)


def test_study_start_opens_a_mode_directly(tmp_path):
    app = make_app(tmp_path)
    app.start = Start(DECK, "quiz", count=3)

    async def script(pilot):
        assert isinstance(app.screen, QuizScreen) and len(app.screen.session.items) == 3
        await pilot.press("escape")  # nothing answered: straight home
        assert isinstance(app.screen, HomeScreen)

    drive(app, script)


def test_decks_load_in_the_background_when_not_given(tmp_path):
    from quiz.store import Progress

    app = QuizApp(Progress.open(tmp_path / "p.sqlite3"), clock=Clock(), seed=1)

    async def script(pilot):
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen.query_one(DataTable).row_count == 2

    drive(app, script)


def test_decks_checked_before_are_listed_on_the_first_frame(tmp_path):
    """From the cache's listings, before any worker runs; the items are read after."""
    from quiz.library import DeckFile
    from quiz.store import Progress

    files = [DeckFile(path, "bundled") for path in resources.bundled_deck_files()]
    expected = load_library(files=files, seed=1)  # fills the cache
    app = QuizApp(Progress.open(tmp_path / "p.sqlite3"), clock=Clock(), seed=1)

    async def script(pilot):
        table = app.screen.query_one(DataTable)
        assert table.row_count == 2
        assert "Loading" not in str(app.screen.query_one("#details", Static).render())
        await app.workers.wait_for_complete()
        for shelf, fresh in zip(app.library.shelves, expected.shelves, strict=True):
            assert shelf.items == fresh.items
        await pilot.press("q")
        assert isinstance(app.screen, QuizScreen)

    drive(app, script)


def test_without_a_seed_each_start_shows_the_items_the_last_one_made(tmp_path):
    """The cache keeps one start's items for the next, so each start shows others."""
    from quiz import cache
    from quiz.library import DeckFile
    from quiz.store import Progress

    files = [DeckFile(path, "bundled") for path in resources.bundled_deck_files()]
    made = {shelf.id: shelf.items for shelf in load_library(files=files, seed=5).shelves}
    seeds_key = cache.folders_key([resources.seeds_dir().resolve()])
    app = QuizApp(Progress.open(tmp_path / "p.sqlite3"), clock=Clock())

    async def script(pilot):
        assert {shelf.id: shelf.items for shelf in app.library.shelves} == made
        await pilot.pause()  # the worker starts after the first frame
        await app.workers.wait_for_complete()
        for file in files:
            entry = cache.Shelved.of(file.path, seeds_key)
            saved, _ = entry.listing()
            entry.close()
            assert saved != 5  # the next start's items, generated after this one's list

    drive(app, script)


def test_a_damaged_database_moved_aside_is_reported_and_study_goes_on(tmp_path):
    (tmp_path / "progress.sqlite3").write_bytes(b"this is not a database " * 200)
    app = make_app(tmp_path)

    async def script(pilot):
        messages = [notification.message for notification in app._notifications]
        assert any("could not be read" in message and "moved to" in message for message in messages)
        await pilot.press("enter", "space", "3")
        assert len(app.progress.cards()) == 1

    drive(app, script)
    assert list(tmp_path.glob("progress.sqlite3.corrupt-*"))


def test_a_failed_save_is_shown_and_the_card_stays(tmp_path):
    app = make_app(tmp_path)

    async def script(pilot):
        await pilot.press("enter", "space")
        card = app.screen.current
        app.progress.close()  # every write now fails
        await pilot.press("3")
        assert app.screen.current is card  # not lost: still there to rate again
        messages = [notification.title for notification in app._notifications]
        assert "Progress not saved" in messages

    drive(app, script)


def test_every_source_of_an_answer_can_be_scrolled_into_view(tmp_path):
    """Five long quotes overflow 80×24: all are shown, the verdict comes first, and
    PgDn brings the last quote into view; Enter still goes on."""
    base = max(items_of(Kind.MCQ), key=lambda item: len(item.sources))
    quotes = [f"quote {n}: " + "the words the article said " * 6 for n in range(1, 6)]
    item = replace(base, sources=tuple(Source(base.sources[0].seed, q) for q in quotes))
    app = make_app(tmp_path)

    async def script(pilot):
        app.push_screen(QuizScreen(shelf(), Session([item, base], started_at=START)))
        await pilot.pause()
        screen = app.screen
        await pilot.press(*answer_keys(item, right=False))
        await pilot.pause()
        feedback = screen.query_one(Feedback)
        assert all(quote.strip() in feedback.text for quote in quotes)
        assert "more source" not in feedback.text
        body = screen.query_one("#body")
        verdict, sources = feedback.query_one("#verdict"), feedback.query_one("#sources")
        assert body.region.contains_region(verdict.region)  # the verdict first
        assert sources.region.bottom > body.region.bottom  # the last quote below
        await pilot.press("pagedown", "pagedown", "pagedown")
        assert sources.region.bottom <= body.region.bottom  # now in view
        await pilot.press("enter")
        assert screen.session.current == base and not screen.answered

    drive(app, script)


def test_the_explanation_shown_is_the_answered_items_own(tmp_path):
    """The choice list is reused from question to question: each verdict must still
    explain the item just answered, and a false statement says what is true."""
    by_explanation = {}  # one item per explanation, so each can only be its own
    for item in items_of(Kind.TRUE_FALSE) + items_of(Kind.MCQ):
        if item.explanation and (item.kind is Kind.MCQ or item.answer == FALSE):
            by_explanation.setdefault((item.kind, item.explanation), item)
    false = [i for (kind, _), i in by_explanation.items() if kind is Kind.TRUE_FALSE]
    mcqs = [i for (kind, _), i in by_explanation.items() if kind is Kind.MCQ]
    mcqs = [i for i in mcqs if i.explanation not in {f.explanation for f in false[:2]}]
    asked = [false[0], mcqs[0], false[1], mcqs[1]]
    app = make_app(tmp_path)

    async def script(pilot):
        app.push_screen(QuizScreen(shelf(), Session(asked, started_at=START)))
        await pilot.pause()
        screen = app.screen
        for number, item in enumerate(asked):
            await pilot.press(*answer_keys(item, right=number % 2 == 0))
            shown = screen.query_one(Feedback).text
            others = [other.explanation for other in asked if other is not item]
            assert item.explanation in shown and not any(o in shown for o in others)
            true_fact = f"The true fact behind it: {item.explanation}"
            assert (true_fact in shown) == (item.kind is Kind.TRUE_FALSE)
            await pilot.press("enter")

    drive(app, script)


MARKUP_NAME = "Allies [v2] [/] [@click=app.quit]"


def test_markup_in_a_deck_name_is_shown_as_text_everywhere(tmp_path, write_deck):
    """A deck name is text: `[v2]` stays, `[/]` does not crash the home table, and
    `[@click=app.quit]` is not a link that quits; nor in the palette or a notice."""
    deck = write_deck(VALID_DECK.replace("name: Mini deck", f'name: "{MARKUP_NAME}"'))
    broken_text = VALID_DECK.replace("id: mini", "id: broken").replace(
        "subject: iran", "subject: x"
    )
    broken = write_deck(broken_text, "broken [v2] [@click=app.quit].yaml")
    app = make_app(tmp_path, library=load_library([deck, broken]))

    async def script(pilot):
        await pilot.pause()
        shown = screen_text(app)
        assert re.search(re.escape(MARKUP_NAME) + r" +2 +\d+ ", shown)  # the table's row
        assert f"{MARKUP_NAME}2 flashcards" in shown  # the details below it
        await pilot.press("down")  # the broken deck: its name in a notification
        app.begin(app.library.shelves[1].id, "cards")
        await pilot.pause()
        assert app.is_running
        [notice] = list(app._notifications)
        assert notice.message.startswith("broken [v2] [@click=app.quit].yaml has problems")
        assert not notice.markup
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Allies")
        await pilot.pause(0.3)
        results = app.screen.query_one(CommandList)
        shown = [str(results.get_option_at_index(n).prompt) for n in range(results.option_count)]
        assert f"Cards: {MARKUP_NAME}\nFlashcards: the cards due today, then new ones" in shown
        assert f"Cards: {MARKUP_NAME}" in screen_text(app)
        assert app.is_running

    drive(app, script, size=(120, 40))


def screen_text(app: QuizApp) -> str:
    """The screen as a learner reads it: the screenshot's text, without its styling."""
    svg = app.export_screenshot()
    lines = re.findall(r"<text [^>]*>(.*?)</text>", svg)
    return html.unescape("".join(lines)).replace("\xa0", " ")


def test_the_store_keeps_which_option_was_chosen_for_every_quiz_answer(tmp_path):
    """`quiz stats --items` analyses distractors: it needs the option, not only ✗."""
    app = make_app(tmp_path)

    def chosen(item):
        if item.kind is Kind.SELECT_ALL:
            return (next(option for option in item.options if option in item.answer),)
        if item.kind is Kind.MATCHING:
            partners = [dict(item.answer)[left] for left in item.left]
            partners[0], partners[1] = partners[1], partners[0]
            return tuple(partners)
        index = item.options.index(str(item.answer))
        return (item.options[(index + 1) % len(item.options)],)

    async def script(pilot):
        await pilot.press("q")
        items = app.screen.session.items
        for item in items:
            await pilot.press(*answer_keys(item, right=False))
            await pilot.press("enter")
        stored = app.progress.answers(DECK)
        assert [(a.item_id, a.correct, a.chosen) for a in stored] == [
            (item.id, False, chosen(item)) for item in items
        ]

    drive(app, script)
