"""`quiz export anki` as users run it: the installed console script."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest

ANKI = ("export", "anki")


def run(command: list[str], *args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*command, *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=60,
        check=False,
    )


def imported(package: Path, folder: Path) -> Collection:
    collection = Collection(str(folder / "collection.anki2"))
    request = ImportAnkiPackageRequest(
        package_path=str(package), options=ImportAnkiPackageOptions()
    )
    collection.import_anki_package(request)
    return collection


def test_export_one_deck_to_its_default_file(quiz_command, tmp_path):
    result = run(quiz_command, *ANKI, "--deck", "who-said-it", "--type-in", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    package = tmp_path / "who-said-it.apkg"
    assert sorted(path.name for path in tmp_path.iterdir()) == [package.name]
    reported = re.search(r"(\d+) notes, (\d+) cards in deck 'Who said it\?'", result.stdout)
    assert reported, result.stdout
    collection = imported(package, tmp_path)
    try:
        assert collection.note_count() == int(reported[1])
        assert collection.card_count() == int(reported[2])
        assert collection.find_notes('"note:quiz Type-in v1"')  # type-in cards
        kinds = {tag for tag in collection.tags.all() if tag.startswith("kind::")}
        assert kinds == {"kind::cloze", "kind::mcq", "kind::recall"}  # the default kinds
    finally:
        collection.close()


def test_existing_file_needs_force(quiz_command, tmp_path):
    package = tmp_path / "out.apkg"
    package.write_bytes(b"my earlier export")
    refused = run(quiz_command, *ANKI, "--deck", "Who said it?", "-o", str(package), cwd=tmp_path)
    assert refused.returncode == 2
    assert f"{package} already exists (use --force to replace it)" in refused.stderr
    assert package.read_bytes() == b"my earlier export"
    forced = run(quiz_command, *ANKI, "-o", str(package), "--force", cwd=tmp_path)
    assert forced.returncode == 0, forced.stderr
    assert package.read_bytes()[:2] == b"PK"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["out.apkg"]


def test_several_decks_kinds_and_a_folder_as_output(quiz_command, tmp_path):
    result = run(
        quiz_command,
        *ANKI,
        *("--deck", "russia-allies", "--deck", "who-said-it", "--kinds", "true_false"),
        *("-o", str(tmp_path)),
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert "in decks 'Russia's allies in the war against Ukraine', 'Who said it?'" in result.stdout
    collection = imported(tmp_path / "quiz-decks.apkg", tmp_path)
    try:
        assert {tag for tag in collection.tags.all() if tag.startswith("kind::")} == {
            "kind::true_false"
        }
        names = {entry.name for entry in collection.decks.all_names_and_ids()}
        assert names == {"Default", "Russia's allies in the war against Ukraine", "Who said it?"}
    finally:
        collection.close()


def test_mistakes_get_a_message_and_no_file(quiz_command, tmp_path):
    cases = [
        ((*ANKI, "--deck", "nope"), 2, "no deck named 'nope' (decks: russia-allies, who-said-it)"),
        ((*ANKI, "--kinds", "recall,essay"), 2, "unknown kind essay"),
        ((*ANKI, "-o", "deck.zip"), 2, "deck.zip: an Anki package's name must end in .apkg"),
        ((*ANKI, "-o", "missing/deck.apkg"), 4, "folder missing does not exist"),
        ((*ANKI, "-o", ""), 2, "empty path: give a file or folder name"),
        (
            (*ANKI, "--deck", "who-said-it", "--kinds", "select_all"),
            2,
            "nothing to export: no select_all items in who-said-it",
        ),
        (("export",), 2, "the following arguments are required: FORMAT"),
    ]
    for args, code, message in cases:
        result = run(quiz_command, *args, cwd=tmp_path)
        assert result.returncode == code, (args, result.stderr)
        assert message in result.stderr, (args, result.stderr)
        assert "Traceback" not in result.stderr
        assert list(tmp_path.iterdir()) == [], args
