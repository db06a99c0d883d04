"""quiz: a terminal quiz and flashcard app built on curated, sourced facts."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("quiz")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+source"
