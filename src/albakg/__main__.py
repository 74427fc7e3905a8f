"""``python -m albakg`` runs the command-line interface."""

from albakg.cli.app import app

app(prog_name="albakg")
