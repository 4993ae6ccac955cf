package dev.statusstream.server.api.feed;

import dev.statusstream.server.api.Markup;
import java.io.StringWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * Writes a feed as Atom (RFC 4287) or RSS 2.0 with the JDK's StAX writer, which escapes all text and
 * attributes; characters XML cannot carry at all are dropped first. Stateless.
 */
final class FeedWriter {
    private static final String ATOM = "http://www.w3.org/2005/Atom";
    private static final XMLOutputFactory XML = XMLOutputFactory.newFactory();

    /** What a feed says about itself, and its entries (newest change first); {@code logo} is an absolute URL or null. */
    record Feed(String title, String subtitle, String link, String self, String language, Instant updated,
            List<FeedEntry> entries, String logo) {
    }

    private FeedWriter() {
    }

    static String atom(Feed feed) {
        return write(xml -> {
            xml.writeStartElement("feed");
            xml.writeDefaultNamespace(ATOM);
            xml.writeAttribute("xml", "http://www.w3.org/XML/1998/namespace", "lang", feed.language());
            element(xml, "id", feed.self());
            element(xml, "title", feed.title());
            element(xml, "subtitle", feed.subtitle());
            link(xml, "alternate", "text/html", feed.link());
            link(xml, "self", "application/atom+xml", feed.self());
            element(xml, "updated", feed.updated().toString());
            if (feed.logo() != null) {
                element(xml, "logo", feed.logo());
            }
            xml.writeStartElement("author");
            element(xml, "name", feed.title());
            xml.writeEndElement();
            for (FeedEntry entry : feed.entries()) {
                xml.writeStartElement("entry");
                element(xml, "id", entry.id());
                element(xml, "title", entry.title());
                link(xml, "alternate", "text/html", entry.link());
                element(xml, "published", entry.published().toString());
                element(xml, "updated", entry.updated().toString());
                xml.writeStartElement("content");
                xml.writeAttribute("type", "html");
                xml.writeCharacters(Markup.clean(entry.html()));
                xml.writeEndElement();
                xml.writeEndElement();
            }
            xml.writeEndElement();
        });
    }

    static String rss(Feed feed) {
        return write(xml -> {
            xml.writeStartElement("rss");
            xml.writeAttribute("version", "2.0");
            xml.writeNamespace("atom", ATOM);
            xml.writeStartElement("channel");
            element(xml, "title", feed.title());
            element(xml, "link", feed.link());
            element(xml, "description", feed.subtitle());
            element(xml, "language", feed.language());
            element(xml, "lastBuildDate", rfc822(feed.updated()));
            if (feed.logo() != null) {
                xml.writeStartElement("image");
                element(xml, "url", feed.logo());
                element(xml, "title", feed.title());
                element(xml, "link", feed.link());
                xml.writeEndElement();
            }
            xml.writeEmptyElement("atom", "link", ATOM);
            xml.writeAttribute("href", Markup.clean(feed.self()));
            xml.writeAttribute("rel", "self");
            xml.writeAttribute("type", "application/rss+xml");
            for (FeedEntry entry : feed.entries()) {
                xml.writeStartElement("item");
                element(xml, "title", entry.title());
                element(xml, "link", entry.link());
                xml.writeStartElement("guid");
                xml.writeAttribute("isPermaLink", "false");
                xml.writeCharacters(entry.id());
                xml.writeEndElement();
                // RSS has one date per item: the last change, so readers notice updates
                element(xml, "pubDate", rfc822(entry.updated()));
                element(xml, "description", entry.html());
                xml.writeEndElement();
            }
            xml.writeEndElement();
            xml.writeEndElement();
        });
    }

    private interface Body {
        void write(XMLStreamWriter xml) throws XMLStreamException;
    }

    private static String write(Body body) {
        var out = new StringWriter(4096);
        try {
            XMLStreamWriter xml = XML.createXMLStreamWriter(out);
            xml.writeStartDocument("UTF-8", "1.0");
            body.write(xml);
            xml.writeEndDocument();
            xml.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot write a feed: " + e.getMessage(), e);
        }
        return out.toString();
    }

    private static void element(XMLStreamWriter xml, String name, String text) throws XMLStreamException {
        xml.writeStartElement(name);
        xml.writeCharacters(Markup.clean(text));
        xml.writeEndElement();
    }

    private static void link(XMLStreamWriter xml, String rel, String type, String href) throws XMLStreamException {
        xml.writeEmptyElement("link");
        xml.writeAttribute("rel", rel);
        xml.writeAttribute("type", type);
        xml.writeAttribute("href", Markup.clean(href));
    }

    private static String rfc822(Instant instant) {
        return DateTimeFormatter.RFC_1123_DATE_TIME.format(instant.atOffset(ZoneOffset.UTC));
    }
}
