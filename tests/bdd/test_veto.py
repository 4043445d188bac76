"""一票否决: veto items, veto_when, and what a veto does (fail, cap, exclude)."""

from pytest_bdd import scenarios

scenarios("veto")
