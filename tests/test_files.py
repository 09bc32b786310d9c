"""Writing output: all of it or none of it, never a half-written file or a stray one.

`-o FILE` never replaces what is not a plain file (a device, a FIFO, a symlink,
a read-only file); a rebuilt site keeps what the user added, survives a crash
between its two renames, and waits for a concurrent build.
"""

from __future__ import annotations

import errno
import os
import shutil
import stat
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

import pytest

from trigger_points.files import (
    MANIFEST,
    MARKER,
    Keyed,
    relink_folder,
    write_folder,
    write_text_file,
)


def test_a_file_is_written_whole_and_readable_by_others(tmp_path: Path) -> None:
    target = tmp_path / "new" / "map.svg"
    write_text_file(target, "<svg/>\n")
    assert target.read_text(encoding="utf-8") == "<svg/>\n"
    assert target.stat().st_mode & 0o777 == 0o644
    assert sorted(p.name for p in target.parent.iterdir()) == ["map.svg"]


def test_a_folder_is_not_overwritten(tmp_path: Path) -> None:
    folder = tmp_path / "site"
    folder.mkdir()
    (folder / "index.html").write_text("keep me")
    with pytest.raises(IsADirectoryError, match="is a folder, not a file"):
        write_text_file(folder, "text")
    assert (folder / "index.html").read_text() == "keep me"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_a_failure_mid_write_keeps_the_old_file_and_leaves_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "sheet.html"
    target.write_text("old", encoding="utf-8")
    # Text that cannot be encoded as UTF-8 fails inside the write, after the temporary
    # file was made beside the target.
    with pytest.raises(UnicodeEncodeError):
        write_text_file(target, "new text, then a lone surrogate: \ud800")
    assert target.read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sheet.html"]


def test_a_replaced_file_keeps_its_permissions(tmp_path: Path) -> None:
    target = tmp_path / "private.svg"
    target.write_text("old")
    target.chmod(0o600)
    write_text_file(target, "new")
    assert (target.read_text(), target.stat().st_mode & 0o777) == ("new", 0o600)


def test_a_symlink_is_followed_never_replaced(tmp_path: Path) -> None:
    (tmp_path / "target.txt").write_text("original")
    link = tmp_path / "link"
    link.symlink_to("target.txt")
    write_text_file(link, "new")
    assert link.is_symlink() and link.readlink() == Path("target.txt")
    assert (tmp_path / "target.txt").read_text() == "new"
    dangling = tmp_path / "dangling"
    dangling.symlink_to("made/by/us.txt")
    (tmp_path / "made" / "by").mkdir(parents=True)
    write_text_file(dangling, "made")
    assert dangling.is_symlink() and (tmp_path / "made" / "by" / "us.txt").read_text() == "made"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dangling", "link", "made", "target.txt"]


