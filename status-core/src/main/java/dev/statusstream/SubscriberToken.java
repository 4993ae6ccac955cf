package dev.statusstream;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The token in a subscriber's confirmation and unsubscribe links: {@code <subscriber id>.<mac>}, where
 * the mac is HMAC-SHA256 of {@code <purpose>:<id>} under the subscriber's own secret. Nothing in it
 * reveals the address; a token for one purpose does not work for another; and when the subscriber is
 * removed, with its secret, every link it was ever sent stops working.
 *
 * <p>Immutable and thread-safe.
 *
 * @param subscriberId the subscriber it names
 * @param mac          the mac, base64url without padding
 */
public record SubscriberToken(String subscriberId, String mac) {
    /** What a confirmation link does. */
    public static final String CONFIRM = "confirm";
    /** What an unsubscribe link does. */
    public static final String UNSUBSCRIBE = "unsubscribe";

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9-]{1,64}");
    private static final Pattern MAC = Pattern.compile("[A-Za-z0-9_-]{43}");

    /**
     * Checks the form of both parts.
     *
     * @throws ValidationException naming {@code token} when either is malformed
     */
    public SubscriberToken {
        if (subscriberId == null || !ID.matcher(subscriberId).matches() || mac == null || !MAC.matcher(mac).matches()) {
            throw new ValidationException("token", "is not a subscription link token");
        }
    }

    /**
     * The token for {@code purpose} of subscriber {@code id}.
     *
     * @param purpose {@link #CONFIRM} or {@link #UNSUBSCRIBE}
     * @param id      the subscriber's id
     * @param secret  the subscriber's secret
     * @return the token
     */
    public static SubscriberToken of(String purpose, String id, byte[] secret) {
        return new SubscriberToken(id, mac(purpose, id, secret));
    }

    /**
     * The token of the confirmation link sent for the request made at {@code requestedAt}: each request
     * has its own, and only the newest one's hash is kept, so older links stop working.
     *
     * @param id          the subscriber's id
     * @param secret      the subscriber's secret
     * @param requestedAt when the subscription was asked for, to the millisecond
     * @return the token
     */
    public static SubscriberToken confirmation(String id, byte[] secret, Instant requestedAt) {
        return of(CONFIRM + ":" + requestedAt.toEpochMilli(), id, secret);
    }

    /**
     * Reads a token from a link; never throws for what a client sent.
     *
     * @param text the link's last path segment
     * @return the token, or empty when it is not one
     */
    public static Optional<SubscriberToken> parse(String text) {
        if (text == null || text.length() > 120) {
            return Optional.empty();
        }
        int dot = text.lastIndexOf('.');
        if (dot < 1) {
            return Optional.empty();
        }
        try {
            return Optional.of(new SubscriberToken(text.substring(0, dot), text.substring(dot + 1)));
        } catch (ValidationException e) {
            return Optional.empty();
        }
    }

    /**
     * Whether this token was made for {@code purpose} with {@code secret}, compared in constant time.
     *
     * @param purpose {@link #CONFIRM} or {@link #UNSUBSCRIBE}
     * @param secret  the subscriber's secret
     * @return true when it matches
     */
    public boolean matches(String purpose, byte[] secret) {
        return MessageDigest.isEqual(mac(purpose, subscriberId, secret).getBytes(StandardCharsets.US_ASCII),
                mac.getBytes(StandardCharsets.US_ASCII));
    }

    private static String mac(String purpose, String id, byte[] secret) {
        try {
            Mac hmac = Mac.getInstance("HmacSHA256");
            hmac.init(new SecretKeySpec(secret, "HmacSHA256"));
            byte[] mac = hmac.doFinal((purpose + ":" + id).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("every JVM has HmacSHA256", e);
        }
    }

    /**
     * The written form, for a link.
     *
     * @return {@code <id>.<mac>}
     */
    @Override
    public String toString() {
        return subscriberId + "." + mac;
    }
}
