package dev.opensts.bench;

import dev.opensts.sigv4.SigningCredentials;
import dev.opensts.tools.SignedRequest;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The soak (issue 18): mixed load on a running service for a long time, reporting per minute the service's live
 * data after its last full collection and its old generation in use (from /q/metrics), its resident set size (from
 * /proc), and per operation the count, errors, p50 and p99. A leak shows as the old generation or RSS growing from
 * minute to minute across collections; a slow one as p99 creeping up.
 *
 * <p>Load, paced (each worker waits between calls): AssumeRole of one role by the root key (most of it); IAM writes
 * (CreateRole, PutRolePolicy, DeleteRolePolicy, DeleteRole of a role of its own, so the account never fills up);
 * RevokeSessions of the key of a session just issued, with GetCallerIdentity by that session refused afterwards.
 * Every request is signed here with SigV4 (the project's signer), answered or counted as an error.
 *
 * <pre>
 * deploy/local/soak.sh               # starts run.sh in a data directory of its own, then this for 30 minutes
 * </pre>
 */
public final class Soak {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static final Pattern ACCESS_KEY = Pattern.compile("<AccessKeyId>([^<]+)</AccessKeyId>");
    private static final Pattern SECRET = Pattern.compile("<SecretAccessKey>([^<]+)</SecretAccessKey>");
    private static final Pattern TOKEN = Pattern.compile("<SessionToken>([^<]+)</SessionToken>");

    private final URI endpoint;
    private final URI management;
    private final SigningCredentials root;
    private final long pid;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Map<String, ConcurrentLinkedQueue<Long>> latencies = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> errors = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong();

    Soak(URI endpoint, URI management, SigningCredentials root, long pid) {
        this.endpoint = endpoint;
        this.management = management;
        this.root = root;
        this.pid = pid;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new java.util.HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            a.put(args[i], args[i + 1]);
        }
        int minutes = Integer.parseInt(a.getOrDefault("--minutes", "30"));
        int issuers = Integer.parseInt(a.getOrDefault("--issuers", "8"));
        Soak soak = new Soak(URI.create(a.getOrDefault("--endpoint", "http://127.0.0.1:8080")),
                URI.create(a.getOrDefault("--management", "http://127.0.0.1:9000")),
                new SigningCredentials(a.get("--key"), a.get("--secret"), null), Long.parseLong(a.get("--pid")));
        soak.run(minutes, issuers);
    }

    void run(int minutes, int issuers) throws Exception {
        String role = "arn:aws:iam::000000000000:role/soak";
        call("setup", "2010-05-08", root, "Action", "CreateRole", "RoleName", "soak", "AssumeRolePolicyDocument",
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":"
                        + "\"arn:aws:iam::000000000000:root\"},\"Action\":\"sts:AssumeRole\"}]}");
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < issuers; i++) {
            workers.add(worker("issuer-" + i, 2, () -> call("AssumeRole", "2011-06-15", root, "Action", "AssumeRole",
                    "RoleArn", role, "RoleSessionName", "soak")));
        }
        workers.add(worker("writer", 20, this::iamCycle));
        workers.add(worker("revoker", 500, () -> revokeCycle(role)));
        System.out.println("minute  live-after-full-gc-MB  old-gen-MB  rss-MB  | op: count errors p50-ms p99-ms ...");
        for (int minute = 1; minute <= minutes; minute++) {
            Thread.sleep(60_000);
            String metrics = metrics();
            StringBuilder line = new StringBuilder(String.format("%6d  %21.1f  %10.1f  %6.1f  |", minute,
                    metric(metrics, "(?m)^jvm_gc_live_data_size_bytes(?:\\{[^}]*\\})? ([0-9.eE+]+)"),
                    metric(metrics, "(?m)^jvm_memory_used_bytes\\{[^}]*id=\"(?:PS Old Gen|G1 Old Gen|Tenured Gen)\"[^}]*\\} ([0-9.eE+]+)"),
                    rssMb()));
            for (String op : List.of("AssumeRole", "CreateRole", "PutRolePolicy", "DeleteRole", "RevokeSessions",
                    "RevokedRefused")) {
                List<Long> l = drain(op);
                long err = errors.computeIfAbsent(op, k -> new AtomicLong()).getAndSet(0);
                Collections.sort(l);
                line.append(String.format(" %s: %d %d %.1f %.1f", op, l.size(), err, pct(l, 0.50), pct(l, 0.99)));
            }
            System.out.println(line);
        }
        running.set(false);
        for (Thread t : workers) {
            t.join(10_000);
        }
    }

    private Thread worker(String name, long pauseMillis, Runnable once) {
        return Thread.ofPlatform().name(name).daemon().start(() -> {
            while (running.get()) {
                once.run();
                try {
                    Thread.sleep(pauseMillis);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
    }

    private void iamCycle() {
        String name = "soak-" + sequence.incrementAndGet();
        call("CreateRole", "2010-05-08", root, "Action", "CreateRole", "RoleName", name, "AssumeRolePolicyDocument",
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":"
                        + "\"arn:aws:iam::000000000000:root\"},\"Action\":\"sts:AssumeRole\"}]}");
        call("PutRolePolicy", "2010-05-08", root, "Action", "PutRolePolicy", "RoleName", name, "PolicyName", "p",
                "PolicyDocument", "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":"
                        + "\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::soak/" + name + "/*\"}]}");
        call("DeleteRolePolicy", "2010-05-08", root, "Action", "DeleteRolePolicy", "RoleName", name, "PolicyName", "p");
        call("DeleteRole", "2010-05-08", root, "Action", "DeleteRole", "RoleName", name);
    }

    private void revokeCycle(String role) {
        String body = call("AssumeRole", "2011-06-15", root, "Action", "AssumeRole", "RoleArn", role,
                "RoleSessionName", "revoked");
        if (body == null) {
            return;
        }
        Matcher k = ACCESS_KEY.matcher(body);
        Matcher s = SECRET.matcher(body);
        Matcher t = TOKEN.matcher(body);
        if (!(k.find() && s.find() && t.find())) {
            return;
        }
        if (call("RevokeSessions", "2011-06-15", root, "Action", "RevokeSessions", "AccessKeyId", k.group(1)) == null) {
            return;
        }
        var session = new SigningCredentials(k.group(1), s.group(1), t.group(1));
        long t0 = System.nanoTime();
        try {
            HttpResponse<String> r = SignedRequest.send(SignedRequest.request(endpoint, session, "us-east-1",
                    List.of(Map.entry("Action", "GetCallerIdentity"), Map.entry("Version", "2011-06-15"))));
            if (r.statusCode() == 403) {
                latencies.computeIfAbsent("RevokedRefused", x -> new ConcurrentLinkedQueue<>())
                        .add(System.nanoTime() - t0);
            } else {
                errors.computeIfAbsent("RevokedRefused", x -> new AtomicLong()).incrementAndGet();
            }
        } catch (Exception e) {
            errors.computeIfAbsent("RevokedRefused", x -> new AtomicLong()).incrementAndGet();
        }
    }

    /** One signed Query call; records its latency (success) or an error; answers the body, null on error. */
    private String call(String op, String version, SigningCredentials creds, String... kv) {
        var params = new ArrayList<Map.Entry<String, String>>();
        for (int i = 0; i + 1 < kv.length; i += 2) {
            params.add(Map.entry(kv[i], kv[i + 1]));
        }
        if (params.stream().noneMatch(e -> e.getKey().equals("Version"))) {
            params.add(Map.entry("Version", version));
        }
        long t0 = System.nanoTime();
        try {
            HttpRequest request = version.equals("2010-05-08") ? iam(params, creds)
                    : SignedRequest.request(endpoint, creds, "us-east-1", params);
            HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 200) {
                latencies.computeIfAbsent(op, x -> new ConcurrentLinkedQueue<>()).add(System.nanoTime() - t0);
                return r.body();
            }
        } catch (Exception e) {
            // counted below
        }
        errors.computeIfAbsent(op, x -> new AtomicLong()).incrementAndGet();
        return null;
    }

    /** An IAM call: the same form POST, signed for service iam. */
    private HttpRequest iam(List<Map.Entry<String, String>> params, SigningCredentials creds) {
        String form = String.join("&", params.stream().map(e -> enc(e.getKey()) + "=" + enc(e.getValue())).toList());
        byte[] body = form.getBytes(StandardCharsets.UTF_8);
        String host = endpoint.getHost() + ":" + endpoint.getPort();
        var headers = new ArrayList<Map.Entry<String, String>>();
        headers.add(Map.entry("host", host));
        headers.add(Map.entry("content-type", "application/x-www-form-urlencoded; charset=utf-8"));
        var signed = new dev.opensts.sigv4.SigV4Signer(new dev.opensts.sigv4.SigningKeyCache(4)).signWithHeaders(
                new dev.opensts.sigv4.HttpRequestView("POST", "/", "", headers, body), creds, "us-east-1", "iam",
                java.time.Instant.now(), dev.opensts.sigv4.SigningOptions.defaults());
        HttpRequest.Builder b = HttpRequest.newBuilder(endpoint.resolve("/")).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        for (var h : signed.headers()) {
            if (!h.getKey().equalsIgnoreCase("host")) {
                b.header(h.getKey(), h.getValue());
            }
        }
        return b.build();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private List<Long> drain(String op) {
        List<Long> out = new ArrayList<>();
        var q = latencies.computeIfAbsent(op, x -> new ConcurrentLinkedQueue<>());
        for (Long v; (v = q.poll()) != null; ) {
            out.add(v);
        }
        return out;
    }

    private static double pct(List<Long> sorted, double p) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1)) / 1e6;
    }

    private String metrics() {
        try {
            return HTTP.send(HttpRequest.newBuilder(management.resolve("/q/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (Exception e) {
            return "";
        }
    }

    /** The sum of a metric's matching samples, in MB (NaN when none). */
    private static double metric(String metrics, String regex) {
        Matcher m = Pattern.compile(regex).matcher(metrics);
        double sum = 0;
        boolean found = false;
        while (m.find()) {
            sum += Double.parseDouble(m.group(1));
            found = true;
        }
        return found ? sum / 1e6 : Double.NaN;
    }

    private double rssMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (Exception e) {
            // gone
        }
        return Double.NaN;
    }
}
