package dev.statusstream;

/**
 * A service to add. Starts {@code operational}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param id          slug, see {@link Service#checkId(String)}
 * @param label       the name shown on the page (required)
 * @param category    group heading; null or empty for none
 * @param description may be null
 * @param position    sort key; null puts the service last
 */
public record NewService(String id, LocalizedText label, String category, LocalizedText description, Integer position) {
    /**
     * Checks the id, the label and the category's characters (no control characters but tab and line
     * breaks, no lone surrogates); a null description becomes empty.
     *
     * @throws ValidationException naming the bad field
     */
    public NewService {
        Service.checkId(id);
        if (label == null) {
            throw new ValidationException("label", "is required");
        }
        description = description == null ? LocalizedText.EMPTY : description;
        if (category != null && !category.isBlank()) {
            TextRules.check("category", category);
        }
    }

    /**
     * A service with only an id and a label.
     *
     * @param id    the slug
     * @param label the name shown on the page
     * @return the service to add
     */
    public static NewService of(String id, LocalizedText label) {
        return new NewService(id, label, null, null, null);
    }
}
