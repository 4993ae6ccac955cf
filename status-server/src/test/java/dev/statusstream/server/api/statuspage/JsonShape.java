package dev.statusstream.server.api.statuspage;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Compares a document with a fixture field by field: the same keys in every object, the same JSON
 * types, timestamps where the fixture has timestamps, and values from the documented sets. Returns
 * every difference, each with its JSON path.
 */
final class JsonShape {
    /** Fields Statuspage documents as possibly null ({@code string | null}). */
    static final Set<String> NULLABLE = Set.of("monitoring_at", "resolved_at", "description", "start_date", "group_id",
            "affected_components", "custom_tweet", "tweet_id");

    /** The documented value sets, by field name. */
    static final Map<String, Set<String>> VALUES = Map.of(
            "indicator", Set.of("none", "minor", "major", "critical"),
            "impact", Set.of("none", "minor", "major", "critical", "maintenance"),
            "old_status", ComponentStatus.ALL,
            "new_status", ComponentStatus.ALL);

    static final class ComponentStatus {
        static final Set<String> ALL = Set.of("operational", "degraded_performance", "partial_outage", "major_outage",
                "under_maintenance");
        static final Set<String> INCIDENT = Set.of("investigating", "identified", "monitoring", "resolved", "postmortem");
        static final Set<String> MAINTENANCE = Set.of("scheduled", "in_progress", "verifying", "completed");
    }

    private final List<String> problems = new ArrayList<>();

    private JsonShape() {
    }

    static List<String> differences(JsonNode fixture, JsonNode actual) {
        var shape = new JsonShape();
        shape.compare("$", "", fixture, actual);
        return shape.problems;
    }

    private void compare(String path, String field, JsonNode expected, JsonNode actual) {
        if (actual == null) {
            problems.add(path + ": missing");
            return;
        }
        if (actual.isNull()) {
            if (!expected.isNull() && !NULLABLE.contains(field)) {
                problems.add(path + ": null, but Statuspage documents a " + expected.getNodeType());
            }
            return;
        }
        if (expected.isNull()) {
            if (!NULLABLE.contains(field)) {
                problems.add(path + ": the fixture has null for a field not documented as nullable");
            }
            if (!field.equals("affected_components") && !actual.isTextual()) {
                problems.add(path + ": expected a string or null, got " + actual.getNodeType());
            }
            return;
        }
        if (expected.getNodeType() != actual.getNodeType()) {
            problems.add(path + ": expected " + expected.getNodeType() + ", got " + actual.getNodeType());
            return;
        }
        if (expected.isObject()) {
            Set<String> want = new TreeSet<>();
            expected.fieldNames().forEachRemaining(want::add);
            Set<String> have = new TreeSet<>();
            actual.fieldNames().forEachRemaining(have::add);
            if (!want.equals(have)) {
                problems.add(path + ": keys " + have + ", Statuspage has " + want);
            }
            for (String key : want) {
                if (have.contains(key)) {
                    compare(path + "." + key, key, expected.get(key), actual.get(key));
                }
            }
        } else if (expected.isArray()) {
            for (int i = 0; i < actual.size(); i++) {
                compareToAnyElement(path + "[" + i + "]", field, expected, actual.get(i));
            }
        } else if (expected.isTextual()) {
            checkText(path, field, expected.asText(), actual.asText());
        }
    }

    /** Arrays may hold objects of several documented shapes (a component and a component group). */
    private void compareToAnyElement(String path, String field, JsonNode expectedArray, JsonNode actual) {
        List<String> best = null;
        for (JsonNode candidate : expectedArray) {
            var attempt = new JsonShape();
            attempt.compare(path, field, candidate, actual);
            if (best == null || attempt.problems.size() < best.size()) {
                best = attempt.problems;
            }
        }
        if (best != null) {
            problems.addAll(best);
        }
    }

    private void checkText(String path, String field, String expected, String actual) {
        if (isTimestamp(expected) && !isTimestamp(actual)) {
            problems.add(path + ": '" + actual + "' is not an ISO-8601 timestamp");
        }
        Set<String> allowed = VALUES.get(field);
        if (field.equals("status")) {
            allowed = ComponentStatus.ALL.contains(expected) ? ComponentStatus.ALL
                    : ComponentStatus.INCIDENT.contains(expected) ? ComponentStatus.INCIDENT
                    : ComponentStatus.MAINTENANCE;
        }
        if (allowed != null && !allowed.contains(actual)) {
            problems.add(path + ": '" + actual + "' is not one of " + new TreeSet<>(allowed));
        }
    }

    static boolean isTimestamp(String text) {
        try {
            OffsetDateTime.parse(text);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }
}
