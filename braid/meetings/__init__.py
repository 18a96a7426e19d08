"""Meetings and decisions: series, agendas, minutes, attendance, decisions, action items, calendars (Implement)."""