def test_a_fifo_is_written_into(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    write_text_file(fifo, "through the pipe \u2192\n")
    reader.join(timeout=10)
    assert received == ["through the pipe \u2192\n".encode()]
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe"]


def test_a_read_only_file_is_refused_and_left_alone(tmp_path: Path) -> None:
    target = tmp_path / "read-only.html"
    target.write_text("keep me")
    target.chmod(0o444)
    with pytest.raises(PermissionError, match="is read-only; refusing to replace it") as caught:
        write_text_file(target, "new")
    assert caught.value.filename == str(target)
    assert (target.read_text(), target.stat().st_mode & 0o777) == ("keep me", 0o444)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["read-only.html"]


def private_null(folder: Path) -> Path:
    """A null device of our own, tried first: a writer that replaced it must not reach /dev/null.

    Run as root, a writer that renames over its target destroys the system's device.
    """
    node = folder / "null"
    try:
        os.mknod(node, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except OSError:
        if os.geteuid() == 0:
            pytest.skip("cannot make a device node to try first; /dev/null is not risked")
        return node  # not root: /dev is not ours to replace anyway
    write_text_file(node, "nothing\n")
    assert stat.S_ISCHR(node.lstat().st_mode), "the device node was replaced"
    return node


def test_a_device_is_written_into_never_replaced(tmp_path: Path) -> None:
    private_null(tmp_path)
    before = Path("/dev/null").stat()
    write_text_file(Path("/dev/null"), "nothing\n")
    after = Path("/dev/null").stat()
    assert stat.S_ISCHR(after.st_mode) and after.st_rdev == before.st_rdev
    assert after.st_ino == before.st_ino
    with pytest.raises(OSError, match="No space left on device") as caught:
        write_text_file(Path("/dev/full"), "more than nothing\n")
    assert caught.value.filename == "/dev/full"
    assert stat.S_ISCHR(Path("/dev/full").stat().st_mode)


def test_a_block_device_is_refused(tmp_path: Path) -> None:
    node = tmp_path / "disk"
    try:
        os.mknod(node, stat.S_IFBLK | 0o600, os.makedev(7, 255))  # an unused loop device
    except OSError as error:
        pytest.skip(f"cannot make a block device here: {error.strerror}")
    with pytest.raises(OSError, match="is a block device; refusing to write to it"):
        write_text_file(node, "not onto a disk")
    assert stat.S_ISBLK(node.lstat().st_mode)


def test_an_error_names_the_file_never_the_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "map.svg"
    target.write_text("old")

    def refuse(self: Path, other: Path) -> Path:
        raise OSError(errno.EXDEV, "Invalid cross-device link", str(self), None, str(other))

    monkeypatch.setattr(Path, "replace", refuse)
    with pytest.raises(OSError, match="cross-device") as caught:
        write_text_file(target, "new")
    assert (caught.value.filename, caught.value.filename2) == (str(target), str(target))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["map.svg"]

    def no_room(*args: object, **kwargs: object) -> tuple[int, str]:
        raise PermissionError(errno.EACCES, "Permission denied", str(tmp_path / ".map.svg.x"))

    monkeypatch.setattr(tempfile, "mkstemp", no_room)
    with pytest.raises(PermissionError) as denied:
        write_text_file(target, "new")
    assert denied.value.filename == str(target)


def pages(*names: str, text: str = "ours") -> list[tuple[PurePosixPath, str]]:
    return [(PurePosixPath(name), text) for name in names]


def test_a_rebuild_keeps_what_the_user_added(tmp_path: Path) -> None:
    site = tmp_path / "site"
    write_folder(pages("index.html", "muscles/old.html", "muscles/kept.html"), site)
    (site / ".git").mkdir()
    (site / ".git" / "config").write_text("[core]\n")
    (site / "CNAME").write_text("example.org\n")
    (site / "muscles" / "notes.txt").write_text("mine")
    (site / "docs").symlink_to("/etc")
    (site / "index.html").write_text("edited by hand")  # ours: a rebuild replaces it
    report = write_folder(pages("index.html", "muscles/kept.html", text="new"), site)
    assert report.kept == 4
    assert (site / ".git" / "config").read_text() == "[core]\n"
    assert (site / "CNAME").read_text() == "example.org\n"
    assert (site / "muscles" / "notes.txt").read_text() == "mine"
    assert (site / "docs").readlink() == Path("/etc")
    assert (site / "index.html").read_text() == "new"
    assert not (site / "muscles" / "old.html").exists()  # ours, and no longer made
    listed = (site / MARKER).read_text().splitlines()
    assert listed[0] == "built by trigger-points"
    assert [line for line in listed if not line.startswith(("built", "#"))] == [
        "index.html",
        "muscles/kept.html",
    ]
    write_folder(pages("index.html", text="again"), site)  # what was kept is kept again
    assert (site / "CNAME").read_text() == "example.org\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_a_site_whose_marker_lists_nothing_keeps_the_users_top_level_files(
    tmp_path: Path,
) -> None:
    site = tmp_path / "site"
    (site / "muscles").mkdir(parents=True)
    (site / MARKER).write_text("built by trigger-points\n")  # as builds before the list wrote it
    (site / "muscles" / "removed.html").write_text("stale")
    (site / "CNAME").write_text("example.org\n")
    (site / ".git").mkdir()
    (site / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    write_folder(pages("index.html", "muscles/a.html"), site)
    assert (site / "CNAME").is_file() and (site / ".git" / "HEAD").is_file()
    assert not (site / "muscles" / "removed.html").exists()


def test_a_crash_between_the_two_renames_is_recovered(tmp_path: Path) -> None:
    site = tmp_path / "site"
    write_folder(pages("index.html", text="old"), site)
    (site / "CNAME").write_text("example.org\n")
    # The state a kill between the swap's renames leaves: the old site under its
    # temporary name, the new one still staged, no `site`.
    site.rename(tmp_path / ".site.previous-abcd1234")
    staged = tmp_path / ".site.building-zz99_x0q"
    staged.mkdir()
    (staged / "index.html").write_text("half")
    (tmp_path / ".site.previous-notours").mkdir()  # not our name: left alone
    (tmp_path / ".site.previous-nomarker").mkdir()  # our name, but no marker: not ours
    with pytest.raises(ValueError, match="outside the output folder"):
        write_folder(pages("../escape.html"), site)  # even a failing build puts it back
    assert (site / "index.html").read_text() == "old"
    assert (site / "CNAME").read_text() == "example.org\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        ".site.previous-nomarker",
        ".site.previous-notours",
        "site",
    ]
    (tmp_path / ".site.previous-0ld0ld00").mkdir()  # a previous site a crash left after the swap
    (tmp_path / ".site.previous-0ld0ld00" / MARKER).write_text("built by trigger-points\n")
    write_folder(pages("index.html", text="new"), site)
    assert (site / "index.html").read_text() == "new" and (site / "CNAME").is_file()
    assert not (tmp_path / ".site.previous-0ld0ld00").exists()


def test_two_builds_into_one_folder_wait_for_each_other(tmp_path: Path) -> None:
    site = tmp_path / "site"
    write_folder(pages("index.html", text="first"), site)
    started, release = threading.Event(), threading.Event()
    failures: list[BaseException] = []

    def slow() -> Iterator[tuple[PurePosixPath, str]]:
        started.set()
        release.wait(10)
        yield PurePosixPath("index.html"), "slow"

    def build(files: object) -> None:
        try:
            write_folder(files, site)  # type: ignore[arg-type]
        except BaseException as error:  # reported by the assertion below
            failures.append(error)

    first = threading.Thread(target=build, args=(slow(),))
    first.start()
    assert started.wait(10)
    second = threading.Thread(target=build, args=(pages("index.html", text="fast"),))
    second.start()
    time.sleep(0.3)
    assert second.is_alive(), "the second build did not wait for the first"
    release.set()
    first.join(10)
    second.join(10)
    assert failures == []
    assert (site / "index.html").read_text() == "fast"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_two_build_commands_at_once_both_succeed(tmp_path: Path) -> None:
    site = tmp_path / "site"
    command = [sys.executable, "-m", "trigger_points", "build", str(site)]
    runs = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in "ab"]
    results = [(run.wait(120), run.stderr.read() if run.stderr else b"") for run in runs]
    for run in runs:
        for stream in (run.stdout, run.stderr):
            if stream:
                stream.close()
    assert results == [(0, b""), (0, b"")]
    assert (site / "index.html").is_file() and (site / MARKER).is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def without_permission_override() -> list[str]:
    """A command prefix under which file permissions apply, even to root (or a skip)."""
    if os.geteuid() != 0:
        return []
    if shutil.which("setpriv") is None:
        pytest.skip("running as root without setpriv: permissions cannot apply")
    return ["setpriv", "--bounding-set", "-dac_override,-dac_read_search,-fowner", "--"]


