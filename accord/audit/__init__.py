"""The audit trail: every change of state, as a tamper-evident, append-only hash chain."""
