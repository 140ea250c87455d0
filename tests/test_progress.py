import io
import subprocess
import sys

from bulletin.build.progress import Progress, peak_megabytes


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_one_line_per_phase_for_ci_logs() -> None:
    lines: list[str] = []
    now = [0.0]
    progress = Progress(lines.append, io.StringIO(), clock=lambda: now[0], memory=None)
    progress.phase("reading articles")
    now[0] = 1.25
    progress.phase("writing pages", 4)
    for _ in range(4):
        now[0] += 0.5
        progress.tick()
    progress.finish()
    progress.finish()  # nothing more to say
    assert lines == ["reading articles: 1.2 s", "writing pages: 4/4 pages (2/s), 2.0 s"]


def test_a_terminal_sees_the_count_live() -> None:
    terminal, lines, now = Terminal(), list[str](), [0.0]
    progress = Progress(lines.append, terminal, clock=lambda: now[0], memory=None)
    progress.phase("writing pages", 1000)
    for _ in range(4):
        now[0] += 0.25
        progress.tick()
    assert terminal.getvalue() == (
        "\rbulletin: writing pages: 2/1,000 pages (4/s)"
        "\rbulletin: writing pages: 4/1,000 pages (4/s)"
    )
    progress.finish()
    assert terminal.getvalue().endswith("\r\x1b[K")
    assert lines == ["writing pages: 4/1,000 pages (4/s), 1.0 s"]


def test_each_phase_line_says_the_peak_memory_so_far() -> None:
    lines: list[str] = []
    peaks = iter([300, 1250])
    progress = Progress(lines.append, io.StringIO(), clock=lambda: 0.0, memory=lambda: next(peaks))
    progress.phase("reading articles")
    progress.phase("writing pages")
    progress.finish()
    assert lines == ["reading articles: 0.0 s, peak 300 MB", "writing pages: 0.0 s, peak 1,250 MB"]


def test_the_peak_memory_is_this_process_s() -> None:
    more = (peak_megabytes() + 32) * 2**20  # more than the process ever held, written to
    grown = b"x" * more
    assert peak_megabytes() >= more // 2**20
    del grown


def test_a_program_does_not_inherit_the_peak_of_the_process_that_started_it() -> None:
    """A bench that read a 400-MB cache file before it started the build: the build's phase
    lines said 895 MB from its first line (`ru_maxrss` survives `exec`)."""
    held = b"x" * (peak_megabytes() + 200) * 2**20
    code = "from bulletin.build.progress import peak_megabytes; print(peak_megabytes())"
    started = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert int(started.stdout) < len(held) // 2**20 - 150, started.stderr
    del held


def test_pages_of_a_phase_done_before_it_began_count_in_it() -> None:
    lines: list[str] = []
    progress = Progress(lines.append, io.StringIO(), clock=lambda: 0.0, memory=None)
    progress.phase("rendering Markdown", 2)
    progress.tick()
    progress.tick("writing pages")  # another rendering process is ahead
    progress.tick()
    progress.phase("writing pages", 2)
    progress.tick("writing pages")
    progress.finish()
    assert lines == [
        "rendering Markdown: 2/2 pages (2,000,000,000/s), 0.0 s",
        "writing pages: 2/2 pages (2,000,000,000/s), 0.0 s",
    ]


def test_a_page_of_a_phase_that_has_ended_is_not_counted_again() -> None:
    """A page rendered again while pages are written (its cached view changed)."""
    lines: list[str] = []
    progress = Progress(lines.append, io.StringIO(), clock=lambda: 0.0, memory=None)
    progress.start("reading articles")
    progress.phase("rendering Markdown", 2)
    progress.tick("rendering Markdown")
    progress.tick("rendering Markdown")
    progress.phase("writing pages", 2)
    progress.tick("rendering Markdown")  # rendered again: not a page written
    progress.tick("writing pages")
    progress.tick("writing pages")
    progress.finish()
    assert lines[-1] == "writing pages: 2/2 pages (2,000,000,000/s), 0.0 s"


def test_a_new_build_forgets_the_pages_counted_by_the_last_one() -> None:
    lines: list[str] = []
    progress = Progress(lines.append, io.StringIO(), clock=lambda: 0.0, memory=None)
    progress.start("reading articles")
    progress.tick("writing pages")  # the last build failed before its writing phase
    progress.start("reading articles")
    progress.phase("writing pages", 1)
    progress.tick()
    progress.finish()
    assert lines[-1] == "writing pages: 1/1 pages (1,000,000,000/s), 0.0 s"
