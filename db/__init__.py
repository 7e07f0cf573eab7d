"""Storage and domain logic for Bilateral records on SQLite; never imports Qt."""
