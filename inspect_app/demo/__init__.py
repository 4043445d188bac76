"""The demo district: places from the seed documents, users of every role, two campaigns."""
