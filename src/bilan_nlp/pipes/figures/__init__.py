"""Amounts, headcounts, quantities and percentages (see figures.py)."""
from . import factory  # noqa: F401
from .numbers import parse_fr_number, parse_number_words  # noqa: F401
