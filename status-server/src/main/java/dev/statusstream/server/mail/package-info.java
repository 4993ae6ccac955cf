/**
 * Mail to subscribers: the SMTP settings, a mailer that keeps its connections open between mails, and
 * the mails themselves (text and HTML of one view, in the subscriber's language, with one-click
 * unsubscribe headers and a {@code Message-ID} that stays the same on every retry).
 */
package dev.statusstream.server.mail;
