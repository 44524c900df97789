"""Edges that turn bytes and files into the frozen model; no decisions."""
