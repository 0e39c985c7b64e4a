package dev.opensts.it.fuzz;

import dev.opensts.it.fuzz.ApiModels.Param;
import dev.opensts.it.fuzz.ApiModels.Service;
import dev.opensts.sigv4.HttpRequestView;
import dev.opensts.sigv4.SigV4Signer;
import dev.opensts.sigv4.SigningCredentials;
import dev.opensts.sigv4.SigningKeyCache;
import dev.opensts.sigv4.SigningOptions;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

import static dev.opensts.it.fuzz.Values.chance;
import static dev.opensts.it.fuzz.Values.pick;

/**
 * Requests to the Query endpoint "/": an operation of the IAM or STS model with its input members, mutated at
 * the level of values (overflowing numbers, odd text, documents), of the form (duplicated parameters, huge list
 * indexes, deep member paths, bad escapes, raw bytes, '+' for space) and of HTTP (GET or POST, Content-Type,
 * Accept, chunked, sizes around the 256 KiB limit), sent unsigned, badly signed or validly signed.
 */
final class QueryFuzz {
    static final int MAX_BODY = 256 * 1024;
    private static final SigV4Signer SIGNER = new SigV4Signer(new SigningKeyCache(1000));
    private static final String FORM = "application/x-www-form-urlencoded; charset=utf-8";

    private final ApiModels models;
    private final List<String> servedIam;
    private final List<String> servedSts;
    private final Fixtures fx;
    private final URI server;

    QueryFuzz(ApiModels models, List<String> servedIam, List<String> servedSts, Fixtures fx, URI server) {
        this.models = models;
        this.servedIam = servedIam;
        this.servedSts = servedSts;
        this.fx = fx;
        this.server = server;
    }

    FuzzCase build(int index, SplittableRandom r) {
        List<String> label = new ArrayList<>();
        Service s = chance(r, 70) ? models.iam : models.sts;
        List<String> served = s == models.iam ? servedIam : servedSts;
        String op = chance(r, 88) && !served.isEmpty() ? pick(r, served) : pick(r, s.operations());
        label.add(s.signingName() + ":" + op);

        List<Param> params = new ArrayList<>();
        params.add(new Param("Action", op));
        params.add(new Param("Version", s.version()));
        params.addAll(ApiModels.input(r, s, op));

        List<String> muts = new ArrayList<>();
        int n = mutationCount(r);
        List<String> pieces = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            mutateParams(r, params, muts);
        }
        boolean plus = r.nextBoolean();
        for (Param p : params) {
            pieces.add(encode(p.key(), plus) + (p.value() == null ? "" : "=" + encode(p.value(), plus)));
        }
        for (int i = 0; i < n; i++) {
            if (chance(r, 40)) {
                mutateEncoded(r, pieces, muts);
            }
        }
        String separator = chance(r, 97) ? "&" : pick(r, "&&", ";", "&amp;", "& ");
        String form = String.join(separator, pieces);
        if (chance(r, 3)) {
            form = pick(r, "&", "&&", "=") + form + pick(r, "", "&", "=");
        }
        if (chance(r, 3)) {
            int target = pick(r, MAX_BODY - 1, MAX_BODY, MAX_BODY + 1, 300_000, 1_100_000, 2_100_000);
            int pad = target - form.length() - 5;
            if (pad > 0) {
                form = form + "&Pad=" + "x".repeat(pad);
                muts.add("size" + target);
            }
        }
        label.add(muts.isEmpty() ? "plain" : String.join(",", muts));

        String method;
        String query;
        String body;
        switch (r.nextInt(20)) {
            case 0, 1, 2, 3, 4, 5 -> {
                method = "GET";
                query = form;
                body = "";
            }
            case 6 -> {
                method = "POST";
                query = form;
                body = "";
            }
            case 7 -> {
                int cut = form.indexOf('&', r.nextInt(form.length() + 1));
                method = "POST";
                query = cut < 0 ? form : form.substring(0, cut);
                body = cut < 0 ? "" : form.substring(cut + 1);
            }
            default -> {
                method = "POST";
                query = "";
                body = form;
            }
        }
        label.add(0, method + (query.isEmpty() ? "" : "?") + (body.isEmpty() ? "" : "+body"));

