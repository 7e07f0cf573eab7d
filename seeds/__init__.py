"""Seed records drawn from the article on China–Cuba relations of November 2023."""
