"""The timeline panel: activity, events and money of the current filter on one date axis."""

from desktop.timeline.panel import TimelinePanel

__all__ = ["TimelinePanel"]
