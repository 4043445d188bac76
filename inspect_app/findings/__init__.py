"""Findings and the rectification ledger, produced from campaign scores by the engine."""
