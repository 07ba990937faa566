"""The complaints register's views (its own: pyproject.toml's protected contract)."""
