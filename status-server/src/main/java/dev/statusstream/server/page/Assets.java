package dev.statusstream.server.page;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The page's static files ({@code /static/}) and the version the pages link them with
 * ({@code status.js?v=...}): a digest of their bytes, so that after a deploy a browser never runs a
 * cached old script against new markup, and a restart without changes keeps the browser's copies.
 */
public final class Assets {
    /** The classpath folder served under {@code /static}. */
    static final String FOLDER = "/statusstream/static/";
    static final List<String> FILES = List.of("status.js", "status.css", "favicon.svg", "console.css", "console.js");
    /** Twelve hex digits of the SHA-256 of every file, in {@link #FILES} order. */
    public static final String VERSION = digest();

    private Assets() {
    }

    private static String digest() {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String file : FILES) {
                try (InputStream in = Assets.class.getResourceAsStream(FOLDER + file)) {
                    if (in == null) {
                        throw new IllegalStateException("missing static file " + FOLDER + file);
                    }
                    sha.update(in.readAllBytes());
                }
            }
            return HexFormat.of().formatHex(sha.digest()).substring(0, 12);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
