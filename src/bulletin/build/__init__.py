"""The build's processes and checks: the second process, reading in parallel, the garbage
collector, progress lines, the staging folder, shared renderings, the link check."""
