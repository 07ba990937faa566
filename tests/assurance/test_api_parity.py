"""Everything the governance standards pages do, the API does (tests/parity.py)."""

import pytest

from tests.parity import check_table

from .parity import PAGES


@pytest.mark.django_db
def test_the_api_does_what_the_governance_standards_pages_do():
    check_table("assurance", PAGES)
