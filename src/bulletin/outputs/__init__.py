"""What a build writes besides the pages: feeds, sitemaps, redirects, structured data."""
