package dev.opensts.it.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What every answer must be. Failures: no complete answer within the timeout, a connection closed without
 * one, a 5xx, a status that is neither 2xx nor 4xx, and from "/" a 4xx that is not AWS's error document
 * (XML ErrorResponse/Error/{Type,Code,Message} and RequestId, or its JSON form) with the request id of
 * x-amzn-RequestId. Notes (counted, not failing): a 4xx of the JSON APIs without their {"code","message"} body,
 * and a request the HTTP layer itself refuses before any endpoint sees it (a request line over 16 KiB, headers
 * over 16 KiB, a raw byte a URI cannot carry, a control character in a header, an escape the HTTP layer cannot
 * decode, a declared body over 10 MiB): Vert.x answers those 400, 413, 414 or 431 with an empty body, and
 * offers no hook to answer otherwise (docs/security.md).
 */
final class Checks {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern XML_CODE = Pattern.compile("<Code>([^<]*)</Code>");
    private static final Pattern JSON_CODE = Pattern.compile("\"(?:code|Code)\"\\s*:\\s*\"([^\"]*)\"");
    private static final Pattern RID_IN_MESSAGE = Pattern.compile("Request id ([A-Za-z0-9-]+)");

    enum Kind { OK, NOTE, FAIL }

    record Verdict(Kind kind, String reason) {
        static final Verdict OK = new Verdict(Kind.OK, null);
    }

    private Checks() {
    }

    static Verdict check(FuzzCase c, RawHttp.Exchange x) {
        if (x.timedOut()) {
            return fail("hang: no complete answer within the timeout");
        }
        if (x.response() == null) {
            return fail("no answer: " + x.ioError());
        }
        RawHttp.Response resp = x.response();
        int status = resp.status();
        if (status >= 500) {
            return fail("5xx");
        }
        if (status < 200 || (status >= 300 && status < 400)) {
            return fail("unexpected status");
        }
        return switch (c.endpoint()) {
            case "query" -> status >= 400 ? (refusedByHttpLayer(resp) ? new Verdict(Kind.NOTE,
                    "refused by the HTTP layer: " + status + " with an empty body") : awsError(resp))
                    : requestId(resp);
            case "decision" -> status == 200 && isTheCall(c.request()) ? decision(resp)
                    : status >= 400 ? problem(resp) : Verdict.OK;
            default -> status >= 400 ? problem(resp) : Verdict.OK;
        };
    }

    /** Vert.x's own answer to a request it cannot parse or will not take: no request id, no body. */
    private static boolean refusedByHttpLayer(RawHttp.Response resp) {
        return Set.of(400, 413, 414, 431).contains(resp.status()) && resp.header("x-amzn-RequestId") == null
                && resp.body().length == 0;
    }

    /** A POST to the endpoint's own path (OPTIONS and the like answer 200 without a decision). */
    private static boolean isTheCall(RawHttp.Request r) {
        return r.method().equals("POST") && r.target().equals(r.server().getRawPath());
    }

    private static Verdict requestId(RawHttp.Response resp) {
        String rid = resp.header("x-amzn-RequestId");
        return rid == null || rid.isBlank() ? fail("2xx without x-amzn-RequestId") : Verdict.OK;
    }

    private static Verdict awsError(RawHttp.Response resp) {
        String rid = resp.header("x-amzn-RequestId");
        String ct = String.valueOf(resp.header("Content-Type"));
        if (rid == null || rid.isBlank()) {
            return fail("4xx without x-amzn-RequestId (Content-Type " + ct + ")");
        }
        try {
            if (ct.contains("json")) {
                JsonNode n = JSON.readTree(resp.body());
                if (n.at("/Error/Code").asText("").isBlank() || !n.at("/Error/Type").asText().equals("Sender")
                        || !n.path("RequestId").asText().equals(rid)) {
                    return fail("4xx JSON that is not AWS's error document");
                }
                return Verdict.OK;
            }
            if (ct.contains("xml")) {
                var f = DocumentBuilderFactory.newInstance();
                f.setNamespaceAware(true);
                f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
                Document d = f.newDocumentBuilder().parse(new ByteArrayInputStream(resp.body()));
                Element root = d.getDocumentElement();
                if (!"ErrorResponse".equals(root.getLocalName()) || root.getElementsByTagName("Error").getLength() != 1
                        || text(root, "Code").isBlank() || !text(root, "Type").equals("Sender")
                        || !text(root, "RequestId").equals(rid)) {
                    return fail("4xx XML that is not AWS's error document");
                }
                return Verdict.OK;
            }
            return fail("4xx with Content-Type " + ct + ", not AWS's error document");
        } catch (Exception e) {
            return fail("4xx body does not parse as its Content-Type " + ct);
        }
    }

    private static Verdict decision(RawHttp.Response resp) {
        try {
            String d = JSON.readTree(resp.body()).path("decision").asText();
            return Set.of("Allow", "Deny").contains(d) ? Verdict.OK : fail("200 without a decision");
        } catch (Exception e) {
            return fail("200 that is not JSON");
        }
    }

    private static Verdict problem(RawHttp.Response resp) {
        try {
            JsonNode n = JSON.readTree(resp.body());
            if (n != null && !n.path("code").asText("").isBlank()) {
                return Verdict.OK;
            }
        } catch (Exception e) {
            // falls through to the note
        }
        return new Verdict(Kind.NOTE, resp.status() + " without a {\"code\",\"message\"} body (Content-Type "
                + resp.header("Content-Type") + ")");
    }

    private static String text(Element root, String tag) {
        var nodes = root.getElementsByTagName(tag);
        return nodes.getLength() == 0 ? "" : nodes.item(0).getTextContent();
    }

    private static Verdict fail(String reason) {
        return new Verdict(Kind.FAIL, reason);
    }

    /** AWS's or the JSON APIs' error code in a body, or "". */
    static String errorCode(RawHttp.Response resp) {
        if (resp == null) {
            return "";
        }
        String body = resp.text();
        Matcher m = XML_CODE.matcher(body);
        if (m.find()) {
            return m.group(1);
        }
        m = JSON_CODE.matcher(body);
        return m.find() ? m.group(1) : "";
    }

    /** The request id the service logged the failure under: the header, or the one in a 500's message. */
    static String requestId(RawHttp.Exchange x) {
        if (x.response() == null) {
            return null;
        }
        String rid = x.response().header("x-amzn-RequestId");
        if (rid != null && !rid.isBlank()) {
            return rid;
        }
        Matcher m = RID_IN_MESSAGE.matcher(x.response().text());
        return m.find() ? m.group(1) : null;
    }
}
