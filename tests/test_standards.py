"""The copies of the official schemas in tests/standards/ are the official files, unchanged."""

import hashlib
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent / "standards"
SHARED = Path(__file__).resolve().parents[2] / "shared" / "standards"
FOLDERS = sorted(p.parent for p in HERE.glob("*/SHA256SUMS"))


def checksums(folder: Path) -> dict[str, str]:
    sums = {}
    for line in (folder / "SHA256SUMS").read_text().splitlines():
        digest, name = line.split(maxsplit=1)
        sums[name.lstrip("*").removeprefix("./")] = digest
    return sums


@pytest.mark.parametrize("folder", FOLDERS, ids=[f.name for f in FOLDERS])
def test_each_copied_schema_matches_its_published_checksum(folder):
    sums = checksums(folder)
    assert sums, "no checksums listed"
    for name, digest in sums.items():
        assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == digest, name
    # Where the shared reference folder sits beside the checkout (as in CI), the copy
    # must list the same files with the same checksums.
    reference = SHARED / folder.name / "SHA256SUMS"
    if reference.exists():
        assert sums == checksums(reference.parent)
