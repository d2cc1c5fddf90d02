"""`policykb serve`: the commands as a web API and a browser form, the knowledge base loaded once per worker."""
