"""Reports, the public results page, open data, full exports and backups (Assess and share)."""
