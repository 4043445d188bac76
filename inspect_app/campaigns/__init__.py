"""Campaigns: subjects, inspection teams and who scores what."""
