#!/usr/bin/env python3
"""Runs a command with its standard error on a pseudo-terminal, as at a
terminal, and keeps what it wrote there: the progress line is only shown
to a terminal.

usage: pty-run.py [--feed FILE] [--type FILE] [--interrupt TEXT] OUT ERR CMD...

Standard output goes to the file OUT, what the terminal showed to ERR; the
exit status is printed (-N for a death by signal N).  --feed FILE writes
FILE into the command's standard input, a pipe, closed then; with
--interrupt it stays open until the command ends, which waits for more.  --type FILE types FILE's lines
on the terminal instead, which is then the command's standard input too.
--interrupt TEXT sends SIGINT once TEXT has shown on the terminal.  Gives
up (status 124) when nothing ends within $PTY_TIMEOUT seconds (120): a
slow machine (sanitizers, qemu) waits, a hung command does not hang the
suite."""

import os
import pty
import select
import signal
import subprocess
import sys
import threading
import time


def main():
    args = sys.argv[1:]
    feed = typed = interrupt = None
    while args and args[0].startswith("--"):
        opt, val = args[0], args[1]
        args = args[2:]
        if opt == "--feed":
            feed = val
        elif opt == "--type":
            typed = val
        elif opt == "--interrupt":
            interrupt = val.encode()
        else:
            sys.exit("pty-run.py: unknown option " + opt)
    out_path, err_path, cmd = args[0], args[1], args[2:]
    timeout = float(os.environ.get("PTY_TIMEOUT", "120"))

    master, slave = pty.openpty()
    stdin = subprocess.DEVNULL
    writer = None
    if typed is not None:
        stdin = slave
    elif feed is not None:
        r, w = os.pipe()
        stdin = r
    with open(out_path, "wb") as out:
        proc = subprocess.Popen(cmd, stdin=stdin, stdout=out, stderr=slave,
                                close_fds=True, start_new_session=True)
    os.close(slave)
    if feed is not None and typed is None:
        os.close(r)

        def write_feed():
            try:
                with open(feed, "rb") as f:
                    while True:
                        chunk = f.read(65536)
                        if not chunk:
                            break
                        os.write(w, chunk)
                if interrupt is None:
                    os.close(w)
            except OSError:
                pass

        writer = threading.Thread(target=write_feed, daemon=True)
        writer.start()
    if typed is not None:
        with open(typed, "rb") as f:
            os.write(master, f.read())

    shown = b""
    sent = False
    deadline = time.monotonic() + timeout
    status = None
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            status = 124
            break
        ready, _, _ = select.select([master], [], [], min(left, 0.2))
        if ready:
            try:
                data = os.read(master, 65536)
            except OSError:  # EIO: the terminal has no writer left
                data = b""
            if data:
                shown += data
            elif proc.poll() is not None:
                break
        elif proc.poll() is not None:
            # Ended: what it wrote last is read on the next turns.
            ready, _, _ = select.select([master], [], [], 0)
            if not ready:
                break
        if interrupt is not None and not sent and interrupt in shown:
            os.kill(proc.pid, signal.SIGINT)
            sent = True
    if status is None:
        status = proc.wait()
    if feed is not None and typed is None and interrupt is not None:
        os.close(w)
    os.close(master)
    with open(err_path, "wb") as f:
        f.write(shown)
    print(status)


if __name__ == "__main__":
    main()
