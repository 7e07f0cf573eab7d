"""Unicode checks shared by validation and import: NFC, invisible characters, web addresses."""

from __future__ import annotations

import unicodedata
from urllib.parse import urlsplit

# Characters that show as nothing, or as blank space: format characters (Cf:
# zero-width spaces and joiners, BOM, soft hyphen, bidi controls), separators
# (Zs, Zl, Zp), and the fillers and selectors that render as blank.
_BLANK_LETTERS = frozenset("\u034f\u115f\u1160\u17b4\u17b5\u180e\u2800\u3164\uffa0")
_BLANK_CATEGORIES = frozenset(("Cf", "Zs", "Zl", "Zp"))


def nfc(text: str) -> str:
    """``text`` in Unicode normal form C; ASCII (the common case) is returned as it is."""
    return text if text.isascii() else unicodedata.normalize("NFC", text)


def is_invisible(char: str) -> bool:
    """Whether a character shows as nothing or as blank space (the ASCII space included)."""
    if char in _BLANK_LETTERS or 0xFE00 <= ord(char) <= 0xFE0F or 0xE0100 <= ord(char) <= 0xE01EF:
        return True
    return unicodedata.category(char) in _BLANK_CATEGORIES or char.isspace()


def is_blank(text: str) -> bool:
    """Whether ``text`` shows as nothing: empty, or made only of invisible characters."""
    return all(is_invisible(c) for c in text)


def describe(char: str) -> str:
    """A character for a message: its code point and name, such as 'U+200B ZERO WIDTH SPACE'."""
    name = unicodedata.name(char, "")
    return f"U+{ord(char):04X} {name}" if name else f"U+{ord(char):04X}"


def first_invisible(text: str) -> tuple[int, str] | None:
    """The 1-based position and the first invisible character in ``text``, or None."""
    if text.isascii() and text.isprintable() and " " not in text:
        return None  # the common case, checked at C speed
    for position, char in enumerate(text, 1):
        if is_invisible(char):
            return position, char
    return None


def uid_problem(uid: str) -> str | None:
    """Why a uid cannot be used, or None: it must not hide spaces or invisible characters."""
    found = first_invisible(uid)
    if found is None:
        return None
    position, char = found
    what = "space" if unicodedata.category(char) == "Zs" or char.isspace() else "invisible"
    return (
        f"contains the {what} character {describe(char)} at position {position};"
        " a uid must not contain invisible characters or spaces"
    )


def _escaped(char: str) -> str:
    if char == " " or (char.isprintable() and not is_invisible(char)):
        return char
    point = ord(char)
    return (
        f"\\x{point:02x}"
        if point <= 0xFF
        else f"\\u{point:04x}"
        if point <= 0xFFFF
        else f"\\U{point:08x}"
    )


def shown(text: str) -> str:
    """``text`` for a message, each invisible character but the space escaped, as in '\\ufeff'."""
    if text.isascii() and text.isprintable():
        return text
    return "".join(_escaped(c) for c in text)


def has_host(url: str) -> bool:
    """Whether an http(s) address names a host, so that it leads somewhere."""
    # The common address: its host starts right after '://', with no user name before it.
    if url.partition("://")[2][:1].isalnum() and "@" not in url:
        return True
    try:
        return bool(urlsplit(url).hostname)
    except ValueError:  # such as an unclosed '[' of an IPv6 host
        return False
