"""The words of rectification rows: notes, else a pool's lines, else the standard; a veto first."""

import numpy as np
import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from scoring import score
from scoring.findings import joined, worded

ITEMS = [
    {"code": "P", "text": "档案资料", "method": "deduct", "max": 20, "lines": [
        {"code": "P1", "text": "缺少贫困户档案", "per": 2},
        {"code": "P2", "text": "缺少帮扶手册", "per": 3, "max": 5},
        {"code": "P3", "text": "台账不全", "per": 1}]},
    {"code": "R", "text": "综合贫困发生率", "method": "bands", "max": 10,
     "bands": [{"below": 0.012, "score": 10}], "veto_when": {"at_least": 0.012}},
    {"code": "D", "text": "识别准确", "standard": "每错一户扣5分", "method": "deduct", "max": 20, "per": 5},
    {"code": "M", "text": "综合评价", "method": "manual", "max": 10},
]
# subject, code, 张's value and note, 李's value and note
ANSWERS = [
    ("甲村", "P1", "2", "", "1", ""), ("甲村", "P2", "2", "", "2", ""), ("甲村", "P3", "0", "", "0", ""),
    ("甲村", "R", "0.015", "", "0.005", ""), ("甲村", "D", "1", "", "2", ""),
    ("甲村", "M", "8", "资料不全", "9", "资料不全"),
    ("乙村", "P1", "1", "", "1", ""), ("乙村", "P2", "0", "手册缺失", "0", ""), ("乙村", "P3", "0", "", "0", ""),
    ("乙村", "R", "0.005", "", "0.005", ""), ("乙村", "D", "0", "", "0", ""), ("乙村", "M", "10", "", "10", ""),
]


def test_findings_read_as_written_by_hand(make_checklist):
    rows = [(subject, code, value, inspector, note)
            for subject, code, *answers in ANSWERS
            for inspector, value, note in (("张", *answers[:2]), ("李", *answers[2:]))]
    rows.append(("甲村", "M", "", "李", "缺会议记录"))  # a note on its own row, no value
    frame = pd.DataFrame(rows, columns=["subject", "item", "value", "inspector", "note"])
    results = score(make_checklist(ITEMS), frame)
    got = results.rectifications[["subject", "item", "finding", "lost"]].to_dict("records")
    assert got == [
        # notes win over the pool's lines, a line's note counts for its pool
        {"subject": "乙村", "item": "P", "finding": "手册缺失", "lost": 2.0},
        # 甲村 is vetoed, so ranked last; P1 (4 + 2) / 2 = 3, P2 min(5, 6) = 5 each, P3 took nothing
        {"subject": "甲村", "item": "P", "finding": "缺少贫困户档案（扣3分）；缺少帮扶手册（扣5分）", "lost": 8.0},
        {"subject": "甲村", "item": "R", "finding": "一票否决：综合贫困发生率（达到或高于0.012）；"
                                                  "综合贫困发生率：得5分（满分10分）", "lost": 5.0},
        {"subject": "甲村", "item": "D", "finding": "每错一户扣5分：得12.5分（满分20分）", "lost": 7.5},
        {"subject": "甲村", "item": "M", "finding": "资料不全；缺会议记录", "lost": 1.5},
    ]


def test_texts_are_joined_per_group_in_order() -> None:
    group = np.array([0, 0, 2, 2, 2, 3])
    words = np.array(["a", "b", "c", "d", "e"], dtype=object)
    codes, texts = joined(group, np.array([0, 1, 2, 3, 4, 1]), words, 5)
    assert texts[codes].tolist() == ["a；b", "", "c；d；e", "b", ""]
    codes, texts = joined(np.array([], dtype=int), np.array([], dtype=int), words[:0], 2)
    assert texts[codes].tolist() == ["", ""]


@given(st.lists(st.lists(st.integers(0, 3), max_size=4), max_size=30))
def test_each_groups_words_join_in_order_and_equal_lists_share_one_text(lists) -> None:
    words = np.array(["a", "b", "c", "d"], dtype=object)
    group = np.array([g for g, codes in enumerate(lists) for _ in codes], dtype=np.int64)
    codes, texts = joined(group, np.array([c for codes in lists for c in codes], dtype=np.int64), words, len(lists))
    assert texts[codes].tolist() == ["；".join(words[c] for c in codes) for codes in lists]
    several = {tuple(c) for c in lists if len(c) > 1}
    assert len(texts) == len(words) + 1 + len(several)  # each distinct list of several worded once


def test_numbers_are_worded_as_format_g() -> None:
    numbers = np.array([12.5, 3.0, 12.5, 0.1, 100000.0])
    codes, words = worded(numbers)
    assert words[codes].tolist() == [format(x, "g") for x in numbers]
    assert len(words) == 4  # each distinct number worded once
