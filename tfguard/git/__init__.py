"""The only users of GitPython: approval provenance and prevent_destroy history."""
