"""Reader comments: serve the moderation queue, moderate, export (see --help)."""

from bulletin.comments.cli import main

raise SystemExit(main())
