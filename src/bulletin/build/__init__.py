"""The build's processes and checks: forked processes (never with a thread running), the garbage
collector, progress lines, the staging folder, shared renderings, the link check."""
