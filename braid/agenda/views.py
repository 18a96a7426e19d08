"""Pages of the agenda module: common agenda, results chain, action plan."""
