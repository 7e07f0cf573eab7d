"""The team view: `bilateral serve` shows a snapshot of the database in the browser, read-only."""

from __future__ import annotations

import argparse
import contextlib
import importlib
import json
import signal
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

from bilateral.cli.command import Command
from bilateral.cli.options import open_db, say
from bilateral.db import serving
from bilateral.db.connection import db_path
from bilateral.db.errors import BilateralError

GROUP = "Team view"
TIME_LIMIT_MS = 30_000
NEEDS_DATASETTE = "bilateral serve needs Datasette: pip install 'bilateral[serve]'"


class ServeProblem(BilateralError):
    """The team view cannot start: Datasette is missing, or the port is taken."""


def _arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--port", type=int, default=8001, help="port to listen on (default 8001)")
    parser.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on (default 127.0.0.1, this computer only; 0.0.0.0 for the "
        "local network)",
    )


def _check_datasette() -> None:
    try:
        # Imported, not just looked for: a broken install fails here, not in the server.
        importlib.import_module("datasette")
    except ImportError:
        raise ServeProblem(NEEDS_DATASETTE) from None


def _check_port(host: str, port: int) -> None:
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        try:
            probe.bind((host, port))
        except OSError as error:
            raise ServeProblem(
                f"Cannot listen on {host}:{port} ({error.strerror or error}): choose another "
                "port with --port."
            ) from None


def _stop_on_terminate() -> None:
    # A terminated server must still stop Datasette and delete its snapshot: SIGTERM
    # unwinds like Ctrl+C instead of ending the process on the spot.
    def stop(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)


def _serve(args: argparse.Namespace) -> int:
    _check_datasette()
    _check_port(args.host, args.port)
    db = open_db(args)
    source = db_path(db)
    _stop_on_terminate()
    with tempfile.TemporaryDirectory(prefix="bilateral-serve-") as folder:
        snapshot = Path(folder) / f"{serving.DATABASE}.db"
        try:
            taken = serving.prepare_snapshot(db, snapshot)
        finally:
            db.close()  # nothing of the app's file stays open while serving
        metadata = Path(folder) / "metadata.json"
        metadata.write_text(json.dumps(serving.metadata(taken, source)), encoding="utf-8")
        url = f"http://{args.host}:{args.port}/{serving.DATABASE}"
        say(f"Serving a read-only snapshot of {source} taken at {taken} at {url}")
        say("Later changes to the database are not shown: restart `bilateral serve` to see them.")
        say("Press Ctrl+C to stop.")
        sys.stdout.flush()
        command = [sys.executable, "-m", "datasette", "serve", "-i", str(snapshot)]
        command += ["--metadata", str(metadata), "--host", args.host, "--port", str(args.port)]
        # Datasette stops a query after 1 s; the summary of every pair of a million
        # records takes about 7 s (one pair's under 1 s), and the snapshot is the
        # server's own, so a slow query delays no writer.
        command += ["--setting", "sql_time_limit_ms", str(TIME_LIMIT_MS)]
        server = subprocess.Popen(command)
        try:
            return server.wait()
        except KeyboardInterrupt:
            say("Stopped.")
            return 0
        finally:
            with contextlib.suppress(ProcessLookupError):
                server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


COMMANDS = (
    Command(
        "serve",
        "show a read-only snapshot of the database in the browser, with Datasette",
        "bilateral serve --db team.db --port 8001",
        _serve,
        _arguments,
    ),
)
