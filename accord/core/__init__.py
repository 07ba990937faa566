"""Shared bases: the time-stamped model, the domain error, the pages every visitor sees."""
