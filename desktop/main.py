"""The `bilateral` entry point: headless commands go to db.cli, no command opens the window."""

from __future__ import annotations

import sys
from pathlib import Path

from bilateral.db import cli


def _open_window(db_path: Path | None) -> int:
    # Qt is imported only here, so headless commands run where there is no display.
    from bilateral.desktop.shell.app import run

    return run(db_path)


def main() -> int:
    """Run `bilateral` with the process arguments."""
    return cli.main(sys.argv[1:], open_window=_open_window)


if __name__ == "__main__":
    sys.exit(main())
