"""``python -m albakg`` runs the command-line interface."""

from .cli import app

app(prog_name="albakg")
