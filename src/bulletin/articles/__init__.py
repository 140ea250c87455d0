"""The article model: front-matter read with its lines, typed fields, bodies, problems, the
catalog of all articles."""
