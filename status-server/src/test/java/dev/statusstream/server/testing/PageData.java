package dev.statusstream.server.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.statusstream.internal.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The data a rendered page hands its script in {@code <body data-page="...">}, parsed as the browser would. */
public final class PageData {
    private static final Pattern ATTRIBUTE = Pattern.compile("data-page=\"([^\"]*)\"");

    private PageData() {
    }

    public static JsonNode of(String html) {
        Matcher m = ATTRIBUTE.matcher(html);
        if (!m.find()) {
            throw new AssertionError("no data-page attribute in the page");
        }
        String json = m.group(1).replace("&#34;", "\"").replace("&quot;", "\"").replace("&#39;", "'")
                .replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
        try {
            return Json.mapper().readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
