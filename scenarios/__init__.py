"""The shipped scenario files (YAML: the framework, ripples, interventions, events, towns and
plans) and, in ``data/``, the tables derived from public statistics with the scripts that
derive them."""

from pathlib import Path

SCENARIO_DIR = Path(__file__).resolve().parent
"""Folder holding the shipped scenario files."""

__all__ = ["SCENARIO_DIR"]
