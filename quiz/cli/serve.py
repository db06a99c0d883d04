"""`quiz serve`: the study app in a browser, one app process per tab, through textual-serve.

textual-serve starts the command below for each tab that connects and sets
TEXTUAL_DRIVER for it, which `quiz.cli.in_terminal` takes as a screen. Every tab
asks who is studying and keeps that student's progress apart (`quiz.students`).
"""

from __future__ import annotations

import argparse
import shlex
import sys
from pathlib import Path

from quiz.cli import EXIT_OK, UsageError
from quiz.cli.options import add_data_dir_option, positive
from quiz.datadir import data_path

DEFAULT_HOST = "127.0.0.1"  # this machine only: a name is not a password (see README)
DEFAULT_PORT = 8000
LOOPBACK = {"127.0.0.1", "localhost", "::1"}


def register(commands: argparse._SubParsersAction) -> None:
    serve = commands.add_parser(
        "serve",
        help="serve the study app to web browsers (a class lab)",
        description="Serve the study app to web browsers: each tab runs the same app as the "
        "terminal, asks who is studying, and keeps each student's progress in a database of "
        "their own under students/ in the data folder. Needs textual-serve "
        "(pip install 'quiz[web]'). Ctrl+C stops it.",
    )
    serve.add_argument(
        "--host",
        default=DEFAULT_HOST,
        help=f"the address to listen on (default {DEFAULT_HOST}: this machine only)",
    )
    serve.add_argument(
        "--port", type=positive, default=DEFAULT_PORT, help=f"the port (default {DEFAULT_PORT})"
    )
    add_data_dir_option(serve)
    serve.set_defaults(command="serve", run=_run_serve)


def tab_command(data_dir: Path) -> str:
    """The shell command textual-serve runs for each tab: this Python, this quiz."""
    return shlex.join([sys.executable, "-m", "quiz", "--data-dir", str(data_dir), "--ask-student"])


def _run_serve(args: argparse.Namespace) -> int:
    try:
        from textual_serve.server import Server
    except ImportError:
        raise UsageError("quiz serve needs textual-serve: pip install 'quiz[web]'") from None
    if args.port > 65535:
        raise UsageError(f"--port {args.port}: ports go up to 65535")
    data_dir = data_path(getattr(args, "data_dir", None)).parent.resolve()
    if args.host not in LOOPBACK:
        print(
            f"quiz: anyone who can reach {args.host}:{args.port} can study under any name; "
            "serve a lab's own network only, or behind a proxy that signs users in",
            file=sys.stderr,
        )
    print(f"quiz: progress is kept under {data_dir / 'students'}", file=sys.stderr)
    Server(tab_command(data_dir), host=args.host, port=args.port, title="quiz").serve()
    return EXIT_OK
