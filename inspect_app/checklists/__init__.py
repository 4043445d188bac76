"""Checklists stored in the database as exact, versioned YAML texts."""
