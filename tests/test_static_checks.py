"""The static checks: the README's Contributing commands are the ones CI runs before the tests, and the
project's ruff configuration catches the kinds of bug it was introduced for."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
RUFF = PROJECT_DIR / ".venv" / "bin" / "ruff"


def contributing_commands() -> list[str]:
    """The commands of the README's Contributing block, without their comments."""
    section = (PROJECT_DIR / "README.md").read_text(encoding="utf-8").split("## Contributing", 1)[1]
    block = re.search(r"```bash\n(.*?)```", section, re.DOTALL)
    assert block is not None, "README.md: no bash block under ## Contributing"
    return [line.split("#", 1)[0].strip() for line in block.group(1).splitlines() if line.strip()]


def test_ci_runs_the_readme_checks_in_order_before_the_tests() -> None:
    *checks, fast_tier = contributing_commands()
    assert checks == [".venv/bin/ruff check .", ".venv/bin/ruff format --check .", ".venv/bin/mypy"]
    assert fast_tier == "bash scripts/test --fast"
    ci = (PROJECT_DIR / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert "set -euo pipefail" in ci  # a failing check stops CI
    steps = [line.strip() for line in ci if line.strip() and not line.startswith(("#", "set ", "cd "))]
    assert steps == ["bash scripts/setup", *checks, "bash scripts/test -q"]


def test_ruff_with_the_project_configuration_names_an_undefined_name_and_a_late_bound_loop_variable(tmp_path: Path) -> None:
    module = tmp_path / "careless.py"
    module.write_text(
        "def callbacks(names: list[str]) -> list[object]:\n"
        "    found = []\n"
        "    for name in names:\n"
        "        found.append(lambda: name.upper())\n"
        "    return found + [Mirror]\n",
        encoding="utf-8",
    )
    run = subprocess.run(
        [RUFF, "check", "--config", PROJECT_DIR / "pyproject.toml", "--output-format", "concise", "--no-cache", module],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 1, run.stdout + run.stderr
    problems = sorted(line.split(": ", 1)[1].split(" ", 1)[0] for line in run.stdout.splitlines() if line.startswith(str(module)))
    assert problems == ["B023", "F821"], run.stdout
    assert f"{module}:5:21: F821 Undefined name `Mirror`" in run.stdout
