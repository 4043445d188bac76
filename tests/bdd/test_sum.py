"""Rules of the sum: 扣完为止, bonus caps, half-up rounding, incomplete sheets."""

from pytest_bdd import scenarios

scenarios("sum")
