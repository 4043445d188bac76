"""Values as people type them in a spreadsheet: 是/否, yes/no, 1/0, 85%, 0.85, 12,000."""

from __future__ import annotations

import math
import re
import unicodedata

import numpy as np
import pandas as pd

from scoring.row_codes import factorized, in_arrow, key_type

YES_WORDS = {"是", "yes", "y", "true", "对", "有", "√", "✓"}
NO_WORDS = {"否", "no", "n", "false", "不是", "无", "没有", "×", "✗"}
THOUSANDS = re.compile(r"^[-+]?\d{1,3}(,\d{3})+(\.\d+)?$")
NAN = math.nan


def normalise(text: str) -> str:
    """Full-width to half-width, trimmed, lower case: how a typed value is compared."""
    return (text if text.isascii() else unicodedata.normalize("NFKC", text)).strip().lower()


def parse_number(text: str) -> float:
    """A number from typed text (85% → 0.85, 12,000 → 12000); NaN when it is not one."""
    return number_of(normalise(text))


def number_of(normalised: str) -> float:
    """parse_number of a text already normalised."""
    value = normalised.replace(" ", "")
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
    return yes_no_word_of(normalise(text))


def yes_no_word_of(normalised: str) -> float:
    """parse_yes_no_word of a text already normalised."""
    if normalised in YES_WORDS:
        return 1.0
    return 0.0 if normalised in NO_WORDS else NAN


def parse_yes_no(text: str) -> float:
    """A yes/no answer: the words, or 1 / 0."""
    return parsed_text(text)[1]


def parsed_text(text: str) -> tuple[float, float, float]:
    """A typed text's number, yes/no answer and yes/no word, normalising it once."""
    normalised = normalise(text)
    number, word = number_of(normalised), yes_no_word_of(normalised)
    if not math.isnan(word):
        return number, word, word
    return number, number if number in (0.0, 1.0) else NAN, word


def is_blank(values: pd.Series) -> np.ndarray:
    """True where a cell was left empty (not answered): missing, or only spaces in a text column."""
    if isinstance(values.dtype, pd.CategoricalDtype) or in_arrow(values):
        codes, distinct = value_codes(values)
        return blanks([str(value) for value in distinct], holds_text(values))[codes]
    if holds_text(values):
        texts = np.asarray(values.array, dtype=object)
        try:
            blank = texts == ""  # most cells of a note column: compared, not hashed
        except TypeError:  # pd.NA has no truth value
            blank = np.zeros(len(texts), dtype=bool)
        rest = np.flatnonzero(~blank)
        codes, uniques = factorized(pd.Series(texts[rest], dtype=object))
        blank[rest] = blanks([str(text) for text in uniques], True)[codes]
        return blank
    return values.isna().to_numpy(dtype=bool)


def holds_text(values: pd.Series) -> bool:
    """True for a column of typed text: object, string, or categories of those (a read CSV)."""
    dtype = values.dtype
    if isinstance(dtype, pd.CategoricalDtype):
        dtype = dtype.categories.dtype
    return pd.api.types.is_object_dtype(dtype) or pd.api.types.is_string_dtype(dtype)


def blanks(values: list[str], text: bool) -> np.ndarray:
    """Per distinct value, True for spaces only (when they are text); one more entry, True, for
    a missing value (-1)."""
    return np.array([text and value.strip() == "" for value in values] + [True], dtype=bool)


def value_codes(values: pd.Series) -> tuple[np.ndarray, np.ndarray | pd.Index]:
    """Codes per row (-1 where missing) and the distinct values: a categorical column's own."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        return values.cat.codes.to_numpy(), values.cat.categories
    return factorized(values)


class ParsedValues:
    """Every response value parsed once per distinct text: number, yes/no, yes/no word.

    A row's `key` is its number (a numeric column) or the index of its distinct text; keys are
    spread into score sheets first. Numbers are read a sheet column at a time (`answers`); texts
    are read once per distinct text (`distinct_answers`), and a column's keys index what was read.
    `blank` is True for the rows left empty; None when no row is.
    """

    def __init__(self, values: pd.Series) -> None:
        self.numeric = (pd.api.types.is_numeric_dtype(values.dtype)
                        and not pd.api.types.is_bool_dtype(values))
        if self.numeric:
            self.key: np.ndarray = (values.to_numpy() if values.dtype == np.float64
                                    else values.to_numpy(dtype=float, na_value=NAN))
            self.blank = np.isnan(self.key) if np.isnan(self.key.min(initial=0.0)) else None
            self.texts: list[str] = []
            self._no_text = (np.zeros(0), np.zeros(0, dtype=np.int64))
            return
        codes, uniques = value_codes(values)
        self.key = codes
        self.texts = [str(text) for text in uniques]
        blank = blanks(self.texts, holds_text(values))
        self.blank = blank[codes] if blank[:-1].any() or codes.min(initial=0) < 0 else None
        parsed = np.array([parsed_text(text) for text in self.texts] + [(NAN, NAN, NAN)], dtype=float)
        self.number, self.yes_no, self.yes_no_word = (np.ascontiguousarray(parsed[:, k]) for k in range(3))

    def spread_buffer(self, n_cells: int, fill: bool = True) -> np.ndarray:
        """A flat sheet matrix for the rows' keys, NaN (or -1) until a row is put (unless not
        `fill`: every cell will be written)."""
        dtype = np.float64 if self.numeric else key_type(len(self.texts))
        if not fill:
            return np.empty(n_cells, dtype=dtype)
        return np.full(n_cells, NAN if self.numeric else -1, dtype=dtype)

    def given(self, keys: np.ndarray) -> np.ndarray:
        """True where spread keys hold an answer (not NaN, not -1)."""
        return ~np.isnan(keys) if self.numeric else keys >= 0

    def distinct_answers(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Number, yes/no, yes/no word and text code of each distinct text, then of a missing key."""
        return self.number, self.yes_no, self.yes_no_word, np.append(np.arange(len(self.texts)), -1)

    def answers(self, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Number, yes/no, yes/no word and text code of spread keys (NaN / -1 where none)."""
        if self.numeric:
            yes_no = np.where((keys == 0.0) | (keys == 1.0), keys, NAN)
            if len(self._no_text[0]) != len(keys):  # shared by every column, so read-only
                self._no_text = (np.full(len(keys), NAN), np.full(len(keys), -1, dtype=np.int64))
                for array in self._no_text:
                    array.flags.writeable = False
            return keys, yes_no, *self._no_text
        return self.number[keys], self.yes_no[keys], self.yes_no_word[keys], keys.astype(np.int64)
