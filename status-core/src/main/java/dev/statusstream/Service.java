package dev.statusstream;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One service shown on the page, with its current status.
 *
 * <p>Immutable and thread-safe. The JSON form is the service object of the snapshot as {@code GET /api/status} serves it;
 * {@code position} orders services on the page and is not part of the wire format.
 *
 * @param id            slug, {@code [a-z0-9][a-z0-9-]{0,62}}
 * @param category      group heading on the page; empty for "no group"
 * @param label         the service's name
 * @param description   what the service is; may be empty
 * @param position      sort key on the page (lower first)
 * @param status        current status
 * @param statusSummary a short reason for the current status; may be empty
 * @param statusSince   when the current status began
 * @param updatedAt     when anything about the service last changed
 */
@JsonPropertyOrder({"id", "category", "label", "description", "status", "statusSummary", "statusSince", "updatedAt"})
public record Service(
        String id,
        String category,
        LocalizedText label,
        LocalizedText description,
        @JsonIgnore int position,
        Status status,
        LocalizedText statusSummary,
        Instant statusSince,
        Instant updatedAt) {

    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    /** Longest category name. */
    public static final int MAX_CATEGORY = 64;

    /**
     * Checks the fields; null texts become empty.
     *
     * @throws ValidationException when the id or category is malformed
     * @throws NullPointerException naming a missing required field
     */
    public Service {
        checkId(id);
        category = category == null ? "" : category.strip();
        if (category.length() > MAX_CATEGORY) {
            throw new ValidationException("category", "is longer than " + MAX_CATEGORY + " characters");
        }
        Objects.requireNonNull(label, "label");
        description = description == null ? LocalizedText.EMPTY : description;
        Objects.requireNonNull(status, "status");
        statusSummary = statusSummary == null ? LocalizedText.EMPTY : statusSummary;
        Objects.requireNonNull(statusSince, "statusSince");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    static boolean isId(String id) {
        return ID.matcher(id).matches();
    }

    /**
     * Checks a service id.
     *
     * @param id the id to check
     * @return the id
     * @throws ValidationException when it is not a slug of 1 to 63 characters
     */
    public static String checkId(String id) {
        if (id == null || !ID.matcher(id).matches()) {
            throw new ValidationException("id", "'" + TextRules.abbreviate(id)
                    + "' is not a service id (lowercase letters, digits and '-', starting with a letter or digit, at most 63)");
        }
        return id;
    }
}
