"""The ``bilan`` command: thin wrappers over the library, one module per command."""
from __future__ import annotations

import importlib

import typer

app = typer.Typer(
    name="bilan",
    help="Lire les bilans et plans d'action publics français : chiffres, engagements, résultats.\n\n"
    "Read French public-policy reports and turn their figures, commitments and outcomes into data.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

# each module registers its command(s) on ``app``
COMMAND_MODULES = [
    "bilan_nlp.cli.extract_cmd",
    "bilan_nlp.cli.evaluate_cmd",
    "bilan_nlp.cli.report_cmd",
    "bilan_nlp.cli.compare_cmd",
]
for _module in COMMAND_MODULES:
    importlib.import_module(_module)


def main() -> None:
    app()
