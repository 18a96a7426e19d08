"""The partnership as a network: maps and measures, waves, target levels, collaboration health, lessons and wins (Assess)."""
