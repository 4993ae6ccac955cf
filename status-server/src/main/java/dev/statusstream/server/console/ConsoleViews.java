package dev.statusstream.server.console;

import dev.statusstream.ApiToken;
import dev.statusstream.AuditEntry;
import dev.statusstream.Incident;
import dev.statusstream.IncidentState;
import dev.statusstream.Operator;
import dev.statusstream.Service;
import dev.statusstream.Status;
import gg.jte.Content;
import java.util.Arrays;
import java.util.List;

/** What the console's templates show. Immutable records; no logic beyond formatting. */
public final class ConsoleViews {
    private ConsoleViews() {
    }

    /**
     * Every console page's frame.
     *
     * @param section   which navigation entry is current ({@code overview}, {@code services}, ...)
     * @param csrf      the session's anti-forgery token, for every form
     * @param responder whether the operator may set statuses and run incidents
     * @param admin     whether the operator may do everything
     * @param version   the page's version shown, so the script knows when it changed; 0 on a page that answers a
     *                  form (reloading it would send the form again), where the script stays off
     */
    public record Frame(String title, String section, String operator, String role, String csrf, boolean responder,
            boolean admin, String assets, long version, String language) {
        public String asset(String file) {
            return "/static/" + file + "?v=" + assets;
        }

        /** The same frame on a page that answers a form: not reloaded when the page changes. */
        public Frame answering() {
            return new Frame(title, section, operator, role, csrf, responder, admin, assets, 0, language);
        }

        public String current(String name) {
            return section.equals(name) ? "page" : null;
        }
    }

    /** Every status a service can be set to, by wire name. */
    public static List<String> statuses() {
        return Arrays.stream(Status.values()).map(Status::wireName).toList();
    }

    /** The states an update to this incident may move it to (not the final one: that is resolving). */
    public static List<String> states(Incident incident) {
        return Arrays.stream(IncidentState.values()).filter(s -> s.kind() == incident.kind() && !s.isFinal())
                .map(IncidentState::wireName).toList();
    }

    public record Overview(Frame frame, List<Service> services, List<Incident> open, String statusLabel, String language) {
    }

    /** An incident with the public page's own rendering of it. */
    public record IncidentPage(Frame frame, Incident incident, Content preview, List<String> states, List<Service> services) {
        public boolean affects(String id) {
            return incident.affectedServiceIds().contains(id);
        }

        /** A text of the incident in the console's language, or empty. */
        public String text(dev.statusstream.LocalizedText text) {
            return text == null ? "" : text.resolve(List.of(frame.language()), frame.language());
        }
    }

    /** The new-incident form, filled in, with what the public page would show. */
    public record Draft(Frame frame, List<Service> services, String title, String impact, List<String> chosen, String body,
            Content preview) {
        public boolean chosen(String id) {
            return chosen.contains(id);
        }
    }

    /** @param controls who sets each service's status: {@code automatic} or {@code manual} (set by hand) */
    /** @param announced what an announcement just did, shown on the page that answers it, or null */
    public record Services(Frame frame, List<Service> services, java.util.Map<String, dev.statusstream.Control> controls,
            String announced) {
        public boolean manual(String id) {
            return controls.get(id) == dev.statusstream.Control.MANUAL;
        }
    }

    /** @param issued a link just made, shown this once, or null */
    public record Operators(Frame frame, List<Operator> operators, String issuedFor, String issued) {
    }

    /** @param issued a token just made, shown this once, or null */
    public record Tokens(Frame frame, List<ApiToken> tokens, String issuedName, String issued) {
    }

    public record Audit(Frame frame, List<AuditEntry> entries, Long next, String actor, String target) {
        public String nextLink() {
            StringBuilder link = new StringBuilder("/admin/audit?before=" + next);
            if (actor != null) {
                link.append("&actor=").append(java.net.URLEncoder.encode(actor, java.nio.charset.StandardCharsets.UTF_8));
            }
            if (target != null) {
                link.append("&target=").append(java.net.URLEncoder.encode(target, java.nio.charset.StandardCharsets.UTF_8));
            }
            return link.toString();
        }
    }

    public record SignInPage(String csrf, String error, String assets) {
        public String asset(String file) {
            return "/static/" + file + "?v=" + assets;
        }
    }

    public record WelcomePage(String operator, String secret, String csrf, String error, String assets) {
        public String asset(String file) {
            return "/static/" + file + "?v=" + assets;
        }
    }

    /** @param frame null when nobody is signed in */
    public record Problem(Frame frame, int status, String message, String assets) {
        public String asset(String file) {
            return "/static/" + file + "?v=" + assets;
        }
    }
}
