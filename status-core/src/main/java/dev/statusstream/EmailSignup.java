package dev.statusstream;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;

/**
 * What asking for an email subscription did ({@link SubscribeByEmail}), and what the mail to send says.
 * Only {@link #subscriberId()} and {@link #outcome()} are ever written as JSON: the address and the
 * link tokens are for the mail alone.
 *
 * <p>Immutable and thread-safe.
 *
 * @param subscriberId     the subscriber the address is
 * @param outcome          what the address is sent
 * @param email            the address
 * @param language         the language of its mail
 * @param services         the services it follows; empty for the whole page
 * @param confirmToken     the confirmation link's token, for {@link Outcome#CONFIRM}; otherwise null
 * @param unsubscribeToken the unsubscribe link's token
 */
public record EmailSignup(String subscriberId, Outcome outcome, @JsonIgnore String email, @JsonIgnore String language,
        @JsonIgnore List<String> services, @JsonIgnore String confirmToken, @JsonIgnore String unsubscribeToken) {

    /** What the address is sent. */
    public enum Outcome {
        /** A confirmation mail: the address is pending. */
        CONFIRM("confirm"),
        /** A notice that it is subscribed already: nothing changed. */
        ALREADY_SUBSCRIBED("alreadySubscribed"),
        /** Nothing: the address was sent enough mail this hour. */
        LIMITED("limited");

        private final String wireName;

        Outcome(String wireName) {
            this.wireName = wireName;
        }

        /**
         * The name in JSON.
         *
         * @return e.g. {@code confirm}
         */
        @JsonValue
        public String wireName() {
            return wireName;
        }
    }

    /**
     * Copies the list.
     */
    public EmailSignup {
        services = services == null ? List.of() : List.copyOf(services);
    }

    /** Hides the address and the tokens from logs. */
    @Override
    public String toString() {
        return "EmailSignup[" + subscriberId + " " + outcome.wireName() + "]";
    }
}
