"""README's set-up commands and CI agree."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def readme_commands() -> list[str]:
    """The commands in README's sh blocks."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return [
        line
        for block in re.findall(r"```sh\n(.*?)```", readme, re.S)
        for line in block.strip().splitlines()
    ]


def test_readme_test_command_is_what_ci_runs():
    test_command = next(c for c in readme_commands() if "pytest" in c)
    ci_lines = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert test_command in ci_lines


def test_readme_demo_command_installs_and_runs_the_demo():
    demo_command = next(c for c in readme_commands() if "demo" in c)
    assert demo_command.endswith(".venv/bin/inspect-app demo")
