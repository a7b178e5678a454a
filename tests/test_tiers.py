"""``bash scripts/test --fast`` is the whole suite without the ``slow`` tests, and those are the ones that run
Airflow (through the ``airflow_db`` fixture, directly or through another fixture) or a Celery deployment.

Both lists come from ``bash scripts/test … --collect-only -q`` run as a developer runs it.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent


def collected(*options: str) -> set[str]:
    run = subprocess.run(["bash", "scripts/test", *options, "--collect-only", "-q", "-p", "no:cacheprovider"], cwd=PROJECT_DIR,
                         capture_output=True, text=True, timeout=300)  # fmt: skip
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
    return {line for line in run.stdout.splitlines() if "::" in line}


def test_the_fast_tier_is_the_whole_suite_without_the_airflow_and_deployment_tests() -> None:
    whole, fast = collected(), collected("--fast")
    slow = whole - fast
    assert fast < whole  # a subset: nothing only the fast tier runs, and the whole run keeps every test
    assert len(whole) > 1000 and len(fast) > 0.9 * len(whole)
    assert "tests/test_nightly_e2e.py::test_rerunning_a_night_leaves_exactly_the_same_rows" in slow  # airflow_db itself
    assert "tests/test_analysts.py::test_stories_between_is_stories_of_those_nights" in slow  # through the demo fixture
    assert "tests/test_dag.py::test_dagbag_has_no_import_errors" in slow
    assert any(t.startswith("tests/test_celery_deployment.py::") for t in whole)
    assert not any(t.startswith(("tests/test_celery_deployment.py::", "tests/test_nightly_e2e.py::")) for t in fast)
    assert "tests/test_demo.py::test_scripts_demo_runs_a_night_and_prints_what_the_warehouse_holds" in slow  # explicit mark
    # Tests of the same modules that need no Airflow stay fast.
    assert "tests/test_analysts.py::test_the_document_has_twelve_examples" in fast
    assert "tests/test_dag.py::test_dag_file_imports_in_under_a_second_without_network" in fast
    assert "tests/test_demo.py::test_the_readme_analyst_commands_give_the_warehouse_values" in fast
    assert "tests/test_tiers.py::test_the_fast_tier_is_the_whole_suite_without_the_airflow_and_deployment_tests" in fast
