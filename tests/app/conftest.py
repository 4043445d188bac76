"""Fixtures shared by the app tests: the ranked campaign of tests/app/test_rankings.py."""

from tests.app.test_rankings import ranked  # noqa: F401 - the fixture, for the other rankings tests
