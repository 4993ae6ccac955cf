package dev.statusstream;

/**
 * Changes to a service's description; a null field is left as it is.
 *
 * <p>Immutable and thread-safe.
 */
public record ServicePatch(LocalizedText label, String category, LocalizedText description, Integer position) {
    /** True when the patch changes nothing. */
    public boolean isEmpty() {
        return label == null && category == null && description == null && position == null;
    }
}