def test_a_read_only_site_is_replaced_and_leaves_nothing_behind(tmp_path: Path) -> None:
    site = tmp_path / "site"
    write_folder(pages("index.html", "muscles/a.html", text="old"), site)
    (site / "CNAME").write_text("example.org\n")
    for path in [*site.rglob("*"), site]:
        if not path.is_symlink():
            path.chmod(path.stat().st_mode & ~0o222)
    script = (
        "import sys; from pathlib import Path, PurePosixPath as P;"
        "from trigger_points.files import write_folder;"
        "r = write_folder([(P('index.html'), 'new')], Path(sys.argv[1]));"
        "print(r.kept, r.leftover)"
    )
    result = subprocess.run(
        [*without_permission_override(), sys.executable, "-c", script, str(site)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (result.returncode, result.stdout, result.stderr) == (0, "1 None\n", "")
    assert (site / "index.html").read_text() == "new" and (site / "CNAME").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_an_old_site_that_cannot_be_removed_is_reported_then_removed_later(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = tmp_path / "site"
    write_folder(pages("index.html", text="old"), site)

    def refuse(path: object, *args: object, **kwargs: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied", str(path))

    with monkeypatch.context() as patched:
        patched.setattr(shutil, "rmtree", refuse)  # the one files.py calls
        report = write_folder(pages("index.html", text="new"), site)
    assert report.leftover is not None and report.leftover.name.startswith(".site.previous-")
    assert (report.leftover / "index.html").read_text() == "old"
    assert (site / "index.html").read_text() == "new"
    write_folder(pages("index.html", text="newer"), site)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_errors_name_the_output_folder_not_the_staging_folder(tmp_path: Path) -> None:
    site = tmp_path / "site"
    long_name = "c" * 300 + ".html"
    with pytest.raises(OSError, match="too long") as caught:
        write_folder(pages("index.html", f"conditions/{long_name}"), site)
    assert caught.value.filename == str(site / "conditions" / long_name)

    def full() -> Iterator[tuple[PurePosixPath, str]]:
        yield PurePosixPath("index.html"), "x"
        raise OSError(errno.ENOSPC, "No space left on device")

    with pytest.raises(OSError, match="No space") as nameless:
        write_folder(full(), site)
    assert nameless.value.filename == str(site)
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_each_file_is_written_before_the_next_is_asked_for(tmp_path: Path) -> None:
    site = tmp_path / "site"

    def streamed() -> Iterator[tuple[PurePosixPath, str]]:
        for number in range(3):
            if number:
                (staging,) = tmp_path.glob(".site.building-*")
                assert (staging / "pages" / f"{number - 1}.html").read_text() == "page"
            yield PurePosixPath(f"pages/{number}.html"), "page"

    write_folder(streamed(), site)
    assert sorted(p.name for p in (site / "pages").iterdir()) == ["0.html", "1.html", "2.html"]


def test_a_keyed_file_is_rendered_only_when_its_key_or_bytes_changed(tmp_path: Path) -> None:
    site = tmp_path / "site"
    calls: list[str] = []

    def keyed(name: str, key: str, text: str) -> Keyed:
        def render() -> str:
            calls.append(name)
            return text

        return Keyed(PurePosixPath(name), key, render)

    write_folder([keyed("a.html", "1", "A"), keyed("b.html", "1", "B")], site)
    inode = (site / "a.html").stat().st_ino
    calls.clear()
    report = write_folder([keyed("a.html", "1", "A"), keyed("b.html", "2", "B2")], site)
    assert (calls, report.reused, (site / "a.html").stat().st_ino) == (["b.html"], 1, inode)
    assert (site / "b.html").read_text() == "B2"
    (site / "a.html").write_text("edited")  # by hand: rendered again, never kept
    calls.clear()
    write_folder([keyed("a.html", "1", "A"), keyed("b.html", "2", "B2")], site)
    assert calls == ["a.html"] and (site / "a.html").read_text() == "A"
    calls.clear()
    write_folder([keyed("a.html", "1", "A")], site, incremental=False)
    assert calls == ["a.html"] and not (site / "b.html").exists()
    assert sorted(p.name for p in site.iterdir()) == [MANIFEST, MARKER, "a.html"]


def test_relinking_needs_the_same_inputs_and_intact_files(tmp_path: Path) -> None:
    site = tmp_path / "site"
    write_folder([Keyed(PurePosixPath("a.html"), "1", lambda: "A")], site, inputs="x")
    assert relink_folder(site, "y") is None
    report = relink_folder(site, "x")
    assert report is not None and report.reused == 1 and (site / "a.html").read_text() == "A"
    (site / "a.html").write_text("edited")
    assert relink_folder(site, "x") is None
    assert (site / "a.html").read_text() == "edited"  # left as it was for the full build
