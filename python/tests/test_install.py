# SPDX-License-Identifier: MIT
"""pip installs the module from python/ with Debian's build tools: into a
virtual environment that sees the system's setuptools, offline, without
build isolation, as docs/python.md describes."""

import os
import shutil
import subprocess
import sys
import venv

import pytest

from conftest import SOURCE_DIR


def need(what):
    if os.environ.get("CI") == "true":
        pytest.fail(f"{what} is needed")
    pytest.skip(f"{what} is needed")


def test_pip_install_into_venv(tmp_path):
    for module in ("setuptools", "pip"):
        probe = subprocess.run([sys.executable, "-c", f"import {module}"],
                               capture_output=True, check=False)
        if probe.returncode != 0:
            need(f"the Python module {module} (Debian: "
                 "python3-pip, python3-setuptools)")
    # A copy, as a build writes build/ and *.egg-info beside pyproject.toml.
    src = tmp_path / "python"
    shutil.copytree(SOURCE_DIR / "python", src,
                    ignore=shutil.ignore_patterns("__pycache__", "build",
                                                  "*.egg-info", "tests"))
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(system_site_packages=True, with_pip=False).create(env_dir)
    py = env_dir / "bin" / "python3"
    env = dict(os.environ, PIP_NO_INDEX="1", PIP_DISABLE_PIP_VERSION_CHECK="1")
    env.pop("PYTHONPATH", None)
    if os.sep in env.get("MTASTS_LIBRARY", ""):  # the commands run elsewhere
        env["MTASTS_LIBRARY"] = os.path.abspath(env["MTASTS_LIBRARY"])
    # The system's pip, run by the environment's interpreter: it installs
    # into the environment.
    install = subprocess.run(
        [str(py), "-m", "pip", "install", "--no-build-isolation", "--no-deps",
         str(src)], cwd=tmp_path, env=env, capture_output=True, text=True,
        check=False)
    assert install.returncode == 0, install.stdout + install.stderr
    run = subprocess.run(
        [str(py), "-c",
         "import mtasts, pathlib; "
         "print(pathlib.Path(mtasts.__file__).parent); "
         "print(mtasts.__version__, mtasts.check_policy("
         "'version: STSv1\\nmode: none\\nmax_age: 86400\\n').valid); "
         "print((pathlib.Path(mtasts.__file__).parent / 'py.typed')"
         ".exists())"],
        cwd=tmp_path, env=env, capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stderr
    where, result, typed = run.stdout.splitlines()
    assert where.startswith(str(env_dir)), where
    assert result == f"{__import__('mtasts').__version__} True"
    assert typed == "True"
