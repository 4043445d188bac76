"""The engine stays pure: an import-linter contract (pyproject.toml) forbids the web and storage layers."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_scoring_imports_neither_flask_nor_the_database_nor_wtforms():
    linter = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(linter), "--config", str(ROOT / "pyproject.toml")], cwd=ROOT,
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "The scoring engine is pure KEPT" in result.stdout
