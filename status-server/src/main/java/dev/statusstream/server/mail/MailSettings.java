package dev.statusstream.server.mail;

import dev.statusstream.EnvironmentSettings;
import dev.statusstream.ValidationException;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Where mail goes out: {@code STATUS_SMTP_URL} ({@code smtp://user:pass@host:587} upgrades with STARTTLS
 * when the server offers it, {@code smtps://...} is TLS from the first byte) and {@code STATUS_MAIL_FROM}.
 * Without both, email subscription is off. Immutable; {@link #toString()} never shows the password.
 *
 * @param secure   true for {@code smtps} (implicit TLS)
 * @param host     the SMTP server
 * @param port     its port (587 for {@code smtp}, 465 for {@code smtps} when the URL names none)
 * @param user     the user to log in as, or null to send without logging in
 * @param password the password, or null
 * @param from     the sender of every mail, e.g. {@code Example Status <status@example.com>}
 */
public record MailSettings(boolean secure, String host, int port, String user, String password, InternetAddress from) {
    /** The settings the server reads for mail. */
    public static final String SMTP_URL = "STATUS_SMTP_URL";
    public static final String MAIL_FROM = "STATUS_MAIL_FROM";

    public MailSettings {
        if (host == null || host.isBlank()) {
            throw new ValidationException(SMTP_URL, "must name a host");
        }
        if (port < 1 || port > 65535) {
            throw new ValidationException(SMTP_URL, "port must be 1 to 65535, was " + port);
        }
        if (from == null) {
            throw new ValidationException(MAIL_FROM, "is required when " + SMTP_URL + " is set");
        }
    }

    /**
     * The mail settings among {@code settings}, or null when neither is set (email subscription off).
     *
     * @throws ValidationException naming the setting when only one is set or a value is malformed
     */
    public static MailSettings from(EnvironmentSettings settings) {
        String url = settings.string(SMTP_URL);
        String from = settings.string(MAIL_FROM);
        if (url == null && from == null) {
            return null;
        }
        if (url == null) {
            throw new ValidationException(SMTP_URL, "is required when " + MAIL_FROM + " is set");
        }
        if (from == null) {
            throw new ValidationException(MAIL_FROM, "is required when " + SMTP_URL + " is set");
        }
        return parse(url, from);
    }

    /**
     * Reads an SMTP URL and a sender.
     *
     * @throws ValidationException naming the setting at fault; the message never repeats the password
     */
    public static MailSettings parse(String url, String from) {
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            throw new ValidationException(SMTP_URL, "is not a URL (smtp://user:password@host:587 or smtps://...)");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("smtp") && !scheme.equals("smtps")) {
            throw new ValidationException(SMTP_URL, "must start with smtp:// or smtps://");
        }
        if (uri.getHost() == null) {
            throw new ValidationException(SMTP_URL, "must name a host (smtp://user:password@host:587)");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null || !(uri.getRawPath() == null
                || uri.getRawPath().isEmpty() || uri.getRawPath().equals("/"))) {
            throw new ValidationException(SMTP_URL, "must be only smtp://user:password@host:port, without a path or query");
        }
        boolean secure = scheme.equals("smtps");
        String user = null;
        String password = null;
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            user = decode(parts[0]);
            password = parts.length > 1 ? decode(parts[1]) : null;
        }
        InternetAddress sender;
        try {
            sender = new InternetAddress(from.strip(), true);
        } catch (AddressException e) {
            throw new ValidationException(MAIL_FROM, "'" + from + "' is not a mail address (status@example.com or "
                    + "Example Status <status@example.com>)");
        }
        return new MailSettings(secure, uri.getHost(), uri.getPort() > 0 ? uri.getPort() : secure ? 465 : 587,
                user == null || user.isEmpty() ? null : user, password, sender);
    }

    private static String decode(String value) {
        return URLDecoder.decode(value.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** The sender's domain, which names our {@code Message-ID}s. */
    public String domain() {
        String address = from.getAddress();
        return address.substring(address.indexOf('@') + 1);
    }

    /** {@code smtp://user@host:587}: what the log may show. */
    @Override
    public String toString() {
        return (secure ? "smtps" : "smtp") + "://" + (user == null ? "" : user + "@") + host + ":" + port;
    }
}
