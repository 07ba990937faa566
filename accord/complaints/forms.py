"""The complaints register's forms (its own: pyproject.toml's protected contract)."""
