import io

from bulletin.progress import Progress


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_one_line_per_phase_for_ci_logs() -> None:
    lines: list[str] = []
    now = [0.0]
    progress = Progress(lines.append, io.StringIO(), clock=lambda: now[0])
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
    progress = Progress(lines.append, terminal, clock=lambda: now[0])
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
