"""Use cases: open the store, load events, call the core, save, all in one transaction."""
