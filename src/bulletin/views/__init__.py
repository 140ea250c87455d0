"""Indexes (people, documents, categories, tags, days, Tin khác, Tin liên quan), the generated
pages as data, and what the templates are given."""
