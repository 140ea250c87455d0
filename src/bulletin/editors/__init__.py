"""The editors' command (`bulletin new`, `check`, `fix`) and the site as it reads it from
mkdocs.yml, without MkDocs."""
