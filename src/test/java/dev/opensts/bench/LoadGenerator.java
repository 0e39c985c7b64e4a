package dev.opensts.bench;

import dev.opensts.sigv4.HttpRequestView;
import dev.opensts.sigv4.SigV4Signer;
import dev.opensts.sigv4.SigningCredentials;
import dev.opensts.sigv4.SigningKeyCache;
import dev.opensts.sigv4.SigningOptions;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import org.HdrHistogram.Recorder;
import org.HdrHistogram.Histogram;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A load generator for the AssumeRole hot path: a Vert.x HTTP client replaying requests that were
 * signed before the run (so the client spends its CPU on I/O, not on HMACs), either closed-loop
 * (each connection sends its next request when the answer arrives: the throughput ceiling) or
 * open-loop at a fixed rate (latency measured from the intended send time, so a stall is not
 * hidden: no coordinated omission). Only 127.0.0.1 is a valid target.
 *
 * <pre>
 * java -cp ... dev.opensts.bench.LoadGenerator --endpoint http://127.0.0.1:8080 --key AKIA.. --secret ..
 *      --role arn:aws:iam::000000000000:role/bench --connections 64 --seconds 30 [--rate 7000] [--static]
 * </pre>
 */
public final class LoadGenerator {
    record Options(URI endpoint, String key, String secret, String role, int connections, int seconds,
                   int warmupSeconds, int rate, boolean staticPath, int distinct) {
        static Options parse(String[] args) {
            Map<String, String> m = new java.util.HashMap<>();
            for (int i = 0; i < args.length; i++) {
                if (args[i].startsWith("--")) {
                    boolean flag = i + 1 >= args.length || args[i + 1].startsWith("--");
                    m.put(args[i].substring(2), flag ? "true" : args[++i]);
                }
            }
            URI endpoint = URI.create(m.getOrDefault("endpoint", "http://127.0.0.1:8080"));
            if (!endpoint.getHost().equals("127.0.0.1") && !endpoint.getHost().equals("localhost")) {
                throw new IllegalArgumentException("load tests target 127.0.0.1 only");
            }
            return new Options(endpoint, m.get("key"), m.get("secret"),
                    m.getOrDefault("role", "arn:aws:iam::000000000000:role/bench"),
                    Integer.parseInt(m.getOrDefault("connections", "64")),
                    Integer.parseInt(m.getOrDefault("seconds", "30")),
                    Integer.parseInt(m.getOrDefault("warmup", "10")),
                    Integer.parseInt(m.getOrDefault("rate", "0")),
                    Boolean.parseBoolean(m.getOrDefault("static", "false")),
                    Integer.parseInt(m.getOrDefault("distinct", "4096")));
        }
    }

