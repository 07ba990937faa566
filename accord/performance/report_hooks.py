"""The hook through which quality reviews put one of the administering authority's own
measures into the quarterly performance report: reviews done on schedule.

Quality reviews (the Quality Assessment Framework, issue 18) are built apart from the
report. Until an app plugs in a source with ``provide_reviews_on_schedule`` (in its
``AppConfig.ready``), the report says the measure is not recorded in Accord yet: it never
shows a made-up figure. Plain Python: the report asks, the reviews answer.
"""

from collections.abc import Callable
from dataclasses import dataclass

from accord.partnerships.models import Partnership

from .periods import Quarter


@dataclass(frozen=True)
class ReviewsOnSchedule:
    """Of the reviews due in the quarter (``due``), how many were done by their due day."""

    due: int
    done_on_schedule: int
    note: str = ""


ReviewsSource = Callable[[Partnership, Quarter], ReviewsOnSchedule | None]
_SOURCES: list[ReviewsSource] = []


def provide_reviews_on_schedule(source: ReviewsSource) -> None:
    """Plug in what answers "reviews done on schedule" for a partnership and quarter (the
    quality reviews' app, once). A second source replaces the first."""
    _SOURCES[:] = [source]


def reviews_on_schedule(partnership: Partnership, period: Quarter) -> ReviewsOnSchedule | None:
    """The measure for the report, or None while no source is plugged in."""
    if not _SOURCES:
        return None
    return _SOURCES[0](partnership, period)
