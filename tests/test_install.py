"""A non-editable install finds its decks and articles from any directory."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from quiz import resources

REPO = Path(__file__).resolve().parent.parent
PIP = [sys.executable, "-m", "pip", "-q"]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [*PIP, "wheel", "--no-deps", "--no-build-isolation", "-w", str(out), str(REPO)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    [built] = out.glob("quiz-*.whl")
    return built


def test_wheel_carries_decks_and_byte_identical_seeds(wheel):
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        for deck in resources.bundled_deck_files():
            assert f"quiz/_data/decks/{deck.name}" in names
        for seed in (REPO / "seeds").iterdir():
            assert archive.read(f"quiz/_data/seeds/{seed.name}") == seed.read_bytes()
        # The printable quiz's Typst template and print stylesheet.
        assert {"quiz/export/classroom.typ", "quiz/export/classroom.css"} <= names


def test_installed_quiz_runs_from_elsewhere(wheel, tmp_path):
    target = tmp_path / "site"
    subprocess.run(
        [*PIP, "install", "--no-deps", "--target", str(target), str(wheel)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(target)}
    where = subprocess.run(
        [sys.executable, "-c", "import quiz.resources as r; print(r.decks_dir())"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert Path(where.stdout.strip()).is_relative_to(target)
    check = subprocess.run(
        [sys.executable, "-m", "quiz", "check"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
    )
    assert check.returncode == 0, check.stderr
    assert str(target) in check.stdout
    facts = subprocess.run(
        [sys.executable, "-m", "quiz", "facts", "--json"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
    )
    assert facts.returncode == 0, facts.stderr
    assert len(json.loads(facts.stdout)) >= 40
