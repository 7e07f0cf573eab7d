"""Whether a desktop window can open here, told before Qt would abort for want of a display."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping

NO_DISPLAY = (
    "bilateral: no display found; use the command line (`bilateral --help`) "
    "or run under a desktop session"
)


def display_missing(environ: Mapping[str, str] | None = None, platform: str | None = None) -> bool:
    """Whether no window could be shown: on Linux and the BSDs, no X11 or Wayland
    display and no Qt platform asked for (macOS and Windows always have one)."""
    environ = os.environ if environ is None else environ
    platform = sys.platform if platform is None else platform
    if platform.startswith(("win", "darwin", "cygwin")):
        return False
    return not any(environ.get(name) for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"))
