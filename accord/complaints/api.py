"""The complaints register's api (its own: pyproject.toml's protected contract)."""
