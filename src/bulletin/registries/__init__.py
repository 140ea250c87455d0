"""The registries in docs/_data: people, documents, categories, read with the place of every
value."""
