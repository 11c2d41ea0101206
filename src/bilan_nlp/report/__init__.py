"""The HTML review report (template, CSS and JS are data files beside the code)."""
from .render import render_report, write_report

__all__ = ["render_report", "write_report"]
