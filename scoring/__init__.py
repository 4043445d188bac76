"""The scoring engine: checklist + responses -> scores, vetoes, grades, ranks, rectifications."""

from scoring.checklist import Checklist, ChecklistError, Item, Problem, Section
from scoring.checklist_reader import load_checklist, parse_checklist, parse_checklist_text

__all__ = [
    "Checklist",
    "ChecklistError",
    "Item",
    "Problem",
    "Section",
    "load_checklist",
    "parse_checklist",
    "parse_checklist_text",
]
