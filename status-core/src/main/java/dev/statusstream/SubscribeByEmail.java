package dev.statusstream;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Asks for an email subscription, to be confirmed from the mail it causes: {@code POST /subscribers/email}
 * with {@code {"email", "services"?, "language"?}}. A new address becomes a pending subscriber; a
 * pending one gets its choice replaced and a fresh confirmation; an active one is left as it is and is
 * told so. The result says which, and is the same to whoever asked whatever the address, except to the
 * process that sends the mail ({@link EmailSignup}).
 *
 * <p>Immutable and thread-safe.
 *
 * @param email    the address
 * @param services the services to hear about; empty for the whole page
 * @param language the language of its mail, or null for the page's default
 */
public record SubscribeByEmail(String email, List<String> services, String language) implements Operation<EmailSignup> {
    static final OperationType<EmailSignup> TYPE = OperationType.withBody("subscribeByEmail", "POST", "/subscribers/email",
            List.of("email", "services", "language"), true, 202, "subscription", SubscribeByEmail::read)
            .replying(OperationReplies.as(EmailSignup.class, "subscription"));

    /** The most services one subscription may name. */
    public static final int MAX_SERVICES = 200;
    private static final Pattern LOCAL = Pattern.compile("[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]{1,64}");
    private static final Pattern DOMAIN = Pattern.compile("(?=.{4,253}$)([\\p{L}\\p{N}](?:[\\p{L}\\p{N}-]{0,61}[\\p{L}\\p{N}])?\\.)+"
            + "[\\p{L}\\p{N}-]{2,63}");
    private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2,3}");

    /**
     * Checks the address, the service ids and the language.
     *
     * @throws ValidationException naming the bad field
     */
    public SubscribeByEmail {
        email = checkEmail(email);
        List<String> ids = new ArrayList<>();
        for (String id : services == null ? List.<String>of() : services) {
            String checked = Service.checkId(id);
            if (!ids.contains(checked)) {
                ids.add(checked);
            }
        }
        if (ids.size() > MAX_SERVICES) {
            throw new ValidationException("services", "names " + ids.size() + " services, at most " + MAX_SERVICES);
        }
        services = List.copyOf(ids);
        if (language != null) {
            language = language.strip().toLowerCase(Locale.ROOT);
            if (language.isEmpty()) {
                language = null;
            } else if (!LANGUAGE.matcher(language).matches()) {
                throw new ValidationException("language", "'" + language + "' is not a language tag such as en or ja");
            }
        }
    }

    /**
     * Checks a mail address as people type them: {@code local@domain.tld}, at most 254 characters, the
     * domain in lower case (its case never matters).
     *
     * @param email the address
     * @return it, stripped, with its domain in lower case
     * @throws ValidationException naming {@code email} when it is not an address
     */
    public static String checkEmail(String email) {
        String value = email == null ? "" : email.strip();
        int at = value.lastIndexOf('@');
        if (value.isEmpty()) {
            throw new ValidationException("email", "is required");
        }
        if (value.length() > 254 || at < 1 || !LOCAL.matcher(value.substring(0, at)).matches()
                || value.startsWith(".") || value.substring(0, at).endsWith(".") || value.contains("..")
                || !DOMAIN.matcher(value.substring(at + 1)).matches()) {
            throw new ValidationException("email", "is not a mail address such as someone@example.com");
        }
        return value.substring(0, at) + "@" + value.substring(at + 1).toLowerCase(Locale.ROOT);
    }

    private static SubscribeByEmail read(OperationJson.Reader body) {
        return new SubscribeByEmail(body.requiredString("email"), body.strings("services"), body.string("language"));
    }

    @Override
    public OperationType<EmailSignup> type() {
        return TYPE;
    }

    @Override
    public String toJson() {
        return new OperationJson.Writer().put("email", email).put("services", services).put("language", language).toString();
    }

    /** Hides the address from logs. */
    @Override
    public String toString() {
        return "SubscribeByEmail[" + services.size() + " services, " + language + "]";
    }
}
