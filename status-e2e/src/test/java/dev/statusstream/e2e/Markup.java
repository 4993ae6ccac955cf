package dev.statusstream.e2e;

/**
 * A canonical text form of a DOM subtree: one element per line with its sorted attributes, text with its
 * whitespace collapsed, whitespace-only text dropped. Two renderings of the same content compare equal
 * however their source was indented. Parts only the server computes are named, not compared: the day
 * durations and uptime share of a bar's cells (the script colours today's cell but does not recount).
 */
final class Markup {
    private static final String SCRIPT = """
            function canon(node, depth) {
              var pad = new Array(depth + 1).join("  ");
              if (node.nodeType === 3) {
                var s = node.nodeValue.replace(/\\s+/g, " ").trim();
                return s ? pad + JSON.stringify(s) + "\\n" : "";
              }
              if (node.nodeType !== 1) return "";
              if (node.classList.contains("tip-detail") || node.classList.contains("uptime-percent")) return "";
              var attrs = Array.prototype.map.call(node.attributes, function (a) { return a.name + "=" + JSON.stringify(a.value); })
                  .sort().join(" ");
              var out = pad + "<" + node.tagName.toLowerCase() + (attrs ? " " + attrs : "") + ">\\n";
              for (var i = 0; i < node.childNodes.length; i++) out += canon(node.childNodes[i], depth + 1);
              return out;
            }
            return canon(document.querySelector(arguments[0]), 0);
            """;

    private Markup() {
    }

    static String of(Browser browser, String css) {
        return (String) browser.js(SCRIPT, css);
    }
}
