"""Who is studying: the first screen of a shared app (`quiz serve`, `quiz --ask-student`).

Each name or code keeps its own progress (see `quiz.students`); the screen only
checks that the name can be one and tells the app, which opens that student's store.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Header, Input, Static

from quiz.students import MAX_NAME, student_key


class StudentScreen(Screen):
    """Asks for the student's name or code; posts `Chosen` with a name that can be one."""

    CSS_PATH = "student.tcss"

    class Chosen(Message):
        """The student typed `name`; the app opens their progress."""

        def __init__(self, name: str) -> None:
            super().__init__()
            self.name = name

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="dialog"):
            yield Static(Content.styled("Who is studying?", "bold"))
            yield Static(
                "Type your name or the code your teacher gave you. Your answers and "
                "flashcards are kept under it: type it the same way next time."
            )
            yield Input(placeholder="name or code", max_length=MAX_NAME * 2, id="student")
            yield Static(id="problem")
            yield Static(Content.styled("Enter starts", "dim"))

    def on_resize(self) -> None:
        # In a browser tab the app starts before the tab has sent its size, and Textual's
        # automatic focus found nothing to focus then: a typed name would go nowhere.
        if self.focused is None:
            self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        try:
            student_key(event.value)
        except ValueError as error:
            self.query_one("#problem", Static).update(Content.styled(str(error), "$warning"))
            return
        self.post_message(self.Chosen(" ".join(event.value.split())))
