"""The scoring engine: checklist + responses -> scores, vetoes, grades, ranks, rectifications."""

from scoring.checklist import Checklist, ChecklistError, Item, Problem, Section
from scoring.checklist_reader import load_checklist, parse_checklist, parse_checklist_text
from scoring.engine import score
from scoring.response_source import ResponseError, ResponseProblem
from scoring.results import Results

__all__ = [
    "Checklist",
    "ChecklistError",
    "Item",
    "Problem",
    "ResponseError",
    "ResponseProblem",
    "Results",
    "Section",
    "load_checklist",
    "parse_checklist",
    "parse_checklist_text",
    "score",
]
