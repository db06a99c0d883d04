"""The `quiz` command as users run it: the installed console script."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from conftest import VALID_DECK, position_of

from quiz import __version__


def run(command: list[str], *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*command, *args], capture_output=True, text=True, cwd=cwd, timeout=60, check=False
    )


def test_version_and_help(quiz_command):
    version = run(quiz_command, "--version")
    assert version.returncode == 0
    assert version.stdout.strip() == f"quiz {__version__}"
    help_text = run(quiz_command, "--help")
    assert help_text.returncode == 0
    for command in ("check", "facts"):
        assert command in help_text.stdout


# Bare `quiz` has to draw the app's first frame fast, so reading the command line
# loads none of these: each is imported by the command that needs it.
HEAVY_MODULES = (
    "textual",
    "genanki",
    "typst",
    "openpyxl",
    "yaml",
    "quiz.decks",
    "quiz.generate",
    "quiz.classroom",
    "quiz.app",
    # Nor the progress store, the exporters' file handling or the answer grader:
    # `quiz check` reads none of them (issue 14: start-up within 3x `import yaml`).
    "quiz.store",
    "quiz.schedule",
    "quiz.export.files",
    "sqlite3",
    "fsrs",
)


def test_reading_the_command_line_loads_no_heavy_module():
    script = (
        "import sys\n"
        "from quiz.cli import main\n"
        "try:\n"
        "    main(['make', '--help'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(*sys.modules, file=sys.stderr)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True
    )
    assert "--paper {a4,us-letter}" in result.stdout
    loaded = set(result.stderr.split())
    assert "quiz.cli.make" in loaded
    assert [name for name in HEAVY_MODULES if name in loaded] == []


def test_checking_a_cached_deck_loads_neither_store_nor_grader(tmp_path):
    """A warm `quiz check` reads the cache: no SQLite, scheduler, fuzzy matcher or
    importlib.metadata (the cache key reads the version from the dist-info name)."""
    script = (
        "import sys\n"
        "from quiz.cli import main\n"
        "main(['check'])\n"
        "print(*sys.modules, file=sys.stderr)\n"
    )
    env = {**os.environ, "QUIZ_CACHE_DIR": str(tmp_path)}
    for _ in range(2):  # the first fills the cache
        result = subprocess.run(
            [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, env=env
        )
    assert result.returncode == 0, result.stderr
    loaded = set(result.stderr.split())
    unwanted = ("quiz.store", "sqlite3", "fsrs", "rapidfuzz", "importlib.metadata", "pydantic")
    assert [name for name in unwanted if name in loaded] == []


def test_check_bundled_decks_is_clean(quiz_command, tmp_path):
    result = run(quiz_command, "check", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "deck 'russia-allies'" in result.stdout
    assert "deck 'who-said-it'" in result.stdout


def test_check_reports_every_problem_with_location(quiz_command, tmp_path):
    text = VALID_DECK.replace("difficulty: 1", "difficulty: 9").replace(
        "object: russia", "object: moscow"
    )
    deck = tmp_path / "broken.yaml"
    deck.write_text(text, encoding="utf-8")
    result = run(quiz_command, "check", str(deck))
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    line, column = position_of(text, "9\n")
    assert f"{deck}:{line}:{column}: fact belarus-closest-ally: difficulty must be" in lines[1]
    line, column = position_of(text, "moscow")
    assert lines[0].startswith(f"{deck}:{line}:{column}: fact belarus-closest-ally: unknown")
    assert lines[-1] == "2 problems found"
    assert "Traceback" not in result.stderr


def test_check_missing_file_and_folder_without_decks(quiz_command, tmp_path):
    missing = run(quiz_command, "check", str(tmp_path / "nope.yaml"))
    assert missing.returncode == 1
    assert f"{tmp_path / 'nope.yaml'}:1:1: file not found" in missing.stderr
    empty_folder = run(quiz_command, "check", str(tmp_path))
    assert empty_folder.returncode == 2
    assert "no deck files" in empty_folder.stderr


def test_check_a_folder_of_decks(quiz_command, tmp_path):
    (tmp_path / "a.yaml").write_text(VALID_DECK, encoding="utf-8")
    (tmp_path / "b.yaml").write_text(VALID_DECK.replace("id: mini", "id: mini-two"), "utf-8")
    result = run(quiz_command, "check", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert result.stdout.count(": ok, deck") == 2


def test_two_files_with_one_deck_id_are_refused(quiz_command, tmp_path):
    (tmp_path / "a.yaml").write_text(VALID_DECK, encoding="utf-8")
    (tmp_path / "b.yaml").write_text(VALID_DECK, encoding="utf-8")
    result = run(quiz_command, "check", str(tmp_path))
    assert result.returncode == 1
    assert "deck id 'mini' is also used by" in result.stderr


def test_facts_json_lists_sourced_facts(quiz_command, tmp_path, seeds):
    result = run(quiz_command, "facts", "--json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    facts = json.loads(result.stdout)
    assert {fact["deck"] for fact in facts} == {"russia-allies", "who-said-it"}
    required = {"id", "deck", "statement", "subject", "relation", "object", "tags", "sources"}
    for fact in facts:
        assert required | {"attribution", "contested"} <= fact.keys()
        for source in fact["sources"]:
            assert seeds[source["seed"]].contains(source["quote"])
    cited = {source["seed"] for fact in facts for source in fact["sources"]}
    assert cited == {seed.file for seed in seeds}


def test_facts_for_one_deck_and_unknown_deck(quiz_command):
    one = run(quiz_command, "facts", "--deck", "who-said-it", "--json")
    assert one.returncode == 0
    assert {fact["deck"] for fact in json.loads(one.stdout)} == {"who-said-it"}
    unknown = run(quiz_command, "facts", "--deck", "atlantis")
    assert unknown.returncode == 2
    assert "no deck named 'atlantis' (decks: russia-allies, who-said-it)" in unknown.stderr


def test_facts_table_is_readable(quiz_command, tmp_path):
    deck = tmp_path / "mini.yaml"
    deck.write_text(VALID_DECK, encoding="utf-8")
    result = run(quiz_command, "facts", "--file", str(deck))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Mini deck (mini): 2 facts")
    row = next(line for line in result.stdout.splitlines() if "iran-cartridges" in line)
    assert " A " in row  # attributed
    assert "[001]" in row


def test_wrong_flag_is_a_usage_error(quiz_command):
    result = run(quiz_command, "facts", "--jsn")
    assert result.returncode == 2
    assert "unrecognized arguments: --jsn" in result.stderr


def test_bare_quiz_without_a_terminal_prints_help(quiz_command):
    # In a terminal bare `quiz` opens the app (tests/test_app_cli.py); piped or
    # scripted there is no screen for it, so it says what quiz can do instead.
    result = run(quiz_command)
    assert result.returncode == 0
    assert "usage: quiz" in result.stdout


def test_each_command_is_registered_by_the_module_the_cli_table_names():
    """`quiz check` builds only its own module's parser, found through a table; a table
    out of step with the modules would give an "invalid choice" for a real command."""
    import argparse
    import importlib

    from quiz import cli

    for name in cli._MODULE_ORDER:
        commands = argparse.ArgumentParser().add_subparsers()
        importlib.import_module(f"quiz.cli.{name}").register(commands)
        for command in commands.choices:
            assert cli._COMMAND_MODULES.get(command) == name, command
    assert set(cli._COMMAND_MODULES.values()) == set(cli._MODULE_ORDER)
