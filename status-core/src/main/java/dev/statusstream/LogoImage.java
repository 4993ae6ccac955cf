package dev.statusstream;

import dev.statusstream.internal.SvgSanitizer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;

/**
 * A logo's image: PNG, or SVG made harmless (no script, no event handler, no external reference; see
 * the branding documentation), at most {@value #MAX_BYTES} bytes. Written in JSON as a {@code data:} URL.
 *
 * <p>Immutable and thread-safe: the bytes are copied in and out.
 *
 * @param contentType {@link #SVG} or {@link #PNG}
 * @param bytes       the image; an SVG's bytes are the cleaned document
 */
public record LogoImage(String contentType, byte[] bytes) {
    /** The SVG media type. */
    public static final String SVG = "image/svg+xml";
    /** The PNG media type. */
    public static final String PNG = "image/png";
    /** The largest logo, in bytes (its {@code data:} URL must fit in an admin request). */
    public static final int MAX_BYTES = 40 * 1024;
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    /**
     * Checks the type and size, checks a PNG's signature, and cleans an SVG.
     *
     * @throws ValidationException naming {@code logo} when the image is refused
     */
    public LogoImage {
        if (bytes == null || bytes.length == 0) {
            throw new ValidationException("logo", "is empty");
        }
        if (bytes.length > MAX_BYTES) {
            throw new ValidationException("logo", "is " + bytes.length + " bytes; at most " + MAX_BYTES + " are allowed");
        }
        contentType = contentType == null ? "" : contentType.strip().toLowerCase(Locale.ROOT);
        if (PNG.equals(contentType)) {
            if (bytes.length < 24 || !Arrays.equals(bytes, 0, 8, PNG_SIGNATURE, 0, 8)) {
                throw new ValidationException("logo", "is not a PNG image (no PNG signature)");
            }
            bytes = bytes.clone();
        } else if (SVG.equals(contentType)) {
            bytes = SvgSanitizer.sanitize(bytes);
            if (bytes.length > MAX_BYTES) {
                throw new ValidationException("logo", "is more than " + MAX_BYTES + " bytes");
            }
        } else {
            throw new ValidationException("logo", "must be an SVG (image/svg+xml) or PNG (image/png) image, not '"
                    + TextRules.abbreviate(contentType) + "'");
        }
    }

    /**
     * Reads a logo from a file's name and bytes: {@code .svg} or {@code .png}, else its first bytes decide.
     *
     * @param fileName the file's name
     * @param bytes    its content
     * @return the logo
     * @throws ValidationException naming {@code logo} when the image is refused
     */
    public static LogoImage fromFile(String fileName, byte[] bytes) {
        String lower = fileName.toLowerCase(Locale.ROOT);
        boolean png = lower.endsWith(".png") || !lower.endsWith(".svg") && bytes.length >= 8
                && Arrays.equals(bytes, 0, 8, PNG_SIGNATURE, 0, 8);
        return new LogoImage(png ? PNG : SVG, bytes);
    }

    /**
     * Reads a {@code data:} URL: {@code data:image/svg+xml;base64,...} or {@code data:image/png;base64,...}.
     *
     * @param url the URL
     * @return the logo
     * @throws ValidationException naming {@code logo} when it is not such a URL or the image is refused
     */
    public static LogoImage fromDataUrl(String url) {
        int comma = url == null ? -1 : url.indexOf(',');
        String head = comma < 0 ? "" : url.substring(0, comma).toLowerCase(Locale.ROOT);
        if (!head.startsWith("data:") || !head.endsWith(";base64") || url.length() > MAX_BYTES * 2) {
            throw new ValidationException("logo", "must be a data: URL of a base64 image, e.g. data:image/svg+xml;base64,PHN2Zy...");
        }
        byte[] bytes;
        try {
            bytes = Base64.getMimeDecoder().decode(url.substring(comma + 1).getBytes(StandardCharsets.US_ASCII));
        } catch (IllegalArgumentException e) {
            throw new ValidationException("logo", "is not valid base64: " + e.getMessage());
        }
        return new LogoImage(head.substring(5, head.length() - 7), bytes);
    }

    /**
     * The image's bytes.
     *
     * @return a copy
     */
    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    /**
     * The image as a {@code data:} URL, as the admin API takes it.
     *
     * @return {@code data:<type>;base64,<bytes>}
     */
    public String toDataUrl() {
        return "data:" + contentType + ";base64," + Base64.getEncoder().encodeToString(bytes);
    }

    /**
     * The SHA-256 of the bytes: the logo's name and ETag.
     *
     * @return 64 lower-case hex digits
     */
    public String sha256() {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof LogoImage l && l.contentType.equals(contentType) && Arrays.equals(l.bytes, bytes);
    }

    @Override
    public int hashCode() {
        return contentType.hashCode() * 31 + Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "LogoImage[" + contentType + ", " + bytes.length + " bytes]";
    }
}
