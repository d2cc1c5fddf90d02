"""Example applicant files shipped with policykb, as package data."""
