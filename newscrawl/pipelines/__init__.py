"""Item pipelines: clean and validate, then deduplicate (one component a module)."""
