"""The pages every visitor sees, and the frame around every page."""

import pytest
from django.test import override_settings
from django.urls import reverse

from accord.governance.services import partnership_create

PAGES = ["core:home", "core:accessibility", "accounts:sign-in"]


@pytest.mark.django_db
@pytest.mark.parametrize("name", PAGES)
def test_every_page_has_a_skip_link_header_and_accessibility_footer(client, name):
    html = client.get(reverse(name)).content.decode()
    assert '<a href="#main-content" class="govuk-skip-link"' in html
    assert 'id="main-content"' in html
    assert f'href="{reverse("core:accessibility")}">Accessibility statement</a>' in html
    assert f'href="{reverse("accounts:sign-in")}">Sign in</a>' in html


@pytest.mark.django_db
def test_pages_carry_no_gov_uk_crown_or_font(client):
    html = client.get(reverse("core:home")).content.decode()
    assert "govuk-logo" not in html
    assert "crown" not in html.lower()


@pytest.mark.django_db
def test_the_home_page_tells_a_newcomer_how_to_sign_in_with_each_demo_account(client, demo):
    html = client.get(reverse("core:home")).content.decode()
    assert "accord-demo-2009" in html
    for username in ["officer", "representative", "serviceuser", "provider", "chiefexec"]:
        assert f'<code class="accord-code">{username}</code>' in html


@pytest.mark.django_db
def test_the_home_page_lists_no_demo_accounts_when_they_do_not_exist(client):
    html = client.get(reverse("core:home")).content.decode()
    assert "Demo accounts" not in html


@pytest.mark.django_db
@override_settings(ACCORD_SHOW_DEMO_ACCOUNTS=False)
def test_production_never_prints_the_demo_password(client, demo):
    html = client.get(reverse("core:home")).content.decode()
    assert "accord-demo-2009" not in html
    assert "Demo accounts" not in html


@pytest.mark.django_db
def test_the_home_page_queries_do_not_grow_with_the_number_of_partnerships(
    client, django_assert_max_num_queries
):
    def add_partnerships(count: int, start: int) -> None:
        for number in range(start, start + count):
            partnership_create(actor=None, slug=f"p{number}", name=f"Partnership {number}")

    add_partnerships(2, start=0)
    with django_assert_max_num_queries(3) as few:
        client.get(reverse("core:home"))
    queries_with_two = len(few)  # read now: the next request resets the query log
    assert queries_with_two > 0
    add_partnerships(40, start=2)
    with django_assert_max_num_queries(queries_with_two):
        html = client.get(reverse("core:home")).content.decode()
    assert "Partnership 41" in html


@pytest.mark.django_db
def test_an_unknown_address_gets_the_not_found_page_without_debug_detail(client):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Page not found" in html
    assert "Traceback" not in html
    assert "urlpatterns" not in html
