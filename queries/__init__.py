"""Saved research queries, what-if scenarios and reforms of policykb, as package data."""
