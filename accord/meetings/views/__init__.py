"""Meetings pages: schedule and agenda, papers, attendance and quorum, minutes, the
forward plan, and the documents made from them (calendar feed, agenda pack, minutes)."""
