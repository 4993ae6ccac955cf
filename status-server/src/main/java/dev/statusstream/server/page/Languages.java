package dev.statusstream.server.page;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** Picks the reader's language: {@code ?lang=}, then the {@code lang} cookie, then {@code Accept-Language}. */
public final class Languages {
    private Languages() {
    }

    /** The languages the reader asked for, best first, as lowercase primary tags (e.g. {@code ja}, {@code en}). */
    public static List<String> preferred(String query, String cookie, String acceptLanguage) {
        List<String> result = new ArrayList<>();
        add(result, query);
        add(result, cookie);
        if (acceptLanguage != null) {
            record Weighted(String tag, double q) {
            }
            List<Weighted> weighted = new ArrayList<>();
            for (String part : acceptLanguage.split(",")) {
                String[] pieces = part.strip().split(";");
                double q = 1.0;
                for (int i = 1; i < pieces.length; i++) {
                    String p = pieces[i].strip();
                    if (p.startsWith("q=")) {
                        try {
                            q = Double.parseDouble(p.substring(2));
                        } catch (NumberFormatException e) {
                            q = 0;
                        }
                    }
                }
                if (q > 0) {
                    weighted.add(new Weighted(pieces[0].strip(), q));
                }
            }
            weighted.stream().sorted(Comparator.comparingDouble(Weighted::q).reversed())
                    .forEach(w -> add(result, w.tag()));
        }
        return result;
    }

    /** The first of {@code preferred} we have messages for, else {@code fallback}. */
    public static String choose(List<String> preferred, Messages messages, String fallback) {
        for (String language : preferred) {
            if (messages.supports(language)) {
                return language;
            }
        }
        return messages.supports(fallback) ? fallback : "en";
    }

    private static void add(List<String> list, String tag) {
        if (tag == null || tag.isBlank() || tag.equals("*")) {
            return;
        }
        String primary = tag.strip().toLowerCase(Locale.ROOT).split("[-_]")[0];
        if (primary.matches("[a-z]{2,3}") && !list.contains(primary)) {
            list.add(primary);
        }
    }
}
