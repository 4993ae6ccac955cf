package dev.statusstream.cli;

import dev.statusstream.Change;
import dev.statusstream.Operation;

/** What the operator asked for, parsed from the command line, before anything touches the network. */
public sealed interface Request {
    /** A write, and how its command prints the result. */
    record Write<T>(Operation<T> operation, Printer<T> printer) implements Request {
    }

    record ListStatus() implements Request {
    }

    /** One service or incident, by service id or incident slug. */
    record Show(String name) implements Request {
    }

    /** One page of subscribers, after the one with id {@code after} (null: from the first). */
    record ListSubscribers(String after, int limit) implements Request {
    }

    /** A page of monitors, in name order. */
    record ListMonitors(String serviceId, String after, int limit) implements Request {
    }

    /** Follow the page and print each change; {@code count} 0 for ever. */
    record Watch(int count) implements Request {
    }

    /** A read that a command carries out itself on the operations, printing what it found. */
    record Read(Reader reader) implements Request {
    }

    /** Reads through the operations (direct or remote) and prints. */
    interface Reader {
        void read(Operations operations, Output output);
    }

    /** A page of the audit log. */
    record Audit(dev.statusstream.AuditQuery query) implements Request {
    }

    /** The named API tokens. */
    record Tokens() implements Request {
    }

    /** The console's operators. */
    record Operators() implements Request {
    }

    /** Prints a committed write's result. */
    interface Printer<T> {
        void print(Output output, Change<T> change);
    }
}
