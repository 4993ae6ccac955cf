#!/usr/bin/env python3
"""A local SMTP server that keeps nothing but when each mail arrived: one line per mail,
"<arrival epoch ms> <recipient>", in the file given. For bench/notify-mail.sh only."""
import asyncore
import smtpd
import sys
import time
import warnings

warnings.filterwarnings("ignore", category=DeprecationWarning)


class Sink(smtpd.SMTPServer):
    def __init__(self, address, out):
        super().__init__(address, None, decode_data=False)
        self.out = out

    def process_message(self, peer, mailfrom, rcpttos, data, **kwargs):
        now = int(time.time() * 1000)
        for rcpt in rcpttos:
            self.out.write(f"{now} {rcpt}\n")
        self.out.flush()


if __name__ == "__main__":
    port = int(sys.argv[1])
    with open(sys.argv[2], "a", buffering=1) as out:
        Sink(("127.0.0.1", port), out)
        asyncore.loop()
