"""Rectification rows from every point lost and every veto."""

from pytest_bdd import scenarios

scenarios("rectification/rectification.feature")
