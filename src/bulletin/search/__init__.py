"""The search index: the headline index and the full-text parts, made with Pagefind while the
build writes."""
