"""Helpers for the gdb stub tests: start build/pagoda with -gdb on 127.0.0.1 and talk
the remote serial protocol to it."""
import os
import re
import select
import socket
import subprocess
import time


def free_port():
    """A TCP port on 127.0.0.1 that was free a moment ago."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Pagoda:
    """build/pagoda serving gdb. With port=None it listens on port 0 and the port is
    read from its 'listening on port N' line on stderr."""

    def __init__(self, pagoda, elf, wait=True, port=None, extra=()):
        self.port = port
        spec = "tcp::%d" % (port if port is not None else 0)
        args = [pagoda] + (["-S"] if wait else []) + ["-gdb", spec] + list(extra) + [elf]
        self.proc = subprocess.Popen(args, stdin=subprocess.DEVNULL,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.stderr = b""
        if port is None:
            self.port = self._read_port()

    def _read_port(self):
        deadline = time.time() + 5
        while time.time() < deadline:
            r, _, _ = select.select([self.proc.stderr], [], [], 0.1)
            if r:
                chunk = os.read(self.proc.stderr.fileno(), 4096)
                if not chunk:
                    break
                self.stderr += chunk
                m = re.search(rb"listening on port (\d+)", self.stderr)
                if m:
                    return int(m.group(1))
        raise RuntimeError("pagoda did not report its gdb port: %r" % self.stderr)

    def alive(self):
        return self.proc.poll() is None

    def wait(self, timeout=10):
        try:
            out, err = self.proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            out, err = self.proc.communicate()
            self.stderr += err
            return None
        self.stderr += err
        self.stdout = out
        return self.proc.returncode

    def kill(self):
        if self.alive():
            self.proc.kill()
            self.proc.communicate()


def checksum(data):
    return sum(data) & 0xff


def frame(data):
    """A packet: $data#cs (data as bytes or str)."""
    if isinstance(data, str):
        data = data.encode("latin-1")
    return b"$" + data + b"#%02x" % checksum(data)


class Client:
    """A remote protocol client. In ack mode it acks every packet it receives and
    records the acks it gets."""

    def __init__(self, port, timeout=5.0):
        deadline = time.time() + timeout
        while True:                     # the emulator may still be starting
            try:
                self.sock = socket.create_connection(("127.0.0.1", port), timeout)
                break
            except ConnectionRefusedError:
                if time.time() > deadline:
                    raise
                time.sleep(0.05)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.buf = b""
        self.acks = b""
        self.no_ack = False
        self.timeout = timeout

    def close(self):
        self.sock.close()

    def send_raw(self, b):
        self.sock.sendall(b)

    def send(self, data):
        self.send_raw(frame(data))

    def _fill(self, deadline):
        left = deadline - time.time()
        if left <= 0:
            raise TimeoutError("no reply from the stub")
        self.sock.settimeout(left)
        chunk = self.sock.recv(65536)
        if not chunk:
            raise EOFError("the stub closed the connection")
        self.buf += chunk

    def read_packet(self, timeout=None):
        """The next packet's data (str), skipping and recording acks before it."""
        deadline = time.time() + (timeout if timeout is not None else self.timeout)
        while True:
            while self.buf and self.buf[:1] in (b"+", b"-"):
                self.acks += self.buf[:1]
                self.buf = self.buf[1:]
            m = re.match(rb"\$([^#$]*)#([0-9a-fA-F]{2})", self.buf, re.S)
            if m:
                self.buf = self.buf[m.end():]
                data = m.group(1)
                if int(m.group(2), 16) != checksum(data):
                    raise ValueError("reply with a bad checksum: %r" % data)
                if not self.no_ack:
                    self.send_raw(b"+")
                return data.decode("latin-1")
            if self.buf and self.buf[:1] != b"$":
                raise ValueError("unexpected bytes from the stub: %r" % self.buf[:40])
            self._fill(deadline)

    def read_ack(self, timeout=None):
        """The next ack byte ('+' or '-')."""
        deadline = time.time() + (timeout if timeout is not None else self.timeout)
        while not self.buf:
            self._fill(deadline)
        c = self.buf[:1]
        if c not in (b"+", b"-"):
            raise ValueError("expected an ack, got %r" % self.buf[:40])
        self.buf = self.buf[1:]
        return c.decode()

    def quiet_for(self, seconds):
        """True when nothing arrives for that long."""
        if self.buf:
            return False
        self.sock.settimeout(seconds)
        try:
            chunk = self.sock.recv(65536)
        except socket.timeout:
            return True
        self.buf += chunk
        return not chunk

    def cmd(self, data, timeout=None):
        """Sends a packet and returns the reply (checking the ack in ack mode)."""
        self.send(data)
        if not self.no_ack:
            a = self.read_ack(timeout)
            if a != "+":
                raise ValueError("packet %r was nacked" % data)
        return self.read_packet(timeout)

    def start_no_ack(self):
        assert self.cmd("QStartNoAckMode") == "OK"
        self.no_ack = True


def le64(hexstr):
    """A register's little-endian hex as a number."""
    return int.from_bytes(bytes.fromhex(hexstr), "little")


def hex64(v):
    return (v & (2**64 - 1)).to_bytes(8, "little").hex()
