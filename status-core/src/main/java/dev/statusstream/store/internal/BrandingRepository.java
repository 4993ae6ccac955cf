package dev.statusstream.store.internal;

import dev.statusstream.Branding;
import dev.statusstream.LogoImage;
import dev.statusstream.SetBranding;
import dev.statusstream.ChangeType;
import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * The page's branding (one row) and its logo images (by SHA-256). Logos no longer shown are deleted
 * when the branding changes. Stateless; every method runs on the caller's handle.
 */
public final class BrandingRepository {

    public Branding current(Handle h) {
        return h.createQuery("""
                select b.*, l.content_type from statusstream_branding b
                left join statusstream_logos l on l.sha256 = b.logo_sha256""")
                .map((rs, ctx) -> new Branding(rs.getString("name"), rs.getString("accent_color"),
                        rs.getString("logo_sha256") == null ? null
                                : new Branding.Logo(rs.getString("logo_sha256"), rs.getString("content_type")),
                        rs.getString("home_url"), rs.getString("support_url")))
                .findOne().orElse(Branding.NONE);
    }

    public Optional<LogoImage> logo(Handle h, String sha256) {
        return h.createQuery("select content_type, bytes from statusstream_logos where sha256 = :sha")
                .bind("sha", sha256)
                .map((rs, ctx) -> new LogoImage(rs.getString("content_type"), rs.getBytes("bytes")))
                .findOne();
    }

    /** Applies {@code change}: stores its logo (if new), the branding, and deletes logos no longer used. */
    public Written<Branding> set(WriteTx tx, SetBranding change) {
        Handle h = tx.handle();
        Branding.Logo logo = null;
        if (change.logo() != null) {
            LogoImage image = change.logo();
            logo = new Branding.Logo(image.sha256(), image.contentType());
            h.createUpdate("""
                    insert into statusstream_logos (sha256, content_type, bytes, created_at) values (:sha, :type, :bytes, :now)
                    on conflict (sha256) do nothing""")
                    .bind("sha", logo.sha256()).bind("type", logo.contentType()).bind("bytes", image.bytes())
                    .bind("now", tx.now()).execute();
        }
        Branding branding = change.applyTo(current(h), logo);
        save(h, branding, tx.now());
        h.createUpdate("""
                delete from statusstream_logos where sha256 not in
                    (select logo_sha256 from statusstream_branding where logo_sha256 is not null)""").execute();
        return new Written<>(branding, ChangeType.PAGE_BRANDING, "branding", branding);
    }

    private static void save(Handle h, Branding b, Instant now) {
        h.createUpdate("""
                insert into statusstream_branding (singleton, name, accent_color, logo_sha256, home_url, support_url, updated_at)
                values (true, :name, :accent, :logo, :home, :support, :now)
                on conflict (singleton) do update set name = excluded.name, accent_color = excluded.accent_color,
                    logo_sha256 = excluded.logo_sha256, home_url = excluded.home_url, support_url = excluded.support_url,
                    updated_at = excluded.updated_at""")
                .bind("name", b.name()).bind("accent", b.accentColor())
                .bind("logo", b.logo() == null ? null : b.logo().sha256())
                .bind("home", b.homeUrl()).bind("support", b.supportUrl()).bind("now", now)
                .execute();
    }
}
