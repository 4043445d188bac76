"""Values as people type them in a spreadsheet: 是/否, yes/no, 1/0, 85%, 0.85, 12,000."""

from __future__ import annotations

import math
import re
import unicodedata

import numpy as np
import pandas as pd

YES_WORDS = {"是", "yes", "y", "true", "对", "有", "√", "✓"}
NO_WORDS = {"否", "no", "n", "false", "不是", "无", "没有", "×", "✗"}
THOUSANDS = re.compile(r"^[-+]?\d{1,3}(,\d{3})+(\.\d+)?$")
NAN = math.nan


def normalise(text: str) -> str:
    """Full-width to half-width, trimmed, lower case: how a typed value is compared."""
    return unicodedata.normalize("NFKC", text).strip().lower()


def parse_number(text: str) -> float:
    """A number from typed text (85% → 0.85, 12,000 → 12000); NaN when it is not one."""
    value = normalise(text).replace(" ", "")
    scale = 1.0
    if value.endswith("%"):
        value, scale = value[:-1], 0.01
    if THOUSANDS.match(value):
        value = value.replace(",", "")
    try:
        number = float(value)
    except ValueError:
        return NAN
    return number * scale if math.isfinite(number) else NAN


def parse_yes_no_word(text: str) -> float:
    """1.0 for a yes word, 0.0 for a no word, NaN otherwise (digits are not words)."""
    value = normalise(text)
    if value in YES_WORDS:
        return 1.0
    return 0.0 if value in NO_WORDS else NAN


def parse_yes_no(text: str) -> float:
    """A yes/no answer: the words, or 1 / 0."""
    word = parse_yes_no_word(text)
    if not math.isnan(word):
        return word
    number = parse_number(text)
    return number if number in (0.0, 1.0) else NAN


def is_blank(values: pd.Series) -> np.ndarray:
    """True where a cell was left empty (not answered)."""
    blank = values.isna().to_numpy().copy()
    if values.dtype == object or pd.api.types.is_string_dtype(values.dtype):
        text = values.astype("string").str.strip()
        blank |= (text == "").fillna(True).to_numpy(dtype=bool)
    return blank


class ParsedValues:
    """Every response value parsed once per distinct text: number, yes/no, yes/no word."""

    def __init__(self, values: pd.Series) -> None:
        if pd.api.types.is_numeric_dtype(values.dtype) and not pd.api.types.is_bool_dtype(values):
            self.number = values.to_numpy(dtype=float, na_value=NAN)
            self.yes_no = np.where(np.isin(self.number, (0.0, 1.0)), self.number, NAN)
            self.yes_no_word = np.full(len(values), NAN)
            self.text_code = np.full(len(values), -1, dtype=np.int64)
            self.texts: list[str] = []
            return
        codes, uniques = pd.factorize(values.astype("string"), use_na_sentinel=True)
        self.texts = [str(text) for text in uniques]
        self.text_code = codes.astype(np.int64)
        self.number = self._lookup([parse_number(t) for t in self.texts])
        self.yes_no = self._lookup([parse_yes_no(t) for t in self.texts])
        self.yes_no_word = self._lookup([parse_yes_no_word(t) for t in self.texts])

    def _lookup(self, per_text: list[float]) -> np.ndarray:
        """Spread a per-distinct-text result back over every row."""
        table = np.append(np.asarray(per_text, dtype=float), NAN)
        return table[self.text_code]
