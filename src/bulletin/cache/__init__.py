"""What a build keeps for the next: rendered pages, articles as read, and the process that
writes the last build's pages."""
