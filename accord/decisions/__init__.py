"""Proposals, votes, decisions and the resolution of disputes, judged by the constitution."""
