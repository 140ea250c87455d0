"""The search index: folded syllables and pairs of adjacent ones, cut into parts by date, made
by `part_index` while the build writes (`indexer`, `bundles`); the search page reads and ranks
it (`overrides/assets/javascripts/bulletin-search.js`)."""
