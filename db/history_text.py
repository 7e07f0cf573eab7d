"""Revisions in words, for the command line and the window alike: what changed, old → new."""

from __future__ import annotations

from bilateral.db.cells import encode_items
from bilateral.db.history import LISTS, Revision, encode

OPERATION_WORDS = {
    "create": "created",
    "edit": "edited",
    "delete": "deleted",
    "existing": "as stored when history began",
}


def when(moment: str | None) -> str:
    """A stored UTC moment as people read it: '2026-12-03 06:01:16 UTC' ('' for none)."""
    return (moment or "").replace("T", " ").replace("Z", " UTC")


def origin_text(revision: Revision) -> str:
    """'window', 'import people.csv (batch 3)', 'revert to version 2'…"""
    if revision.batch_id is not None:
        return f"{revision.origin} {revision.detail} (batch {revision.batch_id})".replace("  ", " ")
    return f"{revision.origin} {revision.detail}".strip()


def heading(revision: Revision) -> str:
    """'3 · 2026-12-03 06:01:16 UTC · edited · import eu.csv (batch 2)'."""
    return (
        f"{revision.number} · {when(revision.at)} · "
        f"{OPERATION_WORDS.get(revision.operation, revision.operation)}"
        f" · {origin_text(revision)}"
    )


def _value(name: str, value: object) -> str:
    if value is None or value == "":
        return "(empty)"
    if name == "terms_disclosed":
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return f"{value:,.0f}"
    return repr(value) if isinstance(value, str) else str(value)


def _item(name: str, item: object) -> str:
    return str(item) if name == "sectors" else encode_items([[str(v) for v in item]])  # type: ignore[union-attr]


def change_lines(revision: Revision) -> list[str]:
    """One line per changed field ('title: 'Old' → 'New''); a list item by item (+ added,
    − removed). A create or delete says so in one line rather than list every field."""
    if revision.operation == "delete":
        return [f"deleted {revision.before('title') or ''!r}"]
    if revision.operation in ("create", "existing"):
        return []
    lines = []
    for name, old, new in revision.changed():
        if name in LISTS:
            before = [_item(name, i) for i in encode(name, old or [])]  # type: ignore[union-attr]
            after = [_item(name, i) for i in encode(name, new or [])]  # type: ignore[union-attr]
            lines += [f"{name}: − {i}" for i in before if i not in after]
            lines += [f"{name}: + {i}" for i in after if i not in before]
            if sorted(before) == sorted(after) and before != after:
                lines.append(f"{name}: the same items in another order")
        else:
            lines.append(f"{name}: {_value(name, old)} → {_value(name, new)}")
    return lines
