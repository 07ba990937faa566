"""Accord: governance and joint commissioning for housing-related support partnerships."""
