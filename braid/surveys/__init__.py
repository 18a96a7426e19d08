"""Partnership surveys: rounds, personal links, built-in instruments, results with a privacy floor, the ten principles (Assess)."""
