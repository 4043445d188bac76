"""Shapes of written county rulebooks: shared pools, relative ratios, per-step and proportional rules."""

from pytest_bdd import scenarios

scenarios("rulebook")
