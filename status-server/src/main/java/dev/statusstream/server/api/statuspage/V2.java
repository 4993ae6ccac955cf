package dev.statusstream.server.api.statuspage;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.List;

/**
 * The documents of Statuspage's public v2 API, field for field (snake_case names, nulls written), so
 * that existing Statuspage clients read ours unchanged. Immutable records.
 */
final class V2 {
    private V2() {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Page(String id, String name, String url, String timeZone, Instant updatedAt) {
    }

    record PageStatus(String indicator, String description) {
    }

    /** A component, or a component group ({@code group} true, with its members' ids in {@code components}). */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Component(String id, String name, String status, Instant createdAt, Instant updatedAt, int position,
            String description, boolean showcase, String startDate, String groupId, String pageId, boolean group,
            boolean onlyShowIfDegraded, @JsonInclude(JsonInclude.Include.NON_NULL) List<String> components) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record AffectedComponent(String code, String name, String oldStatus, String newStatus) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Update(String id, String status, String body, String incidentId, Instant createdAt, Instant updatedAt,
            Instant displayAt, List<AffectedComponent> affectedComponents, boolean deliverNotifications,
            String customTweet, String tweetId) {
    }

    /**
     * An incident, or a scheduled maintenance (which alone has {@code scheduled_for} and {@code scheduled_until});
     * {@code postmortem_body}, {@code postmortem_published_at} and {@code postmortem_body_last_updated_at}
     * appear only on an incident with a postmortem, so the rest keep exactly the keys Statuspage documents.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Incident(String id, String name, String status, Instant createdAt, Instant updatedAt, Instant monitoringAt,
            Instant resolvedAt, String impact, String shortlink, Instant startedAt, String pageId,
            List<Update> incidentUpdates, List<Component> components,
            @JsonInclude(JsonInclude.Include.NON_NULL) Instant scheduledFor,
            @JsonInclude(JsonInclude.Include.NON_NULL) Instant scheduledUntil,
            @JsonInclude(JsonInclude.Include.NON_NULL) String postmortemBody,
            @JsonInclude(JsonInclude.Include.NON_NULL) Instant postmortemPublishedAt,
            @JsonInclude(JsonInclude.Include.NON_NULL) Instant postmortemBodyLastUpdatedAt) {
    }

    record StatusDocument(Page page, PageStatus status) {
    }

    record ComponentsDocument(Page page, List<Component> components) {
    }

    record IncidentsDocument(Page page, List<Incident> incidents) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record MaintenancesDocument(Page page, List<Incident> scheduledMaintenances) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Summary(Page page, List<Component> components, List<Incident> incidents, List<Incident> scheduledMaintenances,
            PageStatus status) {
    }

    /** The body Statuspage's webhooks send: {@code incident} for incidents and maintenance, else {@code component_update} and {@code component}. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record WebhookBody(WebhookMeta meta, WebhookPage page, @JsonInclude(JsonInclude.Include.NON_NULL) Incident incident,
            @JsonInclude(JsonInclude.Include.NON_NULL) ComponentUpdate componentUpdate,
            @JsonInclude(JsonInclude.Include.NON_NULL) Component component) {
    }

    record WebhookMeta(String unsubscribe, String documentation) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record WebhookPage(String id, String statusIndicator, String statusDescription) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record ComponentUpdate(String id, String componentId, String oldStatus, String newStatus, Instant createdAt) {
    }
}
