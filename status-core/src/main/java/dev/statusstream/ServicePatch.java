package dev.statusstream;

/**
 * Changes to a service's description; a null field is left as it is.
 *
 * <p>Immutable and thread-safe.
 *
 * @param label       the new name, or null to keep it
 * @param category    the new group heading (empty for none), or null to keep it
 * @param description the new description, or null to keep it
 * @param position    the new sort key, or null to keep it
 */
public record ServicePatch(LocalizedText label, String category, LocalizedText description, Integer position) {
    /**
     * Checks the category's characters (an empty one removes it).
     *
     * @throws ValidationException naming {@code category}
     */
    public ServicePatch {
        if (category != null && !category.isBlank()) {
            TextRules.check("category", category);
        }
    }

    /**
     * Whether the patch changes nothing.
     *
     * @return true when every field is null
     */
    public boolean isEmpty() {
        return label == null && category == null && description == null && position == null;
    }
}
