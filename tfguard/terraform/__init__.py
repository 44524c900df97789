"""The only users of subprocess and signals: running terraform, and the plan/apply wrapper."""
