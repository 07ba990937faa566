"""The installation's calendar: working days in England and Wales (bank holidays from the
holidays package, and the closure days an administrator adds)."""
