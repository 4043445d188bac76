"""Pages of the inspect job."""
