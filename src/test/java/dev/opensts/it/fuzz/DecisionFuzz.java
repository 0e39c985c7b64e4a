package dev.opensts.it.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ContainerNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opensts.sigv4.HttpRequestView;
import dev.opensts.sigv4.SigV4Signer;
import dev.opensts.sigv4.SigningCredentials;
import dev.opensts.sigv4.SigningKeyCache;
import dev.opensts.sigv4.SigningOptions;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

import static dev.opensts.it.fuzz.Values.chance;
import static dev.opensts.it.fuzz.Values.pick;

/**
 * Requests to the decision endpoint: the JSON a resource service forwards for a client request to "s3" (signed
 * by root, a user, a session, or badly), then mutated: fields of the wrong type or missing, odd header lists,
 * paths and queries with bad escapes, base64 junk, context keys that are forbidden or malformed, huge arrays,
 * deep nesting, broken JSON text; sent with the bearer token, mostly.
 */
final class DecisionFuzz {
    private static final SigV4Signer SIGNER = new SigV4Signer(new SigningKeyCache(1000));
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RAW = "@@fuzz-raw-";

    private final Fixtures fx;
    private final URI server;
    private final String path;

    DecisionFuzz(Fixtures fx, URI authorize) {
        this.fx = fx;
        this.server = authorize;
        this.path = authorize.getRawPath();
    }

    FuzzCase build(int index, SplittableRandom r) {
        List<String> label = new ArrayList<>();
        ObjectNode in = forwarded(r, label);
        List<String> raws = new ArrayList<>();
        int n = QueryFuzz.mutationCount(r);
        List<String> muts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            mutate(r, in, raws, muts);
        }
        String text = in.toString();
        for (int i = 0; i < raws.size(); i++) {
            text = text.replace("\"" + RAW + i + "\"", raws.get(i));
        }
        byte[] body;
        if (chance(r, 10)) {
            muts.add("text");
            body = textual(r, text);
        } else {
            body = text.getBytes(StandardCharsets.UTF_8);
        }
        label.add(muts.isEmpty() ? "plain" : String.join(",", muts));

