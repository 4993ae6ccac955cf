package dev.statusstream.internal;

import dev.statusstream.ValidationException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Attr;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXParseException;

/**
 * Makes an uploaded SVG logo harmless: parsed without a DTD or external entities, then only drawing
 * elements of the SVG namespace are kept (no {@code script}, {@code style}, {@code foreignObject},
 * {@code a}, animation), no event handler attribute, no reference to anything but the image itself
 * ({@code href="#id"}, {@code url(#id)}). What is left draws and does nothing else, wherever it is opened.
 * Stateless; thread-safe.
 */
public final class SvgSanitizer {
    private static final String SVG_NS = "http://www.w3.org/2000/svg";
    private static final String XLINK_NS = "http://www.w3.org/1999/xlink";
    private static final Set<String> ELEMENTS = Set.of("svg", "g", "defs", "symbol", "use", "path", "rect", "circle",
            "ellipse", "line", "polyline", "polygon", "text", "tspan", "title", "desc", "linearGradient", "radialGradient",
            "stop", "clipPath", "mask", "pattern");

    private static final java.util.regex.Pattern PLAIN_DOCTYPE = java.util.regex.Pattern.compile("<!DOCTYPE\\s+svg[^\\[<>]*>");

    private SvgSanitizer() {
    }

    /**
     * The drawing in {@code svg}, with everything active taken out.
     *
     * @param svg an SVG document's bytes
     * @return the cleaned document, UTF-8
     * @throws ValidationException naming {@code logo} when it is not an SVG document
     */
    public static byte[] sanitize(byte[] svg) {
        Document doc = parse(withoutPlainDoctype(svg));
        Element root = doc.getDocumentElement();
        if (!SVG_NS.equals(root.getNamespaceURI()) || !"svg".equals(root.getLocalName())) {
            throw new ValidationException("logo", "is not an SVG image (its root element must be <svg> in the SVG namespace)");
        }
        clean(root);
        return write(doc);
    }

    /**
     * Drawing programs often write {@code <!DOCTYPE svg PUBLIC "..." "...">}: a declaration without an
     * internal subset declares nothing we would read, so it is dropped. One with an internal subset
     * ({@code [...]}, where entities live) stays, and the parser refuses it.
     */
    private static byte[] withoutPlainDoctype(byte[] svg) {
        String text = new String(svg, java.nio.charset.StandardCharsets.UTF_8);
        String without = PLAIN_DOCTYPE.matcher(text).replaceFirst("");
        return without.length() == text.length() ? svg : without.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static Document parse(byte[] svg) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
            factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setXIncludeAware(false);
            factory.setExpandEntityReferences(false);
            DocumentBuilder builder = factory.newDocumentBuilder();
            builder.setErrorHandler(new ErrorHandler() {
                @Override
                public void warning(SAXParseException e) {
                }

                @Override
                public void error(SAXParseException e) throws SAXParseException {
                    throw e;
                }

                @Override
                public void fatalError(SAXParseException e) throws SAXParseException {
                    throw e;
                }
            });
            builder.setEntityResolver((publicId, systemId) -> {
                throw new SAXParseException("external entities are not allowed", null);
            });
            return builder.parse(new ByteArrayInputStream(svg));
        } catch (SAXParseException e) {
            throw new ValidationException("logo", "is not a well-formed SVG document: " + e.getMessage());
        } catch (Exception e) {
            throw new ValidationException("logo", "is not a readable SVG document: " + e.getMessage());
        }
    }

    private static void clean(Element element) {
        List<Attr> drop = new ArrayList<>();
        NamedNodeMap attributes = element.getAttributes();
        for (int i = 0; i < attributes.getLength(); i++) {
            Attr attr = (Attr) attributes.item(i);
            if (!allowed(attr)) {
                drop.add(attr);
            }
        }
        drop.forEach(element::removeAttributeNode);
        List<Node> remove = new ArrayList<>();
        for (Node child = element.getFirstChild(); child != null; child = child.getNextSibling()) {
            switch (child.getNodeType()) {
                case Node.ELEMENT_NODE -> {
                    if (SVG_NS.equals(child.getNamespaceURI()) && ELEMENTS.contains(child.getLocalName())) {
                        clean((Element) child);
                    } else {
                        remove.add(child);
                    }
                }
                case Node.TEXT_NODE -> {
                }
                default -> remove.add(child); // comments, processing instructions, CDATA, entity references
            }
        }
        remove.forEach(element::removeChild);
    }

    private static boolean allowed(Attr attr) {
        String ns = attr.getNamespaceURI();
        String name = attr.getLocalName() == null ? attr.getName() : attr.getLocalName();
        String value = attr.getValue().toLowerCase(Locale.ROOT).replaceAll("\\s", "");
        if (XMLConstants.XMLNS_ATTRIBUTE_NS_URI.equals(ns)) {
            return true;
        }
        if ("href".equals(name) && (ns == null || XLINK_NS.equals(ns))) {
            return value.startsWith("#");
        }
        if (ns != null && !XMLConstants.XML_NS_URI.equals(ns)) {
            return false;
        }
        if (name.toLowerCase(Locale.ROOT).startsWith("on")) {
            return false;
        }
        if (value.contains("javascript:") || value.contains("data:") || value.contains("@import")
                || value.contains("expression(") || value.contains("\\")) {
            return false;
        }
        // url(...) may only point inside the image
        for (int at = value.indexOf("url("); at >= 0; at = value.indexOf("url(", at + 4)) {
            String rest = value.substring(at + 4);
            if (!(rest.startsWith("#") || rest.startsWith("'#") || rest.startsWith("\"#"))) {
                return false;
            }
        }
        return true;
    }

    private static byte[] write(Document doc) {
        try {
            TransformerFactory factory = TransformerFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            Transformer transformer = factory.newTransformer();
            transformer.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
            transformer.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "no");
            var out = new ByteArrayOutputStream();
            transformer.transform(new DOMSource(doc), new StreamResult(out));
            return out.toByteArray();
        } catch (Exception e) {
            throw new IllegalStateException("writing a cleaned SVG", e);
        }
    }
}
