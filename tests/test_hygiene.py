"""Project hygiene: the model stays pure, exported names exist, lint and types are clean."""

from __future__ import annotations

import importlib
import pkgutil
import shutil
import subprocess
import sys

import pytest
from conftest import ROOT

import model


def _run_python(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=False
    )


def test_importing_every_model_module_never_loads_pygame() -> None:
    code = (
        "import importlib, pkgutil, sys, model\n"
        "for m in pkgutil.walk_packages(model.__path__, 'model.'):\n"
        "    importlib.import_module(m.name)\n"
        "bad = sorted(k for k in sys.modules if k.split('.')[0] in {'pygame', 'pygame_gui'})\n"
        "print(','.join(bad))\n"
    )
    result = _run_python(code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""


def test_the_command_line_starts_without_pygame() -> None:
    result = _run_python("import sys, game.cli; print('pygame' in sys.modules)")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def test_every_exported_name_exists() -> None:
    for info in pkgutil.walk_packages(model.__path__, "model."):
        module = importlib.import_module(info.name)
        for name in getattr(module, "__all__", ()):
            assert hasattr(module, name), f"{info.name}.__all__ names missing {name}"


@pytest.mark.skipif(shutil.which("ruff") is None, reason="ruff is in the dev extra")
def test_ruff_is_clean_and_bans_pygame_in_the_model(tmp_path) -> None:  # type: ignore[no-untyped-def]
    result = subprocess.run(["ruff", "check", "."], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout
    probe = ROOT / "model" / "_probe_banned.py"
    probe.write_text("import pygame\nimport time\n\nprint(pygame, time.time())\n")
    try:
        result = subprocess.run(
            ["ruff", "check", "--select", "TID251", str(probe)],
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
    finally:
        probe.unlink()
    assert "only game/ may import pygame" in result.stdout
    assert "reads no clock" in result.stdout


@pytest.mark.skipif(shutil.which("mypy") is None, reason="mypy is in the dev extra")
def test_mypy_is_strict_clean_on_the_model() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "model"], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout


@pytest.mark.skipif(shutil.which("mypy") is None, reason="mypy is in the dev extra")
def test_mypy_is_clean_on_the_interface() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "game"], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout


@pytest.mark.skipif(shutil.which("mypy") is None, reason="mypy is in the dev extra")
def test_mypy_is_strict_clean_on_the_derivation_scripts() -> None:
    scripts = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "scenarios" / "data").glob("*.py"))
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", *scripts],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout


def test_screens_are_made_in_one_place() -> None:
    """Screens ask for another by name (App.go): only game.screens.screen_named makes one."""
    import re

    made = re.compile(r"\b[A-Z]\w*Screen\(")
    found = [
        f"{path.relative_to(ROOT)}:{k}"
        for path in sorted((ROOT / "game").rglob("*.py"))
        if path != ROOT / "game" / "screens" / "__init__.py"
        for k, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if made.search(line) and not line.lstrip().startswith("class ")
    ]
    assert not found, found