        List<Map.Entry<String, String>> headers = new ArrayList<>();
        String ct = chance(r, 90) ? "application/json" : pick(r, "text/plain", "", "application/json; charset=latin1",
                "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/xml", "*/*",
                "application/json\u00ff");
        if (chance(r, 97)) {
            headers.add(Map.entry("Content-Type", ct));
        }
        if (!ct.equals("application/json")) {
            label.add("ct=" + ct);
        }
        headers.add(bearer(r, fx.decisionToken(), fx.adminToken(), label));
        if (chance(r, 10)) {
            headers.add(Map.entry("Accept", pick(r, "application/xml", "text/html", "*/*", "application/json")));
        }
        String method = chance(r, 96) ? "POST" : pick(r, "GET", "PUT", "DELETE", "PATCH", "OPTIONS");
        String target = chance(r, 95) ? path : pick(r, path + "/", path + "?x=%ZZ", path + "?%", path + ";x",
                path.replace("authorize", "%61uthorize"), path.replace("/v1/", "/v1//"), path + "%00", path + "/..");
        if (!method.equals("POST") || !target.equals(path)) {
            label.add(method + " " + target);
        }
        boolean chunked = chance(r, 5);
        if (chunked) {
            label.add("chunked");
        }
        return new FuzzCase(index, "decision", String.join(" ", label),
                new RawHttp.Request(method, server, target, headers, method.equals("GET") && chance(r, 50)
                        ? new byte[0] : body, chunked));
    }

    /** The bearer token, mostly right. */
    static Map.Entry<String, String> bearer(SplittableRandom r, String token, String otherToken, List<String> label) {
        if (chance(r, 88)) {
            return Map.entry("Authorization", "Bearer " + token);
        }
        String[] odd = {"", "Bearer", "Bearer ", "bearer " + token, "Bearer  " + token + " ", "Bearer " + token + "x",
                "Bearer " + otherToken,
                "Basic " + Base64.getEncoder().encodeToString(token.getBytes(StandardCharsets.UTF_8)),
                "Bearer " + token + "\u00ff", "Bearer " + "x".repeat(10_000), token, "Bearer " + token.substring(1)};
        int i = r.nextInt(odd.length);
        label.add("bearer#" + i);
        return Map.entry("Authorization", odd[i]);
    }

    // ---------------------------------------------------------------- the skeleton

    private ObjectNode forwarded(SplittableRandom r, List<String> label) {
        String method = pick(r, "GET", "GET", "GET", "PUT", "PUT", "POST", "DELETE", "HEAD");
        String bucket = pick(r, "photos", "photos", "music", "b", "");
        StringBuilder key = new StringBuilder();
        int segments = r.nextInt(0, 4);
        for (int i = 0; i < segments; i++) {
            key.append(i == 0 ? "" : "/").append(pick(r, "a.jpg", "2024", "secret", "public", "cat%20one.jpg", "a+b",
                    "%FE", "%2F", "~x", "..", ".", "", "%C3%A9", "x".repeat(r.nextInt(1, 300)), "%00"));
        }
        String rawPath = "/" + bucket + (segments > 0 ? "/" + key : "");
        StringBuilder query = new StringBuilder();
        int qn = chance(r, 60) ? 0 : r.nextInt(1, 4);
        for (int i = 0; i < qn; i++) {
            query.append(i == 0 ? "" : "&").append(pick(r, "versionId=3", "prefix=public%2F", "prefix=private%2F",
                    "list-type=2", "max-keys=99999999999", "x=%FE", "a%20b=c", "acl", "uploads=",
                    "response-content-type=image%2Fjpeg",
                    "x=" + "y".repeat(r.nextInt(1, 2000))));
        }
        byte[] body = chance(r, 60) ? new byte[0] : new byte[pick(r, 1, 7, 1024, 10_000)];
        r.nextBytes(body);
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        headers.add(Map.entry("host", pick(r, "s3.local:9000", "s3.local:9000", "photos.s3.local", "")));
        if (chance(r, 20)) {
            headers.add(Map.entry("content-type", pick(r, "image/jpeg", "application/octet-stream", "")));
        }
        if (chance(r, 15)) {
            headers.add(Map.entry("User-Agent", pick(r, "aws-sdk-java/2", "", Values.name(r, 1, 500))));
        }
        if (chance(r, 10)) {
            headers.add(Map.entry("x-amz-meta-odd", pick(r, "  a   b  ", "\u00e9", "", "x".repeat(1000))));
        }
        HttpRequestView unsigned = new HttpRequestView(method, rawPath, query.toString(), headers, body);

        SigningCredentials creds;
        int who = r.nextInt(100);
        if (who < 40) {
            creds = fx.root();
            label.add("as=root");
        } else if (who < 65) {
            creds = fx.user();
            label.add("as=user");
        } else if (who < 80) {
            creds = fx.session();
            label.add("as=session");
        } else if (who < 90) {
            creds = new SigningCredentials(pick(r, "AKIA", "ASIA") + Values.name(r, 16, 16).toUpperCase(Locale.ROOT),
                    fx.root().secretAccessKey(), chance(r, 50) ? null : Values.oddText(r));
            label.add("as=unknown");
        } else {
            creds = new SigningCredentials(fx.user().accessKeyId(), "x".repeat(40), null);
            label.add("as=wrongSecret");
        }
        String service = chance(r, 85) ? "s3" : pick(r, "sqs", "s3express", "s3-outposts", "execute-api", "", "S3");
        String region = chance(r, 90) ? "us-east-1" : pick(r, "eu-west-3", "", "*");
        Instant time = chance(r, 92) ? Instant.now() : pick(r, Instant.now().minusSeconds(3600), Instant.EPOCH,
                Instant.now().plusSeconds(16 * 60));
        boolean presign = method.equals("GET") && chance(r, 25);
        HttpRequestView signed;
        try {
            signed = presign
                    ? SIGNER.presign(unsigned, creds, region, service, time, Duration.ofSeconds(pick(r, 300, 1, 604800)),
                    new SigningOptions(false, false, false))
                    : SIGNER.signWithHeaders(unsigned, creds, region, service, time,
                    new SigningOptions(false, chance(r, 50), false));
        } catch (RuntimeException e) {
            List<Map.Entry<String, String>> h = new ArrayList<>(headers);
            h.add(Map.entry("Authorization", "AWS4-HMAC-SHA256 Credential=" + creds.accessKeyId()
                    + "/20250101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=" + "0".repeat(64)));
            signed = new HttpRequestView(method, rawPath, query.toString(), h, body);
            label.add("signer-refused");
        }
        label.add(0, method + " " + service + (presign ? " presigned" : ""));

        ObjectNode req = JSON.createObjectNode();
        req.put("method", signed.method());
        req.put("path", signed.rawPath());
        req.put("query", signed.rawQuery());
        ArrayNode hs = req.putArray("headers");
        for (Map.Entry<String, String> h : signed.headers()) {
            hs.addArray().add(h.getKey()).add(h.getValue());
        }
        if (body.length > 0 || chance(r, 10)) {
            if (chance(r, 50)) {
                req.put("body", Base64.getEncoder().encodeToString(body));
            } else {
                req.put("bodySha256", sha256(body));
            }
        }
        ObjectNode in = JSON.createObjectNode();
        in.set("request", req);
        in.put("action", chance(r, 85) ? pick(r, "s3:GetObject", "s3:PutObject", "s3:ListBucket", "s3:DeleteObject")
                : pick(r, "sqs:SendMessage", "myservice:Thing", "*", "", "s3:*", "iam:CreateRole", "sts:AssumeRole",
                "s3", ":", "s3:GetObject\u0000", Values.oddText(r)));
        in.put("resource", chance(r, 70) ? "arn:aws:s3:::" + bucket + (segments > 0 ? "/" + key : "")
                : pick(r, "*", "arn:aws:s3:::", "arn:aws:sqs:us-east-1:000000000000:q",
                "arn:aws:sqs:us-east-1:111111111111:q",
                "arn:aws:s3:::photos/${aws:username}", "arn:aws:s3::000000000000:photos/x", Values.arn(r),
                "arn:aws:s3:::photos/" + "k".repeat(r.nextInt(1, 5000))));
        if (chance(r, 40)) {
            ObjectNode ctx = in.putObject("context");
            int k = r.nextInt(1, 5);
            for (int i = 0; i < k; i++) {
                ArrayNode values = ctx.putArray(contextKey(r));
                int vn = r.nextInt(0, 3);
                for (int j = 0; j < vn; j++) {
                    values.add(pick(r, "public/", "private/", "203.0.113.7", "::1", "999.1.1.1", "true", "false",
                            "000000000000", "111111111111", "us-east-1", "", Values.oddText(r), "1e400"));
                }
            }
        }
        in.put("service", service.isEmpty() && chance(r, 50) ? "s3" : service);
        if (chance(r, 70)) {
            in.put("region", region);
        }
        return in;
    }

    private static String contextKey(SplittableRandom r) {
        return pick(r, "s3:prefix", "aws:SourceIp", "aws:SecureTransport", "aws:Referer", "aws:RequestedRegion",
                "aws:ResourceAccount", "aws:TagKeys", "aws:RequestTag/team", "aws:ResourceTag/x", "aws:CalledVia",
                "aws:ViaAWSService", "myservice:Thing", "aws:username", "aws:PrincipalArn", "aws:CurrentTime",
                "aws:PrincipalTag/x", "", "aws:", "AWS:USERNAME", "s3:*", "aws:SourceVpc", "aws:userid",
                "aws:MultiFactorAuthPresent", Values.oddText(r));
    }

    // ---------------------------------------------------------------- mutations

    private static void mutate(SplittableRandom r, ObjectNode in, List<String> raws, List<String> muts) {
        ObjectNode req = in.get("request") instanceof ObjectNode o ? o : in.putObject("request");
        switch (r.nextInt(12)) {
            case 0, 1 -> {
                List<Slot> slots = new ArrayList<>();
                slots(in, slots);
                Slot s = pick(r, slots);
                s.set(raw(raws, Values.json(r, 1)));
                muts.add("type(" + s.name + ")");
            }
            case 2 -> {
                List<Slot> slots = new ArrayList<>();
                slots(in, slots);
                Slot s = pick(r, slots);
                s.remove();
                muts.add("drop(" + s.name + ")");
            }
            case 3 -> {
                String v = pick(r, "[]", "[[\"Host\"]]", "[[\"a\",\"b\",\"c\"]]", "[null]", "[[1,2]]", "\"string\"",
                        "{\"Host\":\"x\"}", "[[\"\",\"\"]]", "[[\"Host\\u0000\",\"x\"]]", "[[null,null]]",
                        "[[\"Authorization\",\"AWS4-HMAC-SHA256\"]]", "[[]]", "[[[\"x\"]]]", "[\"Host\",\"x\"]");
                if (chance(r, 30) && req.get("headers") instanceof ArrayNode hs) {
                    ArrayNode copy = hs.deepCopy();
                    copy.addAll(hs.deepCopy()); // every header twice, Authorization included
                    req.set("headers", copy);
                    muts.add("headers(twice)");
                } else {
                    req.put("headers", raw(raws, v));
                    muts.add("headers(" + v + ")");
                }
            }
            case 4 -> {
                String p = pick(r, "", "photos", "*", "/%ZZ", "/%E", "/a%", "/b/%FF", "/b/%EF%BF%BD", "//..//", "/./a/../b",
                        "/" + "a/".repeat(5000), "/\u0000", "/%00", "/b/a+b", "/b/a%20b", "/\u00e9", "/%2e%2e/x", "/ /",
                        "http://evil/x", "/?x=1#frag");
                req.put("path", p);
                muts.add("path");
            }
            case 5 -> {
                String q = pick(r, "%ZZ", "%E", "%", "a=%FF", "x=%EF%BF%BD", "a+b", "a%20b", "==&&=", "&",
                        "x=" + "%41".repeat(20_000),
                        "x=%25ZZ", "x=1&x=2&x=1", "\u00ff", "a=b=c", "?x=1", "X-Amz-Signature=00", "%00=%00");
                req.put("query", q);
                muts.add("query");
            }
            case 6 -> {
                if (chance(r, 50)) {
                    req.put("body", pick(r, "!!!", "====", "-_-_", "YWJj\nZGVm", " ", "YQ", "YQ=", "\u00e9", "",
                            Base64.getEncoder().encodeToString(new byte[pick(r, 600_000, 760_000)])));
                    muts.add("body");
                } else {
                    req.put("bodySha256", pick(r, "zz", "0".repeat(63), "F".repeat(64), "", "UNSIGNED-PAYLOAD",
                            "STREAMING-AWS4-HMAC-SHA256-PAYLOAD", "g".repeat(64), "0".repeat(100_000)));
                    if (chance(r, 30)) {
                        req.put("body", "YWJj");
                    }
                    muts.add("bodySha256");
                }
            }
            case 7 -> {
                String v = pick(r, "{\"aws:username\":[\"x\"]}", "{\"k\":\"not-a-list\"}", "{\"k\":[1,2]}",
                        "{\"k\":[null]}", "{\"k\":[[\"x\"]]}", "{\"\":[]}", "{\"aws:ResourceAccount\":[\"1\",\"2\"]}",
                        "{\"aws:ResourceAccount\":[\"111111111111\",\"000000000000\"]}", "{\"aws:ResourceAccount\":[]}",
                        "{\"aws:CurrentTime\":[\"2025-01-01T00:00:00Z\"]}", "{\"aws:SourceIp\":[\"999.0.0.1\"]}",
                        "{\"aws:RequestedRegion\":[\"\"]}", "[]", "\"ctx\"", "{\"k\":{\"a\":1}}", "{\"k\":null}",
                        "{\"aws:ResourceAccount\":[\"" + "1".repeat(5000) + "\"]}");
                in.put("context", raw(raws, v));
                muts.add("context");
            }
            case 8 -> {
                int size = pick(r, 1000, 10_000, 100_000);
                StringBuilder sb = new StringBuilder("[");
                String item = pick(r, "[\"x\",\"y\"]", "1", "\"a\"", "{}", "null");
                for (int i = 0; i < size; i++) {
                    sb.append(i == 0 ? "" : ",").append(item);
                }
                String where = pick(r, "headers", "context", "action");
                if (where.equals("headers")) {
                    req.put("headers", raw(raws, sb.append(']').toString()));
                } else if (where.equals("context")) {
                    in.put("context", raw(raws, "{\"k\":" + sb.append(']') + "}"));
                } else {
                    in.put("action", raw(raws, sb.append(']').toString()));
                }
                muts.add("huge(" + where + "," + size + ")");
            }
            case 9 -> {
                int depth = pick(r, 100, 1000, 1001, 5000, 100_000);
                String field = pick(r, "context", "resource", "headers", "extra");
                ObjectNode target = field.equals("headers") ? req : in;
                target.put(field, raw(raws, Values.deep(r, depth)));
                muts.add("deep(" + field + "," + depth + ")");
            }
            case 10 -> {
                String field = pick(r, "action", "resource", "service", "region", "method");
                String v = pick(r, "", " ", "\u0000", Values.oddText(r), "x".repeat(r.nextInt(1, 100_000)), Values.arn(r),
                        "arn:aws:s3:::", "S3", "s3 ", "get", "GET /x HTTP/1.1");
                (field.equals("method") ? req : in).put(field, v);
                muts.add("field(" + field + ")");
            }
            default -> {
                in.put(pick(r, "extra", "Action", "REQUEST", "decision", "principal", Values.oddText(r)),
                        raw(raws, Values.json(r, 2)));
                muts.add("unknownField");
            }
        }
    }

    /** A field or element that can be replaced or removed. */
    private record Slot(ContainerNode<?> parent, String field, int index, String name) {
        void set(String value) {
            if (parent instanceof ObjectNode o) {
                o.put(field, value);
            } else {
                ((ArrayNode) parent).set(index, value);
            }
        }

        void remove() {
            if (parent instanceof ObjectNode o) {
                o.remove(field);
            } else {
                ((ArrayNode) parent).remove(index);
            }
        }
    }

    private static void slots(JsonNode node, List<Slot> out) {
        if (node instanceof ObjectNode o) {
            List<String> names = new ArrayList<>();
            o.fieldNames().forEachRemaining(names::add);
            for (String f : names) {
                out.add(new Slot(o, f, -1, f));
                slots(o.get(f), out);
            }
        } else if (node instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                out.add(new Slot(a, null, i, "[" + i + "]"));
                slots(a.get(i), out);
            }
        }
    }

    private static String raw(List<String> raws, String json) {
        raws.add(json);
        return RAW + (raws.size() - 1);
    }

    /** The JSON text itself broken: cut, bad bytes, a BOM, trailing data, another document. */
    static byte[] textual(SplittableRandom r, String text) {
        if (chance(r, 40)) {
            return Values.broken(r, text).getBytes(StandardCharsets.UTF_8);
        }
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        return switch (r.nextInt(6)) {
            case 0 -> new byte[0];
            case 1 -> pick(r, "null", "[]", "\"s\"", "1", "{}", "true", "{\"request\":null}")
                    .getBytes(StandardCharsets.UTF_8);
            case 2 -> {
                int at = r.nextInt(utf8.length + 1);
                byte[] junk = pick(r, new byte[] {(byte) 0xff}, new byte[] {(byte) 0xc3, 0x28}, new byte[] {0},
                        new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80}, new byte[] {(byte) 0xf0, (byte) 0x9f});
                byte[] out = new byte[utf8.length + junk.length];
                System.arraycopy(utf8, 0, out, 0, at);
                System.arraycopy(junk, 0, out, at, junk.length);
                System.arraycopy(utf8, at, out, at + junk.length, utf8.length - at);
                yield out;
            }
            case 3 -> (text + text).getBytes(StandardCharsets.UTF_8);
            case 4 -> ("{\"action\":\"s3:DeleteObject\"," + text.substring(1)).getBytes(StandardCharsets.UTF_8);
            default -> text.getBytes(pick(r, StandardCharsets.UTF_16, StandardCharsets.UTF_16LE,
                    StandardCharsets.ISO_8859_1));
        };
    }

    static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
