"""A PlanDocket-compatible API server for practice mode and tests."""
