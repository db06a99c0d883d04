"""`quiz lint` with the bank's report, as users run it: the installed console script."""

from __future__ import annotations

import json
import subprocess

from conftest import VALID_DECK

# The small test deck under the id whose targets ask for 10 matching and 10 select-all
# items: two facts can never make them, however the generator changes.
NEEDY_DECK = VALID_DECK.replace("  id: mini\n", "  id: russia-allies\n", 1)


def lint(quiz_command, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*quiz_command, "lint", *args], capture_output=True, text=True, timeout=60, check=False
    )


def test_lint_prints_each_deck_s_report_under_its_summary(quiz_command):
    result = lint(quiz_command)
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    for deck in ("russia-allies", "who-said-it"):
        [summary] = [n for n, line in enumerate(lines) if line.startswith(f"{deck}: ")]
        assert lines[summary].endswith(" violations")
        assert lines[summary + 1].startswith("  kinds       ")
        assert any(line.startswith("  targets     ") for line in lines[summary:])
    assert max(len(line) for line in lines) <= 80


def test_strict_fails_on_an_unmet_target_and_plain_lint_does_not(quiz_command, write_deck):
    deck = str(write_deck(NEEDY_DECK))
    plain = lint(quiz_command, "--file", deck)
    assert plain.returncode == 0, plain.stdout + plain.stderr
    assert "russia-allies: " in plain.stdout and " 0 violations" in plain.stdout
    assert "NOT MET  matching ≥ 10 items (0)" in plain.stdout
    strict = lint(quiz_command, "--file", deck, "--strict")
    assert strict.returncode == 1
    assert strict.stdout == plain.stdout


def test_lint_json_gives_violations_and_shape_per_deck_and_combined(quiz_command, write_deck):
    result = lint(quiz_command, "--file", str(write_deck(NEEDY_DECK)), "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    [report] = data["decks"]
    assert (report["deck"], report["violations"]) == ("russia-allies", [])
    shape = report["shape"]
    assert shape["facts"] == 2 and shape["targets_met"] is False
    assert {"target": "matching ≥ 10 items", "met": False, "actual": "0"} in shape["targets"]
    assert data["combined"] == shape  # one deck pooled is that deck
