"""Braid's cross-module commands (import, export); the shared base lives in braid.core.commands."""

from braid.core.commands import CollaborativeCommand

__all__ = ["CollaborativeCommand"]
