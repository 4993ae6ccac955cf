/** The page's branding as files of its own origin: the logo and the accent colour's style sheet. */
package dev.statusstream.server.branding;
