"""The MkDocs adapter: the only code that imports MkDocs; hooks that delegate to the packages
beside it."""
