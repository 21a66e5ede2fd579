"""Pagoda on a pseudo-terminal, for the tty_*.py tests: start it as a session leader
with the pty's slave as its terminal, read its output until a token or pattern shows
up, wait for it to end."""
import os, pty, re, select, termios, time


class Session:
    """pagoda's argv run on a new pty. slave stays open so the test can compare the
    terminal's settings (before: as they were when it started)."""

    def __init__(self, argv):
        self.master, self.slave = pty.openpty()
        self.before = termios.tcgetattr(self.slave)
        self.buf = b""
        self.pid = os.fork()
        if self.pid == 0:
            os.setsid()
            for fd in (0, 1, 2):
                os.dup2(self.slave, fd)
            os.execv(argv[0], argv)

    def write(self, data):
        os.write(self.master, data)

    def _fill(self):
        r, _, _ = select.select([self.master], [], [], 0.1)
        if r:
            try:
                self.buf += os.read(self.master, 4096)
            except OSError:         # the other side closed: nothing more will come
                return False
        return True

    def read_until(self, token, timeout=10.0):
        """Output up to and including token (bytes), or all that came when it did not
        come within timeout seconds (then the caller's check fails on it)."""
        end = time.monotonic() + timeout
        while token not in self.buf and time.monotonic() < end:
            if not self._fill():
                break
        i = self.buf.find(token)
        cut = len(self.buf) if i < 0 else i + len(token)
        got, self.buf = self.buf[:cut], self.buf[cut:]
        return got

    def search(self, pattern, timeout=60.0):
        """The first match of the regular expression pattern (bytes) in the output,
        consuming the output up to its end; None after timeout seconds."""
        end = time.monotonic() + timeout
        while True:
            m = re.search(pattern, self.buf)
            if m:
                self.buf = self.buf[m.end():]
                return m
            if time.monotonic() >= end or not self._fill():
                return None

    def settings(self):
        return termios.tcgetattr(self.slave)

    def wait_exit(self, timeout=10.0):
        """pagoda's wait status, or None when it had not ended after timeout seconds
        (it is killed then)."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            done, st = os.waitpid(self.pid, os.WNOHANG)
            if done:
                return st
            time.sleep(0.05)
        os.kill(self.pid, 9)
        os.waitpid(self.pid, 0)
        return None

    def close(self):
        os.close(self.master)
        os.close(self.slave)
