"""The shipped scenario files (YAML data, no code): framework, ripples, and more to come."""

from pathlib import Path

SCENARIO_DIR = Path(__file__).resolve().parent
"""Folder holding the shipped scenario files."""

__all__ = ["SCENARIO_DIR"]
