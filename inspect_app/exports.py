"""What every export does to user text: cells that a spreadsheet would run as a formula are neutralised."""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def neutralise(text):
    """Text starting like a formula gets a leading apostrophe; anything else is returned as it is."""
    if isinstance(text, str) and text.startswith(FORMULA_STARTS):
        return "'" + text
    return text
