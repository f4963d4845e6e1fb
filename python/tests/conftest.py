# SPDX-License-Identifier: MIT
"""Shared set-up of the Python tests.

MTASTS_LIBRARY names the libmtasts.so.1 to test (default: the one the
system finds); MTASTS_LINT the mtasts-lint whose --format=json output the
results must equal (default: mtasts-lint on PATH); MTASTS_SOURCE_DIR the
source tree whose test inputs are used (default: two levels above here).
"""

import os
import shutil
from pathlib import Path

import pytest

SOURCE_DIR = Path(os.environ.get("MTASTS_SOURCE_DIR")
                  or Path(__file__).resolve().parents[2])


@pytest.fixture(scope="session")
def source_dir() -> Path:
    return SOURCE_DIR


@pytest.fixture(scope="session")
def lint() -> str:
    tool = os.environ.get("MTASTS_LINT") or shutil.which("mtasts-lint")
    if not tool:
        if os.environ.get("CI") == "true":
            pytest.fail("mtasts-lint not found (set MTASTS_LINT)")
        pytest.skip("mtasts-lint not found (set MTASTS_LINT)")
    return os.path.abspath(tool) if os.sep in tool else tool
