"""The partnerships of the seed documents (shared/seeds/)."""

PARTNERSHIPS = (
    {
        "slug": "oxfordshire",
        "name": "Oxfordshire Supporting People",
        # seed 000: the Commissioning Body of eight commissioning partners, 11 December 2009.
        "description": (
            "Eight commissioning partners (the county council, five district and city councils, "
            "the primary care trust and the probation service) pool their budget for "
            "housing-related support. The Commissioning Body decides by the active consent of "
            "all eight partners; the Core Strategy Group recommends and monitors."
        ),
    },
    {
        "slug": "gloucestershire",
        "name": "Gloucestershire Supporting People",
        # seed 004: Appendix 2, "Supporting People Programme".
        "description": (
            "A partnership of councils, health and probation services. The Partnership Board "
            "approves the five-year strategy and the annual financial plan and manages the "
            "pooled budget; the Core Strategy Group develops policy and monitors performance."
        ),
    },
)
