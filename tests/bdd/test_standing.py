"""Grades, quotas and rankings with ties, overall and within a town."""

from pytest_bdd import scenarios

scenarios("standing")
