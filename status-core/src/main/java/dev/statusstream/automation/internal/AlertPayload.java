package dev.statusstream.automation.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.statusstream.AlertReceipt;
import dev.statusstream.Service;
import dev.statusstream.Status;
import dev.statusstream.ValidationException;
import dev.statusstream.internal.Json;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads a webhook body in the shape Alertmanager (payload version 4) and Grafana's unified alerting
 * send: an object with an {@code alerts} array, each alert with {@code status} (firing or resolved),
 * {@code labels}, {@code annotations} and usually a {@code fingerprint}. Other fields are ignored, so
 * both tools' extra fields pass. Stateless, so thread-safe.
 */
final class AlertPayload {
    /** The label naming the service an alert is about. */
    static final String SERVICE_LABEL = "statusstream_service";
    static final int MAX_ALERTS = 1000;
    private static final int MAX_TEXT = 300;

    private AlertPayload() {
    }

    /** One alert about one service. */
    record Alert(String fingerprint, String serviceId, boolean firing, Status status, String name, String summary,
            String description) {
    }

    /** The alerts about services, and those left aside. */
    record Read(List<Alert> alerts, List<AlertReceipt.Ignored> ignored) {
    }

    static Read read(byte[] body) {
        JsonNode root;
        try {
            root = Json.mapper().readTree(body);
        } catch (JsonProcessingException e) {
            throw new ValidationException("body", "is not valid JSON: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw new ValidationException("body", "cannot be read");
        }
        if (root == null || !root.isObject()) {
            throw new ValidationException("body", "must be a JSON object with an alerts array");
        }
        JsonNode alerts = root.get("alerts");
        if (alerts == null || !alerts.isArray()) {
            throw new ValidationException("alerts", "is required: a list of alerts");
        }
        if (alerts.size() > MAX_ALERTS) {
            throw new ValidationException("alerts", "holds " + alerts.size() + " alerts; at most " + MAX_ALERTS + " at once");
        }
        List<Alert> read = new ArrayList<>();
        List<AlertReceipt.Ignored> ignored = new ArrayList<>();
        for (int i = 0; i < alerts.size(); i++) {
            JsonNode alert = alerts.get(i);
            String field = "alerts[" + i + "]";
            if (!alert.isObject()) {
                throw new ValidationException(field, "must be an object");
            }
            String status = text(alert.get("status"));
            if (!"firing".equals(status) && !"resolved".equals(status)) {
                throw new ValidationException(field + ".status", "must be firing or resolved, not " + alert.get("status"));
            }
            JsonNode labels = alert.get("labels");
            if (labels == null || !labels.isObject()) {
                throw new ValidationException(field + ".labels", "is required: an object of labels");
            }
            String name = bounded(text(labels.get("alertname")));
            String fingerprint = text(alert.get("fingerprint"));
            if (fingerprint == null || fingerprint.isBlank() || fingerprint.length() > 128) {
                fingerprint = fingerprint(labels);
            }
            String shown = name != null ? name : fingerprint;
            String service = text(labels.get(SERVICE_LABEL));
            if (service == null) {
                ignored.add(new AlertReceipt.Ignored(shown, "no " + SERVICE_LABEL + " label"));
                continue;
            }
            try {
                Service.checkId(service);
            } catch (ValidationException e) {
                ignored.add(new AlertReceipt.Ignored(shown, SERVICE_LABEL + " '" + bounded(service) + "' is not a service id"));
                continue;
            }
            String severity = text(labels.get("severity"));
            Status mapped = severity != null && (severity.toLowerCase(Locale.ROOT).equals("critical")
                    || severity.toLowerCase(Locale.ROOT).equals("page")) ? Status.OUTAGE : Status.DEGRADED;
            JsonNode annotations = alert.get("annotations");
            boolean annotated = annotations != null && annotations.isObject();
            String summary = annotated ? bounded(text(annotations.get("summary"))) : null;
            String description = annotated ? bounded(text(annotations.get("description"))) : null;
            read.add(new Alert(fingerprint, service, "firing".equals(status), mapped, name == null ? fingerprint : name,
                    summary == null || summary.isEmpty() ? null : summary, description == null || description.isEmpty() ? null : description));
        }
        return new Read(read, ignored);
    }

    private static String text(JsonNode node) {
        return node != null && node.isTextual() ? node.textValue() : null;
    }

    private static String bounded(String text) {
        if (text == null) {
            return null;
        }
        String line = text.strip().replaceAll("\\p{Cntrl}+", " ");
        return line.length() > MAX_TEXT ? line.substring(0, MAX_TEXT - 1) + "…" : line;
    }

    /** An alert without a fingerprint is named by its labels, as the tools do. */
    private static String fingerprint(JsonNode labels) {
        Map<String, String> sorted = new TreeMap<>();
        labels.fields().forEachRemaining(e -> sorted.put(e.getKey(), e.getValue().asText()));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(sorted.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
