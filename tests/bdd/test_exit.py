"""Exit verification: households (一超过两不愁三保障) and villages (poverty incidence < 1.2 %)."""

from pytest_bdd import scenarios

scenarios("exit")
