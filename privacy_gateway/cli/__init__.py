"""Typer shell: thin commands over the service layer; domain errors become exit codes in one place."""
