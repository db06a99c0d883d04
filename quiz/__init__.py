"""quiz: a terminal quiz and flashcard app built on curated, sourced facts."""


def __getattr__(name: str) -> str:
    # The version is looked up when asked for: importing importlib.metadata costs
    # more start-up time than the rest of the package.
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("quiz")
        except PackageNotFoundError:  # a source tree that was never installed
            return "0.0.0+source"
    raise AttributeError(f"module 'quiz' has no attribute {name!r}")
