"""Reader comments: a pre-moderated queue in SQLite behind a small WSGI app.

The site stays static. Readers post to the app (`app.py`), editors approve or reject from
the command line (`cli.py`, `moderation.py`; in Vietnamese, `arguments.py`), and `export.py`
writes the approved comments to JSON files that the site build reads back with
`exported.load_exported` (`published.py`). A comment is bound to its article's id and
publication day (`identity.py`). Nothing here imports MkDocs.
"""
