"""Pieces every part of the window shares: plain-text helpers, icons, settings."""
