"""Settings: ``base`` (local development, the default), ``test`` and ``production``."""
