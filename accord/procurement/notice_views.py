"""The pages of the notices and the assessment summaries (issue 16 item 7).

A notice is public once published (``procurement.view_published``), each on its own page;
they are listed on the public page of the procurement and on the procurement's page (the
``notices`` template tag). An assessment summary is confidential: the people who sign in
for a bidder see their own bid's, the programme team all of them, nobody else any
(``bid.view_own``, then ``notice_selectors`` choose the rows and answer 404 for the rest).
The same reads are API operations (notices_api.py)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from accord.partnerships.models import Partnership
from accord.partnerships.web import paginate, partnership_page

from . import notice_selectors


@require_GET
@partnership_page("procurement.view_published")
def notice_detail(
    request: HttpRequest, partnership: Partnership, pk: int, notice_pk: int
) -> HttpResponse:
    notice = notice_selectors.published_notice(partnership, pk, notice_pk)
    return render(
        request,
        "procurement/notices/notice_detail.html",
        {"partnership": partnership, "notice": notice, "procurement": notice.procurement},
    )


@require_GET
@partnership_page("bid.view_own")
def summary_list(request: HttpRequest, partnership: Partnership) -> HttpResponse:
    """The summaries the person may see: their providers' own, or, for the programme team,
    every bidder's."""
    rows = notice_selectors.summaries_seen(partnership, request.user)
    return render(
        request,
        "procurement/notices/summary_list.html",
        {"partnership": partnership, "page": paginate(request, rows), "procurement": None},
    )


@require_GET
@partnership_page("bid.view_own")
def procurement_summaries(request: HttpRequest, partnership: Partnership, pk: int) -> HttpResponse:
    procurement = notice_selectors.bidder_procurement(partnership, pk, request.user)
    rows = notice_selectors.summaries_of(procurement, request.user)
    return render(
        request,
        "procurement/notices/summary_list.html",
        {"partnership": partnership, "page": paginate(request, rows), "procurement": procurement},
    )


@require_GET
@partnership_page("bid.view_own")
def summary_detail(
    request: HttpRequest, partnership: Partnership, pk: int, bid_pk: int
) -> HttpResponse:
    summary = notice_selectors.summary_of(partnership, pk, bid_pk, request.user)
    return render(
        request,
        "procurement/notices/summary_detail.html",
        {
            "partnership": partnership,
            "summary": summary,
            "procurement": summary.procurement,
            "paragraphs": summary.text.split("\n"),
        },
    )
