/**
 * Operators, named API tokens and console sessions: their rows, password hashing (Argon2id), the
 * secrets behind tokens and one-time links (only their digests are stored), and sign-in throttling.
 * Not API: nothing here is part of the library's public interface, and it may change in any release.
 */
package dev.statusstream.accounts.internal;
