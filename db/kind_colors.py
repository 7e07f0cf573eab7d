"""The colours of kinds: a colour-blind-safe set for the built-in ones, and spares for new ones."""

from __future__ import annotations

# Okabe and Ito's palette (2008) for seven kinds, Paul Tol's bright and muted sets for
# the other six, placed so that no two kinds are closer than 6 CIEDE2000 units in
# normal vision or as a deutan, protan or tritan viewer sees them (the tab10 colours
# before had agreement and aid at 1.9 for a deutan). tests/test_kind_colors.py measures it.
# Conflict is red (allegation, dispute), money warm, talks blue.
KIND_COLORS = {
    "visit": "#0072b2",  # Okabe–Ito blue
    "meeting": "#56b4e9",  # Okabe–Ito sky blue
    "statement": "#999999",  # Okabe–Ito grey
    "agreement": "#009e73",  # Okabe–Ito bluish green
    "membership": "#88ccee",  # Tol cyan
    "aid": "#e69f00",  # Okabe–Ito orange
    "loan": "#ddcc77",  # Tol sand
    "debt-relief": "#228833",  # Tol green
    "investment": "#cc79a7",  # Okabe–Ito reddish purple
    "trade": "#aa3377",  # Tol purple
    "security": "#ee6677",  # Tol red
    "allegation": "#d55e00",  # Okabe–Ito vermillion
    "dispute": "#cc3311",  # Tol vibrant red
}
# For kinds users add, in turn: Tol's colours farthest from every built-in kind (about 6
# units or more in each of those four views).
SPARE_COLORS = ("#999933", "#882255", "#666666", "#bbbbbb", "#ffaabb")


def spare_color(used: set[str]) -> str:
    """A colour for a new kind: the first spare colour no kind has yet."""
    used = {color.lower() for color in used}
    return next((c for c in SPARE_COLORS if c not in used), SPARE_COLORS[0])
