"""What every page of a partnership is made with: the decorator, the list's pages."""

import pytest
from django.urls import reverse

from accord.governance.models import Body
from tests import factories


@pytest.mark.django_db
def test_a_partnerships_page_shows_that_partnership_in_the_header(client, demo):
    client.get(reverse("governance:partnership-switch"), {"partnership": "gloucestershire"})
    html = client.get(reverse("meetings:meeting-list", args=["oxfordshire"])).content.decode()
    assert "Partnership: <strong>Oxfordshire Supporting People</strong>" in html
    home = client.get("/").content.decode()  # elsewhere, the one last chosen
    assert "Partnership: <strong>Gloucestershire" in home


@pytest.mark.django_db
def test_an_unknown_partnership_is_not_found_before_the_policy_is_asked(client, demo, sign_in):
    sign_in("officer")
    assert client.get(reverse("decisions:proposal-list", args=["atlantis"])).status_code == 404


@pytest.mark.django_db
def test_the_pages_of_a_list_keep_its_filters(client, demo, sign_in):
    sign_in("officer")
    board = Body.objects.get(partnership__slug="oxfordshire", kind="deciding_board")
    factories.ProposalFactory.create_batch(51, deciding_body=board, kind="policy")
    url = reverse("decisions:proposal-list", args=["oxfordshire"])
    first = client.get(url, {"kind": "policy"}).content.decode()
    assert 'aria-label="Pages of proposals"' in first
    assert 'href="?kind=policy&amp;page=2" rel="next"' in first
    second = client.get(url, {"kind": "policy", "page": 2}).content.decode()
    assert 'href="?kind=policy&amp;page=1" rel="prev"' in second
    assert "Page 2 of 2" in second
