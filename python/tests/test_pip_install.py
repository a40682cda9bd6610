"""The plugin as a package: `pip install` of python/ into a fresh venv, offline, registers
it through its pytest11 entry point, and the installed plugin finds `mtulab` on PATH.

No network: --no-index, --no-deps and --no-build-isolation (the build backend is Debian's
python3-setuptools, seen through --system-site-packages, as is python3-pytest). Needs
python3-venv. Collection only (`mtulab list`): no root.
"""

import os
import pathlib
import shutil
import subprocess
import sys

import pytest

CHECKOUT = pathlib.Path(__file__).resolve().parents[2]
BINARY = os.environ.get("MTULAB_BINARY", str(CHECKOUT / "build" / "mtulab"))


@pytest.fixture(scope="module")
def venv(tmp_path_factory):
    root = tmp_path_factory.mktemp("pip")
    # A copy: an in-tree build would leave build/ and *.egg-info in the checkout.
    src = root / "src"
    src.mkdir()
    for name in ("pyproject.toml", "README.md", "mtulab_pytest.py"):
        shutil.copy(CHECKOUT / "python" / name, src / name)
    env_dir = root / "venv"
    made = subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", str(env_dir)],
                          capture_output=True, text=True)
    if made.returncode != 0 and "ensurepip" in made.stdout + made.stderr:
        pytest.skip("python3-venv is not installed")
    assert made.returncode == 0, made.stdout + made.stderr
    pip = subprocess.run([str(env_dir / "bin" / "pip"), "install", "--no-index", "--no-deps",
                          "--no-build-isolation", "--no-cache-dir", str(src)],
                         capture_output=True, text=True)
    assert pip.returncode == 0, pip.stdout + pip.stderr
    return root, env_dir


def clean_env(path):
    env = {k: v for k, v in os.environ.items() if k not in ("MTULAB_BINARY", "PYTHONPATH")}
    env["PATH"] = path
    return env


def collect(venv, path):
    root, env_dir = venv
    suites = CHECKOUT / "suites"
    return subprocess.run([str(env_dir / "bin" / "python"), "-m", "pytest", "--collect-only",
                           "-q", "-p", "no:cacheprovider", "--mtulab-suites", str(suites)],
                          capture_output=True, text=True, cwd=root, env=clean_env(path))


def test_entry_point_registers_the_installed_module(venv):
    _, env_dir = venv
    code = ("import importlib.metadata as m, mtulab_pytest; "
            "print([e.value for e in m.entry_points(group='pytest11') if e.name == 'mtulab_pytest']);"
            "print(mtulab_pytest.__file__)")
    out = subprocess.run([str(env_dir / "bin" / "python"), "-c", code], capture_output=True,
                         text=True, cwd=env_dir, env=clean_env("/usr/bin:/bin"))
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[0] == "['mtulab_pytest']", out.stdout
    assert pathlib.Path(lines[1]).resolve().is_relative_to(env_dir.resolve()), lines[1]


def test_installed_plugin_collects_every_case_with_mtulab_from_path(venv, tmp_path):
    bindir = tmp_path / "bin"
    bindir.mkdir()
    (bindir / "mtulab").symlink_to(BINARY)
    # 'suite/case<TAB>file:line<TAB>description' -> 'file::case', as pytest names items.
    listed = subprocess.run([BINARY, "list", "--format", "tsv", str(CHECKOUT / "suites")],
                            capture_output=True, text=True, check=True).stdout.splitlines()
    expected = sorted(pathlib.Path(row.split("\t")[1].rsplit(":", 1)[0]).name + "::" +
                      row.split("\t")[0].split("/", 1)[1] for row in listed)
    assert len(expected) > 10
    done = collect(venv, f"{bindir}:/usr/bin:/bin")
    assert done.returncode == 0, done.stdout + done.stderr
    items = sorted(pathlib.Path(line).name for line in done.stdout.splitlines() if "::" in line)
    assert items == expected, done.stdout


def test_installed_plugin_without_mtulab_on_path_says_so(venv):
    done = collect(venv, "/usr/bin:/bin")
    assert done.returncode != 0
    assert "mtulab binary not found at mtulab" in done.stdout + done.stderr, done.stdout
