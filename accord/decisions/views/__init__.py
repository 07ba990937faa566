"""Decisions pages: the register, a proposal's story, votes, disputes, the simulator."""
