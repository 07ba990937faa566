"""Meetings of the partnership's bodies: schedule, agendas, papers, attendance, minutes."""