        List<Map.Entry<String, String>> headers = new ArrayList<>();
        headers.add(Map.entry("Host", fx.host()));
        if (method.equals("POST") && (!body.isEmpty() || chance(r, 30))) {
            String ct = chance(r, 85) ? pick(r, FORM, FORM, "application/x-www-form-urlencoded")
                    : pick(r, "application/x-www-form-urlencodedjunk", "text/plain", "application/json",
                    "multipart/form-data; boundary=xyz", "", "application/x-www-form-urlencoded; charset=iso-8859-1",
                    "APPLICATION/X-WWW-FORM-URLENCODED", "application/x-www-form-urlencoded;;;;", "*/*",
                    "application/x-www-form-urlencoded; charset=\"utf-8\"; q=\u00ff", "application/xml",
                    "application/x-www-form-urlencoded, text/plain");
            if (!ct.equals(FORM)) {
                label.add("ct=" + ct);
            }
            headers.add(Map.entry("Content-Type", ct));
        }
        if (chance(r, 30)) {
            String accept = chance(r, 50) ? "application/json" : pick(r, "text/html", "*/*", "application/xml",
                    "application/json;q=0", "text/xml, application/json", "", "\u00ff", "application/JSON");
            headers.add(Map.entry("Accept", accept));
            label.add("accept=" + accept);
        }
        if (chance(r, 6)) {
            Map.Entry<String, String> extra = pick(r, Map.entry("User-Agent", Values.name(r, 0, 3000)),
                    Map.entry("X-Forwarded-For", "999.1.1.1, ::1, junk"), Map.entry("Content-Encoding", "gzip"),
                    Map.entry("X-Amz-Target", "AWSSecurityTokenServiceV20110615.AssumeRole"),
                    Map.entry("x-amz-content-sha256", "UNSIGNED-PAYLOAD"), Map.entry("Expect", "100-continue"),
                    Map.entry("Accept-Charset", "iso-8859-1"), Map.entry("X-Odd", "\u00ff\u00fe\u0001"));
            headers.add(extra);
            label.add("header=" + extra.getKey());
        }
        boolean chunked = method.equals("POST") && !body.isEmpty() && chance(r, 6);
        if (chunked) {
            label.add("chunked");
        }
        HttpRequestView view = new HttpRequestView(method, "/", query, headers, latin1(body));
        HttpRequestView sent = authenticate(r, view, s.signingName(), label);
        return new FuzzCase(index, "query", String.join(" ", label), new RawHttp.Request(sent.method(), server,
                sent.rawPath() + (sent.rawQuery().isEmpty() ? "" : "?" + sent.rawQuery()), sent.headers(),
                sent.body(), chunked));
    }

    static int mutationCount(SplittableRandom r) {
        int p = r.nextInt(100);
        return p < 30 ? 0 : p < 65 ? 1 : p < 85 ? 2 : r.nextInt(3, 7);
    }

    private static void mutateParams(SplittableRandom r, List<Param> params, List<String> muts) {
        if (params.isEmpty()) {
            params.add(new Param(Values.oddText(r), Values.anything(r)));
            muts.add("junkKey");
            return;
        }
        int i = params.size() <= 2 || chance(r, 8) ? r.nextInt(params.size()) : r.nextInt(2, params.size());
        Param p = params.get(i);
        switch (r.nextInt(11)) {
            case 0, 1, 2 -> {
                params.set(i, new Param(p.key(), Values.anything(r)));
                muts.add("value(" + shortKey(p.key()) + ")");
            }
            case 3 -> {
                int at = r.nextInt(params.size() + 1);
                String v = chance(r, 50) ? p.value() : Values.anything(r);
                params.add(at, new Param(p.key(), v));
                muts.add("dup(" + shortKey(p.key()) + ")");
            }
            case 4 -> {
                String idx = pick(r, "99999999", "0", "-1", "2147483648", "99999999999999999999", "001", "1e3", " 1",
                        "", "1.5", "4294967297", "1001", "\u0661");
                int at = indexOfListKey(params);
                if (at < 0) {
                    params.add(new Param("Tags.member." + idx + ".Key", "k"));
                } else {
                    Param l = params.get(at);
                    params.set(at, new Param(l.key().replaceFirst("\\.(member|entry)\\.\\d+", ".$1." + idx), l.value()));
                }
                muts.add("index(" + idx + ")");
            }
            case 5 -> {
                int depth = pick(r, 10, 100, 1000, 5000);
                String step = pick(r, ".member.1", ".Sub", ".a", ".entry.1.key", ".", ".member.1.Key");
                String base = p.key().contains(".") ? p.key().substring(0, p.key().indexOf('.')) : p.key();
                params.add(new Param(base + step.repeat(depth), "x"));
                muts.add("deep(" + depth + step + ")");
            }
            case 6 -> {
                params.add(new Param(pick(r, "", "=", Values.oddText(r), "Action.member.1", "X-Amz-Signature",
                        "x".repeat(r.nextInt(1, 100_000)), "Tags.member.1"), chance(r, 20) ? null : Values.anything(r)));
                muts.add("junkKey");
            }
            case 7 -> {
                params.remove(i);
                muts.add("drop(" + shortKey(p.key()) + ")");
            }
            case 8 -> {
                int which = r.nextInt(Math.min(2, params.size()));
                String v = params.get(which).value() == null ? "" : params.get(which).value();
                params.set(which, new Param(params.get(which).key(), pick(r, v.toLowerCase(Locale.ROOT),
                        v.toUpperCase(Locale.ROOT), " " + v, v + " ", v + "\u0000", v + "\n", "", Values.oddText(r),
                        v.repeat(100))));
                muts.add("mangle(" + params.get(which).key() + ")");
            }
            case 9 -> {
                int doc = -1;
                for (int k = 0; k < params.size(); k++) {
                    if (params.get(k).key().endsWith("Document") || params.get(k).key().equals("Policy")) {
                        doc = k;
                    }
                }
                String key = doc < 0 ? "PolicyDocument" : params.get(doc).key();
                Param np = new Param(key, Values.policy(r));
                if (doc < 0) {
                    params.add(np);
                } else {
                    params.set(doc, np);
                }
                muts.add("doc(" + shortKey(key) + ")");
            }
            default -> {
                params.set(i, new Param(p.key(), pick(r, Values.integer(r), Values.timestamp(r), Values.arn(r))));
                muts.add("scalar(" + shortKey(p.key()) + ")");
            }
        }
    }

    private static final String[] ESCAPES = {"%", "%Z", "%ZZ", "%E", "%2", "%C3%28", "%FF", "%FE%FF", "%ED%A0%80",
            "%F4%90%80%80", "%C0%80", "%00", "%E2%80%AE", "+", "%2B", "%%", "%u0041", "%0", "%E2%82", "%F0%9F%98"};
    private static final String[] RAW = {"\u00ff", "\u00c3\u0028", "\u0080", "\u00ed\u00a0\u0080", "\u00f0\u009f\u0098",
            "\u00c0\u0080", "\u00fe"};
    private static final String[] RAW_FORM_ONLY = {"\u0000", "\u0001", "\u001f", "\u007f", " ", "\t", "\r\n"};

    private static void mutateEncoded(SplittableRandom r, List<String> pieces, List<String> muts) {
        if (pieces.isEmpty()) {
            pieces.add("");
        }
        int i = r.nextInt(pieces.size());
        String p = pieces.get(i);
        int eq = p.indexOf('=');
        int at = eq < 0 || chance(r, 20) ? r.nextInt(p.length() + 1) : r.nextInt(eq + 1, p.length() + 1);
        String junk;
        switch (r.nextInt(3)) {
            case 0 -> {
                junk = pick(r, ESCAPES);
                muts.add("escape(" + junk + ")");
            }
            case 1 -> {
                junk = pick(r, RAW);
                muts.add("raw");
            }
            default -> {
                // bytes that break an HTTP request line go into the value only (they stay in a body)
                junk = pick(r, RAW_FORM_ONLY);
                muts.add("ctl");
            }
        }
        pieces.set(i, p.substring(0, at) + junk + p.substring(at));
    }

    /** Control characters and spaces are only kept raw in a body: in a request line they would end it. */
    private static String forRequestLine(String q) {
        StringBuilder sb = new StringBuilder(q.length());
        for (int i = 0; i < q.length(); i++) {
            char c = q.charAt(i);
            if (c <= 0x20 || c == 0x7f) {
                sb.append('%').append(String.format("%02X", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private HttpRequestView authenticate(SplittableRandom r, HttpRequestView v, String service, List<String> label) {
        v = new HttpRequestView(v.method(), v.rawPath(), forRequestLine(v.rawQuery()), v.headers(), v.body());
        int p = r.nextInt(100);
        Instant now = Instant.now();
        boolean presign = v.method().equals("GET") && chance(r, 50);
        try {
            if (p < 12) {
                label.add("auth=none");
                return v;
            }
            if (p < 55) {
                label.add("auth=root" + (presign ? "/presigned" : ""));
                return sign(v, fx.root(), "us-east-1", service, now, presign);
            }
            if (p < 67) {
                label.add("auth=user" + (presign ? "/presigned" : ""));
                return sign(v, fx.user(), "us-east-1", service, now, presign);
            }
            if (p < 77) {
                label.add("auth=session" + (presign ? "/presigned" : ""));
                return sign(v, fx.session(), "us-east-1", service, now, presign);
            }
            return badlySigned(r, v, service, now, presign, label);
        } catch (RuntimeException e) {
            // the signer refused what the fuzzer made of the request: send it with a signature of something else
            label.add("signer-refused");
            return withHeader(v, "Authorization", "AWS4-HMAC-SHA256 Credential=" + fx.root().accessKeyId()
                    + "/20250101/us-east-1/" + service + "/aws4_request, SignedHeaders=host, Signature=" + "0".repeat(64));
        }
    }

    private static HttpRequestView sign(HttpRequestView v, SigningCredentials c, String region, String service,
                                        Instant time, boolean presign) {
        return presign ? SIGNER.presign(v, c, region, service, time, Duration.ofMinutes(5), SigningOptions.defaults())
                : SIGNER.signWithHeaders(v, c, region, service, time, SigningOptions.defaults());
    }

    private HttpRequestView badlySigned(SplittableRandom r, HttpRequestView v, String service, Instant now,
                                        boolean presign, List<String> label) {
        SigningCredentials root = fx.root();
        switch (r.nextInt(10)) {
            case 0 -> {
                label.add("bad=secret");
                String s = root.secretAccessKey();
                return sign(v, new SigningCredentials(root.accessKeyId(), (s.charAt(0) == 'A' ? "B" : "A")
                        + s.substring(1), null), "us-east-1", service, now, presign);
            }
            case 1 -> {
                label.add("bad=tampered");
                HttpRequestView ok = sign(v, root, "us-east-1", service, now, presign);
                return chance(r, 50) || ok.body().length == 0
                        ? new HttpRequestView(ok.method(), ok.rawPath(), ok.rawQuery() + "&Tampered=1", ok.headers(),
                        ok.body())
                        : new HttpRequestView(ok.method(), ok.rawPath(), ok.rawQuery(), ok.headers(),
                        latin1(new String(ok.body(), StandardCharsets.ISO_8859_1) + "&Tampered=1"));
            }
            case 2 -> {
                String region = pick(r, "eu-west-3", "", "us-east-1 ", "*", "US-EAST-1", Values.name(r, 100, 300),
                        "us-east-1");
                String svc = pick(r, "s3", "sts", "iam", "", "IAM", "execute-api", service);
                label.add("bad=scope(" + region + "/" + svc + ")");
                return sign(v, root, region, svc, now, presign);
            }
            case 3 -> {
                int which = r.nextInt(6);
                Instant t = switch (which) {
                    case 0 -> now.minusSeconds(16 * 60);
                    case 1 -> now.plusSeconds(16 * 60);
                    case 2 -> Instant.EPOCH;
                    case 3 -> Instant.parse("2099-01-01T00:00:00Z");
                    case 4 -> now.minusSeconds(14 * 60);
                    default -> Instant.parse("9999-12-31T23:59:59Z");
                };
                String[] names = {"-16min", "+16min", "1970", "2099", "-14min", "9999"};
                label.add("bad=time(" + names[which] + ")");
                return sign(v, root, "us-east-1", service, t, presign);
            }
            case 4 -> {
                label.add("bad=authorization");
                HttpRequestView ok = SIGNER.signWithHeaders(v, root, "us-east-1", service, now, SigningOptions.defaults());
                String auth = ok.header("Authorization");
                String bad = switch (r.nextInt(12)) {
                    case 0 -> auth.substring(0, r.nextInt(auth.length()));
                    case 1 -> auth.replace("Credential=", "Credential=x");
                    case 2 -> auth.replaceAll(", SignedHeaders=[^,]*", "");
                    case 3 -> auth + ", Credential=" + root.accessKeyId() + "/x";
                    case 4 -> auth.replace("AWS4-HMAC-SHA256", "aws4-hmac-sha256");
                    case 5 -> auth.replaceAll("Signature=.*", "Signature=" + "f".repeat(pick(r, 0, 63, 65, 10_000)));
                    case 6 -> auth.replaceAll("Signature=.*", "Signature=zz" + "0".repeat(62));
                    case 7 -> pick(r, "", "AWS4-HMAC-SHA256", "AWS4-HMAC-SHA512 " + auth.substring(17), "Bearer x",
                            "AWS " + root.accessKeyId() + ":abc", "AWS4-HMAC-SHA256 " + ",".repeat(1000));
                    case 8 -> auth.replaceFirst("/", "/".repeat(10));
                    case 9 -> auth.replaceAll("SignedHeaders=[^,]*", "SignedHeaders=" + pick(r, "", "host;;x",
                            "HOST", "x-amz-date", "host;x-amz-date;zzz", ";"));
                    case 10 -> auth.replace(" ", pick(r, "", "  ", "\t", ",,"));
                    default -> auth + "\u00ff\u00fe";
                };
                return withHeader(stripAuth(ok), "Authorization", bad);
            }
            case 5 -> {
                String key = pick(r, "AKIA" + Values.name(r, 16, 16).toUpperCase(Locale.ROOT),
                        "ASIA" + Values.name(r, 16, 16).toUpperCase(Locale.ROOT), "", "x", "A".repeat(300),
                        "AKIA\u00ff" + "A".repeat(15), "AKIA" + Values.ACCOUNT + "AAAAAAAAAAAAAAAA", "AKIA/",
                        root.accessKeyId().toLowerCase(Locale.ROOT), root.accessKeyId() + " ");
                label.add("bad=key");
                return sign(v, new SigningCredentials(key, root.secretAccessKey(), null), "us-east-1", service, now,
                        presign);
            }
            case 6 -> {
                byte[] junk = new byte[pick(r, 0, 1, 16, 600, 3000)];
                r.nextBytes(junk);
                String token = pick(r, java.util.Base64.getEncoder().encodeToString(junk), Values.oddText(r),
                        "FwoGZXIvYXdzE" + "A".repeat(400), "");
                boolean rootKey = chance(r, 50);
                label.add(rootKey ? "bad=rootKeyWithToken" : "bad=token");
                SigningCredentials c = rootKey ? new SigningCredentials(root.accessKeyId(), root.secretAccessKey(), token)
                        : new SigningCredentials("ASIA" + Values.name(r, 16, 16).toUpperCase(Locale.ROOT),
                        root.secretAccessKey(), token);
                return sign(v, c, "us-east-1", service, now, presign);
            }
            case 7 -> {
                label.add("bad=twoSignatures");
                HttpRequestView ok = SIGNER.signWithHeaders(v, root, "us-east-1", service, now, SigningOptions.defaults());
                if (chance(r, 50)) {
                    return withHeader(ok, "Authorization", ok.header("Authorization"));
                }
                HttpRequestView pre = SIGNER.presign(v, root, "us-east-1", service, now, Duration.ofMinutes(5),
                        SigningOptions.defaults());
                return new HttpRequestView(ok.method(), ok.rawPath(), pre.rawQuery(), ok.headers(), ok.body());
            }
            case 8 -> {
                HttpRequestView pre = SIGNER.presign(v, root, "us-east-1", service, now, Duration.ofMinutes(5),
                        SigningOptions.defaults());
                String q = pre.rawQuery();
                String mutated = switch (r.nextInt(5)) {
                    case 0 -> q.replace("X-Amz-Expires=300", "X-Amz-Expires=" + pick(r, "-1", "0", "604801",
                            "99999999999999999999", "abc", "", "1e3"));
                    case 1 -> q.replaceAll("X-Amz-Date=[^&]*", "X-Amz-Date=" + pick(r, "", "2025", "99991231T235959Z",
                            "20250101T000000", "%ZZ", "00000000T000000Z"));
                    case 2 -> q.replace("X-Amz-Algorithm=AWS4-HMAC-SHA256", "X-Amz-Algorithm=" + pick(r, "", "x", "%FF"));
                    case 3 -> q + "&X-Amz-Signature=" + "0".repeat(64);
                    default -> q.replaceAll("X-Amz-Credential=[^&]*", "X-Amz-Credential=" + pick(r, "", "%2F%2F%2F",
                            root.accessKeyId(), root.accessKeyId() + "%2F20250101%2Fus-east-1%2Fiam"));
                };
                label.add("bad=presigned");
                return new HttpRequestView(pre.method(), pre.rawPath(), mutated, pre.headers(), pre.body());
            }
            default -> {
                label.add("bad=dateHeader");
                HttpRequestView ok = SIGNER.signWithHeaders(v, root, "us-east-1", service, now, SigningOptions.defaults());
                List<Map.Entry<String, String>> h = new ArrayList<>();
                String date = pick(r, "", "2025", "99991231T235959Z", "20250101T000000", "garbage", "\u00ff",
                        "Wed, 01 Jan 2025 00:00:00 GMT", "20250101T000000Z");
                for (Map.Entry<String, String> e : ok.headers()) {
                    h.add(e.getKey().equalsIgnoreCase("X-Amz-Date") ? Map.entry(e.getKey(), date) : e);
                }
                return new HttpRequestView(ok.method(), ok.rawPath(), ok.rawQuery(), h, ok.body());
            }
        }
    }

    private static HttpRequestView stripAuth(HttpRequestView v) {
        List<Map.Entry<String, String>> h = new ArrayList<>();
        for (Map.Entry<String, String> e : v.headers()) {
            if (!e.getKey().equalsIgnoreCase("Authorization")) {
                h.add(e);
            }
        }
        return new HttpRequestView(v.method(), v.rawPath(), v.rawQuery(), h, v.body());
    }

    private static HttpRequestView withHeader(HttpRequestView v, String name, String value) {
        List<Map.Entry<String, String>> h = new ArrayList<>(v.headers());
        h.add(Map.entry(name, value));
        return new HttpRequestView(v.method(), v.rawPath(), v.rawQuery(), h, v.body());
    }

    private static int indexOfListKey(List<Param> params) {
        for (int i = 0; i < params.size(); i++) {
            if (params.get(i).key().matches(".*\\.(member|entry)\\.\\d+.*")) {
                return i;
            }
        }
        return -1;
    }

    private static String shortKey(String key) {
        return key.length() <= 40 ? key : key.substring(0, 40) + "…";
    }

    /** Form encoding of UTF-8 bytes: unreserved characters as they are, space as '+' or %20, the rest %XX. */
    static String encode(String s, boolean plusForSpace) {
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
                    || c == '.' || c == '~') {
                sb.append((char) c);
            } else if (c == ' ' && plusForSpace) {
                sb.append('+');
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return sb.toString();
    }

    static byte[] latin1(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
