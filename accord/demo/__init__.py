"""Demo data: the partnerships, people and cases of the seed documents, loaded by `accord demo`."""
