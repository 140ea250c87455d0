"""Lead photos in the sizes the layouts need: planned from the source's header (`plan`), made
once with Pillow and kept by the source's content (`making`), shown as `<picture>` (`view`).
Nothing here imports MkDocs."""
