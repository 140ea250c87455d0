"""The build gives back to the system the memory Python freed (`trim`)."""

from __future__ import annotations

import subprocess
import sys

FREED_BETWEEN_KEPT = """
from bulletin.build.garbage import trim

def resident():
    return int(open("/proc/self/statm").read().split()[1]) * 4096 // 2**20

kept, freed = [], []
for n in range(8000):  # a page's texts, freed; a small object that lives on after each
    freed.append(bytes(60_000))
    kept.append(bytearray(100))
del freed
held = resident()
print(held, trim(), resident())
"""


def test_memory_freed_between_objects_that_live_on_goes_back_to_the_system() -> None:
    """Without `trim` the C allocator keeps the room of the freed texts (about 340 MB here)."""
    done = subprocess.run(
        [sys.executable, "-c", FREED_BETWEEN_KEPT], capture_output=True, text=True, check=True
    )
    held, trimmed, left = done.stdout.split()
    assert trimmed == "True"
    assert int(held) > 300 and int(left) < int(held) - 250, done.stdout