    record Prepared(String body, List<Map.Entry<String, String>> headers) {
    }

    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args);
        if (java.util.Arrays.asList(args).contains("--ensure-role")) {
            ensureRole(o);
        }
        String wrkScript = wrkScriptPath(args);
        if (wrkScript != null) {
            writeWrkScript(o, java.nio.file.Path.of(wrkScript));
            return;
        }
        List<Prepared> requests = o.staticPath() ? List.of() : sign(o);
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
        HttpClient client = vertx.createHttpClient(new HttpClientOptions()
                        .setDefaultHost(o.endpoint().getHost()).setDefaultPort(o.endpoint().getPort())
                        .setKeepAlive(true).setTcpNoDelay(true),
                new PoolOptions().setHttp1MaxSize(o.connections()));
        Recorder recorder = new Recorder(3);
        AtomicLong ok = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicLong next = new AtomicLong();
        long warmupEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(o.warmupSeconds());
        long end = warmupEnd + TimeUnit.SECONDS.toNanos(o.seconds());
        CountDownLatch done = new CountDownLatch(1);

        Runnable[] send = new Runnable[1];
        java.util.function.LongConsumer fire = intended -> {
            RequestOptions ro = new RequestOptions().setMethod(o.staticPath() ? HttpMethod.GET : HttpMethod.POST)
                    .setURI(o.staticPath() ? "/opensts-bench/static" : "/");
            Buffer body = null;
            if (!o.staticPath()) {
                Prepared p = requests.get((int) (next.getAndIncrement() % requests.size()));
                p.headers().forEach(h -> ro.addHeader(h.getKey(), h.getValue()));
                body = Buffer.buffer(p.body());
            }
            Buffer b = body;
            client.request(ro).compose(req -> b == null ? req.send() : req.send(b))
                    .compose(resp -> resp.body().map(x -> resp.statusCode()))
                    .onComplete(ar -> {
                        long now = System.nanoTime();
                        boolean measured = intended >= warmupEnd && now < end;
                        if (ar.succeeded() && ar.result() == 200) {
                            if (measured) {
                                recorder.recordValue(Math.max(1, (now - intended) / 1_000));
                                ok.incrementAndGet();
                            }
                        } else if (measured) {
                            failed.incrementAndGet();
                        }
                        if (o.rate() == 0 && now < end) {
                            send[0].run();
                        }
                    });
        };
        send[0] = () -> fire.accept(System.nanoTime());

        long start = System.nanoTime();
        if (o.rate() == 0) {
            for (int i = 0; i < o.connections(); i++) {
                vertx.runOnContext(v -> send[0].run());
            }
        } else {
            // open loop: every millisecond, send what the schedule says is due, stamped with its due time
            double perNano = o.rate() / 1e9;
            long[] sent = {0};
            vertx.setPeriodic(1, id -> {
                long now = System.nanoTime();
                long due = (long) ((now - start) * perNano);
                while (sent[0] < due && now < end) {
                    long intended = start + (long) (sent[0] / perNano);
                    sent[0]++;
                    fire.accept(intended);
                }
                if (now >= end) {
                    vertx.cancelTimer(id);
                }
            });
        }
        vertx.setTimer(TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime()) + 2_000, id -> done.countDown());
        done.await();
        Histogram h = recorder.getIntervalHistogram();
        double secs = o.seconds();
        System.out.printf("mode=%s connections=%d rate=%s duration=%ds ok=%d failed=%d throughput=%.0f/s "
                        + "p50=%.2fms p99=%.2fms p99.9=%.2fms max=%.2fms%n",
                o.staticPath() ? "static" : "AssumeRole", o.connections(), o.rate() == 0 ? "max" : o.rate(),
                o.seconds(), ok.get(), failed.get(), ok.get() / secs,
                h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(99) / 1000.0,
                h.getValueAtPercentile(99.9) / 1000.0, h.getMaxValue() / 1000.0);
        client.close();
        vertx.close();
    }

    private static String wrkScriptPath(String[] args) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals("--wrk-script")) {
                return args[i + 1];
            }
        }
        return null;
    }

    /**
     * The same pre-signed requests as a Lua script for wrk, whose C client costs the shared CPUs
     * far less than a JVM client: wrk cycles through them and prints p50/p99/p99.9 at the end.
     */
    static void writeWrkScript(Options o, java.nio.file.Path path) throws java.io.IOException {
        var lua = new StringBuilder("-- generated by dev.opensts.bench.LoadGenerator; valid for 15 minutes\n");
        lua.append("local requests = {}\n");
        int i = 0;
        for (Prepared p : sign(o)) {
            lua.append("requests[").append(++i).append("] = wrk.format('POST', '/', {");
            for (Map.Entry<String, String> h : p.headers()) {
                lua.append("['").append(h.getKey()).append("']='").append(h.getValue()).append("',");
            }
            lua.append("}, '").append(p.body()).append("')\n");
        }
        lua.append("""
                local n = 0
                request = function()
                  n = n + 1
                  return requests[(n % #requests) + 1]
                end
                done = function(summary, latency, requests)
                  io.write(string.format("errors=%d non-2xx=%d p50=%.2fms p99=%.2fms p99.9=%.2fms max=%.2fms\\n",
                    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
                    summary.errors.status, latency:percentile(50) / 1000, latency:percentile(99) / 1000,
                    latency:percentile(99.9) / 1000, latency.max / 1000))
                end
                """);
        java.nio.file.Files.writeString(path, lua);
    }

    /** The benchmark's trust policy: 3 statements, 2 conditions, like a real one (docs/performance.md). */
    static final String BENCH_TRUST = """
            {"Version":"2012-10-17","Statement":[
             {"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::000000000000:root"},"Action":"sts:AssumeRole",
              "Condition":{"StringLike":{"sts:RoleSessionName":"bench-*"}}},
             {"Effect":"Deny","Principal":{"AWS":"*"},"Action":"sts:AssumeRole",
              "Condition":{"Bool":{"aws:SecureTransport":"true"},"StringEquals":{"sts:ExternalId":"never"}}},
             {"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::000000000000:user/nobody"},"Action":"sts:AssumeRole"}]}""";

    /** Creates the benchmark's role (--role) with {@link #BENCH_TRUST} unless it exists, through the AWS SDK. */
    static void ensureRole(Options o) {
        String name = o.role().substring(o.role().lastIndexOf('/') + 1);
        try (var iam = software.amazon.awssdk.services.iam.IamClient.builder()
                .endpointOverride(o.endpoint())
                .region(software.amazon.awssdk.regions.Region.AWS_GLOBAL)
                .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                        software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(o.key(), o.secret())))
                .httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create())
                .build()) {
            try {
                iam.getRole(r -> r.roleName(name));
                System.out.println("role " + name + " exists");
            } catch (software.amazon.awssdk.services.iam.model.NoSuchEntityException missing) {
                // a trust policy may only name principals that exist
                try {
                    iam.createUser(r -> r.userName("nobody"));
                } catch (software.amazon.awssdk.services.iam.model.EntityAlreadyExistsException exists) {
                    // from an earlier run
                }
                iam.createRole(r -> r.roleName(name).assumeRolePolicyDocument(BENCH_TRUST));
                System.out.println("role " + name + " created");
            }
        }
    }

    /** Distinct session names, signed now: valid for the 15-minute skew window. */
    static List<Prepared> sign(Options o) {
        var signer = new SigV4Signer(new SigningKeyCache(16));
        var creds = new SigningCredentials(o.key(), o.secret(), null);
        String host = o.endpoint().getHost() + ":" + o.endpoint().getPort();
        var result = new ArrayList<Prepared>(o.distinct());
        Instant now = Instant.now();
        for (int i = 0; i < o.distinct(); i++) {
            String body = "Action=AssumeRole&Version=2011-06-15&RoleArn="
                    + java.net.URLEncoder.encode(o.role(), StandardCharsets.UTF_8) + "&RoleSessionName=bench-" + i;
            var req = new HttpRequestView("POST", "/", "", List.of(Map.entry("Host", host),
                    Map.entry("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")),
                    body.getBytes(StandardCharsets.UTF_8));
            HttpRequestView signed = signer.signWithHeaders(req, creds, "us-east-1", "sts", now,
                    SigningOptions.defaults());
            result.add(new Prepared(body, signed.headers()));
        }
        return result;
    }
}
