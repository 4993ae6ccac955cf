package dev.statusstream.server.page;

import java.util.List;
import java.util.Map;

/** What the other page templates show, beside the front page's {@link PageView}. Immutable. */
public final class Pages {
    private Pages() {
    }

    /**
     * What every page's frame ({@code layout.jte}) shows.
     *
     * @param languages  every language the page speaks, tag to its own name ("日本語")
     * @param live       whether the page follows the stream (shows the connection indicator)
     * @param scriptData the script's settings as JSON
     * @param assets     the version of the static files, for their URLs ({@code status.js?v=...})
     * @param kept       query parameters a language link keeps ({@code kind=incident&}), each followed by {@code &}
     * @param subscribe  whether email subscription is on (the front page's form, a link to it in the footer)
     * @param look       the page's branding beyond its name
     */
    public record Frame(PageText text, String base, String title, String brand, Map<String, String> languages, boolean live,
            String scriptData, String assets, String kept, boolean subscribe, Look look) {
        /** The link to this same page in another language. */
        public String languageLink(String lang) {
            return "?" + kept + "lang=" + lang;
        }

        /** The URL of a static file, versioned. */
        public String asset(String file) {
            return base + "/static/" + file + "?v=" + assets;
        }
    }

    /**
     * The branding a page shows besides its name; each part null when not set.
     *
     * @param logo       the logo's URL, on our own origin
     * @param theme      the accent colour's style sheet URL, on our own origin
     * @param homeUrl    the owner's home page
     * @param supportUrl where readers get help
     */
    public record Look(String logo, String theme, String homeUrl, String supportUrl) {
    }

    /** {@code /incidents/{slug}}. */
    public record IncidentPage(Frame frame, Views.IncidentView incident) {
    }

    /**
     * {@code /history}.
     *
     * @param kind   the filter in force: {@code incident}, {@code maintenance} or empty for both
     * @param older  the link to the next (older) page; empty on the last page
     * @param first  whether this is the newest page
     */
    public record HistoryPage(Frame frame, List<Month> months, String kind, String older, boolean first) {
    }

    /** One month of the history, named in the reader's language. */
    public record Month(String name, List<Views.IncidentView> incidents) {
    }

    /**
     * A step of the email subscription: "check your mail", "confirm", "you are unsubscribed".
     *
     * @param action where the page's one button posts, or null for no button
     * @param button the button's words, or null
     */
    public record NoticePage(Frame frame, String title, String body, String action, String button) {
    }

    /** An error page (unknown incident, bad link, database down). */
    public record ErrorPage(Frame frame, int status, String message) {
    }
}
