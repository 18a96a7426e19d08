"""Shared measures: indicators, targets, reporting periods, submissions and values."""
