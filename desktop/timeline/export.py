"""Saving the timeline plots as PNG or SVG with pyqtgraph's exporters."""

from __future__ import annotations

import contextlib
import datetime
import html
import importlib
import re
from collections.abc import Iterator, Sequence
from pathlib import Path

import pyqtgraph.exporters as exporters
from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QGraphicsWidget

from bilateral.desktop.common import theme

FORMATS = {".png": "PNG image", ".svg": "SVG drawing"}
PNG_SCALE = 2  # twice the screen size, so the image stays sharp in a document
# The module, which the package hides behind the class of the same name.
svg_module = importlib.import_module("pyqtgraph.exporters.SVGExporter")


def export_headed(item: QGraphicsWidget, title, heading: str, path: Path) -> None:
    """Write ``item`` with ``heading`` above the text of ``title`` (a LabelItem in it).

    The picture stands alone: a heading naming what and when, above the plot titles
    that already carry the legends of kinds and flows.
    """
    shown = title.text
    escaped = html.escape(heading)
    title.setText(
        f"<span style='font-size:12pt; color:{theme.current().text}'><b>{escaped}</b></span>"
        f"<br>{shown}"
    )
    try:
        export_item(item, path)
    finally:
        title.setText(shown)


def file_name(pairs: Sequence[str], first: datetime.date, last: datetime.date) -> str:
    """'china-cuba-2019-2023.png': the pairs shown (their labels) and the years in view."""
    names = [name.replace(" – ", "-") for name in pairs] or ["timeline"]
    years = f"{first.year}" if first.year == last.year else f"{first.year}-{last.year}"
    text = "-vs-".join(names) + f"-{years}"
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") + ".png"


def export_item(item: QGraphicsWidget, path: Path) -> None:
    """Write ``item`` (the plots' layout) to ``path`` as PNG or SVG, chosen by the suffix.

    :raises ValueError: for any other suffix.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise ValueError(f"{path.name}: save the timeline as .png or .svg")
    # Titles that changed since the last paint are laid out only by posted
    # events; without them the image would show titles over the plots.
    QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
    if suffix == ".png":
        exporter = exporters.ImageExporter(item)
        exporter.parameters()["width"] = round(item.sceneBoundingRect().width()) * PNG_SCALE
        exporter.export(str(path))
    else:
        with _closed_paths_tolerated():
            exporters.SVGExporter(item).export(str(path))


@contextlib.contextmanager
def _closed_paths_tolerated() -> Iterator[None]:
    """Let pyqtgraph 0.14's SVG exporter read paths that Qt 6 closes with 'Z'.

    Its coordinate fix-up expects only 'x,y' pairs and fails on the closing
    'Z' (pyqtgraph issue 3485); the paths it meets are rectangles and symbols
    whose last point is their first, so dropping the 'Z' draws the same shape.
    """
    original = svg_module.correctCoordinates

    def tolerant(node, defs, item, options):
        for path in node.getElementsByTagName("path"):
            tokens = path.getAttribute("d").split()
            path.setAttribute("d", " ".join(t for t in tokens if t not in ("Z", "z")))
        return original(node, defs, item, options)

    svg_module.correctCoordinates = tolerant
    try:
        yield
    finally:
        svg_module.correctCoordinates = original
