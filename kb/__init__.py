"""The knowledge base of policykb as package data: clingo files, vocabulary and source texts."""
