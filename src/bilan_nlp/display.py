"""French display of figures, shared by reasons, checks, the terminal table and the HTML report.

One formatter so a figure reads the same everywhere: digits grouped by a narrow
no-break space (``36 809``), a decimal comma (``4,8``), never scientific notation.
"""
from __future__ import annotations

from typing import Any

GROUP = "\u202f"


def number(v: Any, decimals: int = 2) -> str:
    """36809 → '36 809'; 4.80 → '4,8'; 0.33333 → '0,333' (small values keep three significant figures)."""
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        return "" if v is None else str(v)
    if float(v).is_integer():
        return f"{int(v):,}".replace(",", GROUP)
    if 0 < abs(v) < 1:
        decimals = max(decimals, 3)
    s = f"{v:,.{decimals}f}".rstrip("0").rstrip(".")
    return s.replace(",", GROUP).replace(".", ",")


def figure(value: float | None, unit: str | None = None) -> str:
    """A value with its unit: 1 500 000 EUR → '1,5 M€', 75.5 % → '75,5 %', 180 travaux → '180 travaux'."""
    if value is None:
        return "?"
    if unit == "EUR":
        if abs(value) >= 1e9:
            return f"{number(round(value / 1e9, 3), 3)} Md€"
        if abs(value) >= 1e6:
            return f"{number(round(value / 1e6, 3), 3)} M€"
        return f"{number(round(value))} €"
    s = number(value)
    if unit == "%":
        return s + " %"
    return f"{s} {unit}" if unit else s


def millions(v: float) -> str:
    """The checks' compact form: 2 400 000 → '2,4 M', 4.8 → '4,8'."""
    if abs(v) >= 1e6:
        return f"{number(round(v / 1e6, 2))} M"
    return number(v, decimals=1)
