"""Helpers every export shares: text that a spreadsheet must never run as a formula."""

FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r", "\n")


def neutralise(text: object) -> object:
    """Text beginning like a formula (=, +, -, @, tab, CR, LF) gets a leading apostrophe; other values pass."""
    if isinstance(text, str) and text.startswith(FORMULA_LEADS):
        return "'" + text
    return text
