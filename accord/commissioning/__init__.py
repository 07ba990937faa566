"""Commissioning: the register of providers (then the services directory, contracts, needs
evidence and the strategy: issue 15)."""
