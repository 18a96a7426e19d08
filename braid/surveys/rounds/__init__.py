"""A steward's round: its services (`rounds.services`)."""
