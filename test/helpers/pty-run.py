#!/usr/bin/env python3
"""Runs a command on a pseudo-terminal of a given width, as a person at a terminal would run it.

Usage: pty-run.py COLUMNS [--answer PROMPT TEXT | --keys PROMPT TEXT] -- COMMAND ARGS...
Stdin, stdout and stderr of the command are the terminal. With --answer, TEXT and Enter are typed once
PROMPT has appeared; with --keys, TEXT alone (a backslash escape such as \x03, Ctrl-C, is understood). Every byte the terminal showed goes to stdout; the exit status is the command's
(128 + N for signal N). Bounded: the command is killed after 30 seconds.
"""
import os, pty, select, signal, struct, sys, fcntl, termios, time

def main():
    args = sys.argv[1:]
    columns = int(args.pop(0))
    answer = None
    if args[0] == '--answer':
        answer = (args[1].encode(), args[2].encode() + b'\r')
        args = args[3:]
    elif args[0] == '--keys':
        answer = (args[1].encode(), args[2].encode().decode('unicode_escape').encode('latin-1'))
        args = args[3:]
    assert args.pop(0) == '--'
    pid, fd = pty.fork()
    if pid == 0:
        # The size is set before the command starts, so that it never sees a terminal of 0 columns.
        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack('HHHH', 40, columns, 0, 0))
        os.execvp(args[0], args)
    seen = b''
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.2)
        if not ready:
            continue
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
        if answer and answer[0] in seen:
            os.write(fd, answer[1])
            answer = None
    else:
        os.kill(pid, signal.SIGKILL)
    _, status = os.waitpid(pid, 0)
    sys.stdout.buffer.write(seen)
    sys.stdout.flush()
    code = os.waitstatus_to_exitcode(status)
    sys.exit(code if code >= 0 else 128 - code)

main()
