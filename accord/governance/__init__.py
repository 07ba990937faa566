"""Governance: partnerships (the tenants), and soon their partners, bodies and memberships."""
