"""Fixtures of the app tests: the read-load benchmark as a module, the ranked campaign, the access world."""

import importlib.util
import sys
from pathlib import Path

import pytest

from tests.app.test_access_table import world  # noqa: F401 - the fixture, for the access and input tests
from tests.app.test_rankings import ranked  # noqa: F401 - the fixture, for the other rankings tests

SCRIPT = Path(__file__).resolve().parents[2] / "benchmarks" / "read_load.py"


@pytest.fixture(scope="session")
def read_load():
    """benchmarks/read_load.py, imported (free_port, wait_for, Browser, main...)."""
    spec = importlib.util.spec_from_file_location("benchmark_read_load", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module

