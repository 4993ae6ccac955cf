package dev.statusstream;

import java.util.List;

/**
 * Changes the page's branding: {@code PATCH /branding} with any of {@code name}, {@code accentColor},
 * {@code logo} (a {@code data:} URL of an SVG or PNG image), {@code homeUrl} and {@code supportUrl};
 * JSON null removes one. It is a change of the page: every page and feed shows it at the new version.
 *
 * <p>Immutable and thread-safe.
 *
 * @param name        a new page name, null to keep it, empty to remove it
 * @param accentColor a new accent colour ({@code #rgb} or {@code #rrggbb}), null to keep it, empty to remove it
 * @param logo        a new logo, or null to keep the current one
 * @param removeLogo  whether to remove the logo (then {@code logo} must be null)
 * @param homeUrl     a new home page link, null to keep it, empty to remove it
 * @param supportUrl  a new support link, null to keep it, empty to remove it
 */
public record SetBranding(String name, String accentColor, LogoImage logo, boolean removeLogo, String homeUrl,
        String supportUrl) implements Operation<Branding> {
    static final OperationType<Branding> TYPE = OperationType.withBody("setBranding", "PATCH", "/branding",
            List.of("name", "accentColor", "logo", "homeUrl", "supportUrl"), true, 200, "branding", SetBranding::read)
            .replying(OperationReplies.as(Branding.class, "branding"));

    /**
     * Checks the values that are given and that something changes.
     *
     * @throws ValidationException naming the bad field
     */
    public SetBranding {
        if (name == null && accentColor == null && logo == null && !removeLogo && homeUrl == null && supportUrl == null) {
            throw new ValidationException("body", "names no field to change (name, accentColor, logo, homeUrl, supportUrl)");
        }
        if (logo != null && removeLogo) {
            throw new ValidationException("logo", "cannot be both set and removed");
        }
        // the values alone, as they would be stored
        new Branding(name, accentColor, null, homeUrl, supportUrl);
    }

    /**
     * The branding after this change.
     *
     * @param current the branding before
     * @param newLogo the stored logo when {@link #logo()} is given, else null
     * @return the new branding
     */
    public Branding applyTo(Branding current, Branding.Logo newLogo) {
        return new Branding(name != null ? name : current.name(), accentColor != null ? accentColor : current.accentColor(),
                removeLogo ? null : newLogo != null ? newLogo : current.logo(),
                homeUrl != null ? homeUrl : current.homeUrl(), supportUrl != null ? supportUrl : current.supportUrl());
    }

    private static SetBranding read(OperationJson.Reader body) {
        String logo = body.string("logo");
        return new SetBranding(orRemove(body, "name"), orRemove(body, "accentColor"),
                logo == null ? null : LogoImage.fromDataUrl(logo), body.isNull("logo"), orRemove(body, "homeUrl"),
                orRemove(body, "supportUrl"));
    }

    private static String orRemove(OperationJson.Reader body, String field) {
        return body.isNull(field) ? "" : body.string(field);
    }

    @Override
    public OperationType<Branding> type() {
        return TYPE;
    }

    @Override
    public String toJson() {
        var writer = new OperationJson.Writer().putOrRemove("name", name).putOrRemove("accentColor", accentColor);
        if (removeLogo) {
            writer.remove("logo");
        } else if (logo != null) {
            writer.put("logo", logo.toDataUrl());
        }
        return writer.putOrRemove("homeUrl", homeUrl).putOrRemove("supportUrl", supportUrl).toString();
    }
}
