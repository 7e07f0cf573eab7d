"""The command line ends every failure in a message: undecodable file names and a full disk."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from bilateral.cli import kinds
from bilateral.cli import main as cli
from bilateral.db import store
from bilateral.db.records import count_records, list_kinds
from bilateral.db.store import open_database

COMMAND = [
    sys.executable,
    "-c",
    "import sys; from bilateral.cli.main import main; sys.exit(main())",
]
UTF8 = {**os.environ, "LC_ALL": "C.UTF-8", "PYTHONIOENCODING": ""}


def _csv(path: Path, rows: int) -> Path:
    lines = ["uid,actor,partner,kind,date,title,summary"]
    pad = "x" * 400
    lines += [f"full-{n},CHN,CUB,visit,2024,Visit {n},{pad}" for n in range(rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def undecodable(seeded_path, tmp_path) -> bytes:
    """A copy of the seeded database under a name that is not valid UTF-8."""
    name = os.fsencode(tmp_path) + b"/caf\xe9 \xff.db"
    open_database(os.fsdecode(name)).close()
    return name


COMMANDS = {
    "seed": [b"seed"],
    "check": [b"check"],
    "kinds": [b"kinds"],
    "backup": [b"backup"],
    "restore (listing)": [b"restore"],
    "export": [b"export", b"records", b"--out", b"\xfe.csv"],
    "import": [b"import", b"\xfd.csv"],
}


@pytest.mark.parametrize("command", COMMANDS, ids=list(COMMANDS))
def test_a_name_that_is_not_utf8_never_ends_in_a_traceback(command, undecodable, tmp_path):
    if command == "restore (listing)":
        cli.main(["backup", "--db", os.fsdecode(undecodable)])
    done = subprocess.run(
        [*COMMAND, *COMMANDS[command], b"--db", undecodable],
        capture_output=True,
        env=UTF8,
        cwd=tmp_path,
        timeout=60,
    )
    assert b"Traceback" not in done.stderr, done.stderr.decode(errors="replace")
    assert done.returncode == (1 if command == "import" else 0)  # no such CSV


def test_an_undecodable_name_is_shown_with_its_bytes_escaped(undecodable, tmp_path):
    done = subprocess.run(
        [*COMMAND, b"backup", b"--db", undecodable], capture_output=True, env=UTF8, timeout=60
    )
    assert (done.returncode, b"caf\\xe9 \\xff-" in done.stdout) == (0, True)


def _full_error() -> sqlite3.OperationalError:
    """A real 'database or disk is full' from SQLite."""
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE t (x)")
    conn.execute("PRAGMA max_page_count = 2")
    try:
        conn.execute("INSERT INTO t VALUES (zeroblob(100000))")
    except sqlite3.OperationalError as error:
        return error
    finally:
        conn.close()
    raise AssertionError("SQLite did not fill up")


@pytest.fixture
def full_disk(monkeypatch):
    """Every new connection may not grow its database: SQLite reports a full disk."""
    connect = store.connect

    def limited(path, **kwargs):
        db = connect(path, **kwargs)
        pages = db.execute("PRAGMA page_count").fetchone()[0]
        db.execute(f"PRAGMA max_page_count = {max(pages, 1)}")
        return db

    monkeypatch.setattr(store, "connect", limited)


def test_an_import_on_a_full_disk_says_so_and_changes_nothing(
    seeded_path, tmp_path, full_disk, capsys, figures
):
    source = _csv(tmp_path / "big.csv", 500)
    cli.main(["backup", "--db", str(seeded_path)])  # so that no daily backup comes first
    code = cli.main(["import", str(source), "--db", str(seeded_path)])
    err = capsys.readouterr().err
    assert (code, "the disk is full; nothing was saved" in err) == (1, True)
    assert count_records(open_database(seeded_path)) == 19
    figures["full disk"]["simulated (SQLite page limit)"] += 1


def test_adding_a_kind_on_a_full_disk_says_so(seeded_path, monkeypatch, capsys):
    error = _full_error()

    def full(*_args):
        raise error

    monkeypatch.setattr(kinds, "add_kind", full)
    code = cli.main(["kinds", "--add", "sanction", "--db", str(seeded_path)])
    assert (code, "the disk is full; nothing was saved" in capsys.readouterr().err) == (1, True)
    assert "sanction" not in {k.name for k in list_kinds(open_database(seeded_path))}


ON_TMPFS = """
import json, os, shutil, subprocess, sys
from bilateral.cli.main import main
from bilateral.db.store import open_database
from bilateral.db.records import count_records
mount, seeded, source = sys.argv[1:4]
db = os.path.join(mount, "x.db")
shutil.copy(seeded, db)
main(["backup", "--db", db])  # so that no daily backup comes first
filler = os.path.join(mount, "filler")
with open(filler, "wb") as out:
    try:
        while os.statvfs(mount).f_bavail * os.statvfs(mount).f_frsize > 64 * 1024:
            out.write(b"\\0" * 4096)
            out.flush()
    except OSError:
        pass
done = subprocess.run(
    [sys.executable, "-c", "import sys; from bilateral.cli.main import main; sys.exit(main())",
     "import", source, "--db", db], capture_output=True, text=True)
os.unlink(filler)
print(json.dumps({"code": done.returncode, "err": done.stderr,
                  "records": count_records(open_database(db))}))
"""


def test_an_import_on_a_really_full_file_system_says_so_and_changes_nothing(
    seeded_path, tmp_path, figures
):
    mount = tmp_path / "small"
    mount.mkdir()
    db = open_database(seeded_path)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    source = _csv(tmp_path / "big.csv", 3000)
    script = f'mount -t tmpfs -o size=1m tmpfs \'{mount}\' && exec "$0" -c "$1" "$2" "$3" "$4"'
    try:
        done = subprocess.run(
            [
                "unshare",
                "-rm",
                "sh",
                "-c",
                script,
                sys.executable,
                ON_TMPFS,
                str(mount),
                str(seeded_path),
                str(source),
            ],
            capture_output=True,
            text=True,
            timeout=60,
        )
    except FileNotFoundError:
        pytest.skip("unshare is not installed")
    if "mount" in done.stderr and done.returncode and not done.stdout:
        pytest.skip(f"cannot mount a small file system here: {done.stderr.strip()}")
    result = json.loads(done.stdout.splitlines()[-1])
    assert "Traceback" not in result["err"], result["err"]
    assert (result["code"], "the disk is full" in result["err"]) == (1, True)
    assert result["records"] == 19
    figures["full disk"]["real (1 MB tmpfs)"] += 1
