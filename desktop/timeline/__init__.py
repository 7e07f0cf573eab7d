"""The timeline panel: activity, events and money of the current filter on one date axis."""

from bilateral.desktop.timeline.panel import TimelinePanel

__all__ = ["TimelinePanel"]
