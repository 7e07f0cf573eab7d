"""A named pipe, device or socket given as the database is called what it is, without blocking."""

from __future__ import annotations

import os
import socket
import subprocess
import sys

import pytest

OPEN = """
import sys
from bilateral.db.errors import DatabaseProblem
from bilateral.db.store import open_database
try:
    open_database(sys.argv[1])
except DatabaseProblem as problem:
    print(problem)
"""


def _message(path) -> str:
    # A child process, so that a blocking open fails the test instead of hanging it.
    done = subprocess.run(
        [sys.executable, "-c", OPEN, str(path)], capture_output=True, text=True, timeout=20
    )
    return done.stdout


def test_a_named_pipe_is_called_a_named_pipe(tmp_path):
    fifo = tmp_path / "pipe.db"
    os.mkfifo(fifo)
    assert "is a named pipe (FIFO), not a regular file" in _message(fifo)


def test_a_character_device_is_called_a_device():
    assert "is a character device, not a regular file" in _message("/dev/null")


def test_a_socket_is_called_a_socket(tmp_path):
    path = tmp_path / "s.db"
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(path))
    except OSError:
        pytest.skip("no Unix sockets here")
    try:
        assert "is a socket, not a regular file" in _message(path)
    finally:
        server.close()
