package dev.statusstream;

import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A person who signs in to the console.
 *
 * <p>Immutable and thread-safe.
 *
 * @param name        1 to 64 lower-case letters, digits, dots, dashes or underscores
 * @param role        what they may do
 * @param hasPassword false until they have set one through their one-time link
 * @param createdAt   when they were added
 */
public record Operator(String name, Role role, boolean hasPassword, Instant createdAt) {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

    /**
     * Checks the name and the role.
     *
     * @throws ValidationException naming the bad field
     */
    public Operator {
        checkName(name);
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /**
     * Checks the name of an operator or an API token.
     *
     * @param name the name to check
     * @return the name
     * @throws ValidationException naming {@code name} when it is not 1 to 64 lower-case letters, digits, dots,
     *                             dashes or underscores, starting with a letter or digit
     */
    public static String checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new ValidationException("name", "'" + name + "' is not a name: 1 to 64 lower-case letters, digits, "
                    + "'.', '-' or '_', starting with a letter or digit");
        }
        return name;
    }
}
