"""Runs a command whose arguments may hold bytes that are not UTF-8.

    python3 run_with_bytes.py PROGRAM ARG...

Each `\\xNN` in an argument becomes the byte NN (lit's shell has no `$'...'`).
The exit status is the program's; a signal becomes 128 + its number.
"""
import os
import re
import subprocess
import sys


def to_bytes(arg):
    return re.sub(rb"\\x([0-9a-fA-F]{2})", lambda m: bytes([int(m.group(1), 16)]), os.fsencode(arg))


def main():
    status = subprocess.call([to_bytes(a) for a in sys.argv[1:]])
    sys.exit(128 - status if status < 0 else status)


if __name__ == "__main__":
    main()
