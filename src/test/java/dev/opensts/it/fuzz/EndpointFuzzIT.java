package dev.opensts.it.fuzz;

import dev.opensts.sigv4.SigningCredentials;
import dev.opensts.testinfra.OpenStsCluster;
import dev.opensts.testinfra.OpenStsProcess;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.stream.IntStream;

import static org.awaitility.Awaitility.await;

/**
 * A bounded, seeded fuzzer against the packaged service on real Kafka and PostgreSQL: the Query endpoint "/",
 * the decision endpoint and the admin API get requests generated from AWS's models and mutated (see
 * {@link QueryFuzz}, {@link DecisionFuzz}, {@link AdminFuzz}). Every answer is checked ({@link Checks}: no 5xx,
 * no hang, AWS's error document on every 4xx of "/"), the service must log no ERROR and still be ready at the
 * end, and every failure is reported, all of them, with the seed and index that reproduce it.
 *
 * <pre>
 * deploy/local/test.sh -Dtest=NoSuch -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=EndpointFuzzIT   # CI: 3,000
 *   -Dopensts.fuzz.requests=100000      a long run (about 4 to 7 minutes on 2 cores)
 *   -Dopensts.fuzz.seed=N               a given seed (default: a random one, printed at the start)
 *   -Dopensts.fuzz.only=I[,J...]        only these indexes of that seed, in that order, printed in full
 *   -Dopensts.fuzz.threads=4 -Dopensts.fuzz.timeoutSeconds=10
 * </pre>
 * The report is also written to target/fuzz/endpoint-fuzz-SEED.txt. A replayed request is the same bytes (but
 * for signatures and dates) sent to a fresh service: what earlier requests of the run had stored is not there.
 */
class EndpointFuzzIT {
    static final String ACCOUNT = "000000000000";

    @Test
    void theServiceSurvivesMutatedRequests() throws Exception {
        long seed = Long.getLong("opensts.fuzz.seed", new SecureRandom().nextLong());
        int requests = Integer.getInteger("opensts.fuzz.requests", 3000);
        String only = System.getProperty("opensts.fuzz.only", "").trim();
        int threads = only.isEmpty() ? Integer.getInteger("opensts.fuzz.threads", 4) : 1; // a replay: in order
        Duration timeout = Duration.ofSeconds(Long.getLong("opensts.fuzz.timeoutSeconds", 10));
        int[] indexes = only.isEmpty() ? IntStream.range(0, requests).toArray()
                : Arrays.stream(only.split(",")).mapToInt(s -> Integer.parseInt(s.trim())).toArray();
        System.out.printf("EndpointFuzzIT: seed=%d requests=%d threads=%d timeout=%ds%s%n"
                        + "  replay one request: -Dopensts.fuzz.seed=%d -Dopensts.fuzz.only=<index>%n", seed,
                indexes.length, threads, timeout.toSeconds(), only.isEmpty() ? "" : " only=" + only, seed);

        String decisionToken = "decision-" + Long.toHexString(new SecureRandom().nextLong());
        try (OpenStsCluster cluster = OpenStsCluster.create("fuzz").withEnv("OPENSTS_DECISION_TOKEN", decisionToken)) {
            OpenStsProcess replica = cluster.startReplica("a");
            Targets targets = Targets.of(replica);
            ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> {
                Thread t = new Thread(r, "fuzz-timeout");
                t.setDaemon(true);
                return t;
            });
            timer.setRemoveOnCancelPolicy(true);
            Fixtures fx = fixtures(cluster, replica, targets, decisionToken, timer);
            ApiModels models = ApiModels.load();
            List<String> servedIam = served(models.iam, targets, timer);
            List<String> servedSts = served(models.sts, targets, timer);
            System.out.printf("  operations served: IAM %d of %d, STS %d of %d%n", servedIam.size(),
                    models.iam.operations().size(), servedSts.size(), models.sts.operations().size());
            Generator generator = new Generator(seed,
                    new QueryFuzz(models, servedIam, servedSts, fx, targets.query()),
                    new DecisionFuzz(fx, targets.authorize()), new AdminFuzz(fx, targets.adminAccounts()));
            Describe describe = new Describe(fx);
            long logStart = Files.exists(replica.logFile()) ? Files.size(replica.logFile()) : 0;

            FuzzRun.Results res = FuzzRun.run(generator, indexes, threads, timeout, timer, o -> {
                if (!only.isEmpty()) {
                    System.out.println(Report.detail(seed, o, describe, List.of(), 100_000));
                }
            });
            List<Outcome> failed = new ArrayList<>(res.failures());
            Outcome health = health(replica, targets, timeout, timer);
            if (health != null) {
                failed.add(health);
            }
            timer.shutdownNow();

            // the log is read once it holds a marker written after every answer above: an account created now,
            // whose creation the admin API logs
            String marker = "admin API: created account " + markerAccount(cluster, replica) + " ";
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() ->
                    Report.readLog(replica.logFile(), logStart).stream().anyMatch(l -> l.contains(marker)));
            List<String> log = Report.readLog(replica.logFile(), logStart);
            List<Report.LogError> errors = Report.logErrors(log);
            String summary = Report.summary(seed, threads, res, log, generator);
            String failures = (failed.isEmpty() ? "no failing answers\n"
                    : Report.failures(seed, failed, describe, log, 1500)) + Report.logErrorsText(errors, res, generator);
            StringBuilder full = new StringBuilder(summary).append('\n').append(failures);
            if (!failed.isEmpty()) {
                full.append("\n\n==== every failure in full\n");
                failed.forEach(o -> full.append('\n').append(Report.detail(seed, o, describe, log, 4000)));
            }
            if (!res.notes().isEmpty()) {
                full.append("\n\n==== the first note of each kind in full\n")
                        .append(Report.notes(seed, res.notes(), describe, log));
            }
            Path file = Path.of(System.getProperty("opensts.it.logs", "target/it-logs")).resolveSibling("fuzz")
                    .resolve("endpoint-fuzz-" + seed + (only.isEmpty() ? "" : "-only") + ".txt");
            System.out.print(summary);
            Report.write(file, full.toString());
            System.out.println("  report: " + file.toAbsolutePath());
            // strict: every failing answer and every ERROR the service logged fails the run, all of them listed
            if (!failed.isEmpty() || !errors.isEmpty()) {
                throw new AssertionError(summary + "\n" + failures + "\n(all details in " + file.toAbsolutePath() + ")");
            }
        }
    }

    /** Creates an account of a random id through the admin API; answers the id. */
    private static String markerAccount(OpenStsCluster cluster, OpenStsProcess replica) throws Exception {
        String id;
        do {
            id = String.format("%012d", Math.floorMod(new SecureRandom().nextLong(), 1_000_000_000_000L));
        } while (id.equals(ACCOUNT));
        dev.opensts.it.Sts.createAccount(cluster, replica, id);
        return id;
    }

    /** The service is still running and ready after the run; else a failure. */
    private static Outcome health(OpenStsProcess replica, Targets targets, Duration timeout,
                                  ScheduledExecutorService timer) {
        RawHttp.Request request = new RawHttp.Request("GET", targets.ready(), targets.ready().getRawPath(), List.of(),
                null, false);
        RawHttp.Exchange ready = RawHttp.send(request, timeout, timer);
        if (replica.isRunning() && ready.response() != null && ready.response().status() == 200) {
            return null;
        }
        return new Outcome(new FuzzCase(-1, "health", "readiness after the run", request), ready,
                new Checks.Verdict(Checks.Kind.FAIL, replica.isRunning() ? "not ready after the run"
                        : "the service process exited"));
    }

    /** The operations the service serves: an unsigned call answers InvalidAction for the others, before any auth. */
    private static List<String> served(ApiModels.Service s, Targets targets, ScheduledExecutorService timer) {
        List<String> served = new ArrayList<>();
        for (String op : s.operations()) {
            RawHttp.Exchange x = RawHttp.send(new RawHttp.Request("GET", targets.query(), "/?Action=" + op + "&Version="
                    + s.version(), List.of(), null, false), Duration.ofSeconds(10), timer);
            if (x.response() == null) {
                throw new IllegalStateException("probe of " + op + " got no answer: " + x.ioError());
            }
            if (!Checks.errorCode(x.response()).equals("InvalidAction")) {
                served.add(op);
            }
        }
        return List.copyOf(served);
    }

    /**
     * A role (with a path, an inline and a managed policy), a user with conditional policies and a key, a role
     * session, and a second account: things for the generated requests to name and to authenticate as.
     */
    private static Fixtures fixtures(OpenStsCluster cluster, OpenStsProcess replica, Targets targets,
                                     String decisionToken, ScheduledExecutorService timer) {
        var rootCreds = StaticCredentialsProvider.create(AwsBasicCredentials.create(cluster.rootAccessKeyId(),
                cluster.rootSecretAccessKey()));
        try (IamClient iam = IamClient.builder().endpointOverride(replica.endpoint()).region(Region.AWS_GLOBAL)
                .credentialsProvider(rootCreds).httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.retryStrategy(b -> b.maxAttempts(1))).build();
             StsClient sts = StsClient.builder().endpointOverride(replica.endpoint()).region(Region.US_EAST_1)
                     .credentialsProvider(rootCreds).httpClient(UrlConnectionHttpClient.create())
                     .overrideConfiguration(c -> c.retryStrategy(b -> b.maxAttempts(1))).build()) {
            iam.createRole(r -> r.roleName("fuzz-role").path("/fuzz/").maxSessionDuration(43200)
                    .assumeRolePolicyDocument("""
                            {"Version":"2012-10-17","Statement":[{"Effect":"Allow",
                             "Principal":{"AWS":"arn:aws:iam::000000000000:root"},
                             "Action":["sts:AssumeRole","sts:TagSession","sts:SetSourceIdentity"]}]}"""));
            iam.putRolePolicy(r -> r.roleName("fuzz-role").policyName("fuzz-inline").policyDocument("""
                    {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:*","iam:Get*","iam:List*"],
                     "Resource":"*"},{"Effect":"Deny","Action":"s3:DeleteObject","Resource":"*",
                     "Condition":{"StringNotEquals":{"aws:PrincipalTag/team":"blue"}}}]}"""));
            String policyArn = iam.createPolicy(r -> r.policyName("fuzz-policy").path("/fuzz/").policyDocument("""
                    {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject",
                     "Resource":"arn:aws:s3:::photos/*"}]}""")).policy().arn();
            iam.attachRolePolicy(r -> r.roleName("fuzz-role").policyArn(policyArn));
            iam.createUser(r -> r.userName("fuzz-user").path("/fuzz/"));
            iam.putUserPolicy(r -> r.userName("fuzz-user").policyName("fuzz-inline").policyDocument("""
                    {"Version":"2012-10-17","Statement":[
                     {"Sid":"Photos","Effect":"Allow","Action":["s3:GetObject","s3:PutObject"],
                      "Resource":"arn:aws:s3:::photos/*",
                      "Condition":{"IpAddress":{"aws:SourceIp":["203.0.113.0/24","::1/128"]}}},
                     {"Sid":"List","Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::photos",
                      "Condition":{"StringLike":{"s3:prefix":["public/*","${aws:username}/*"]},
                                   "DateLessThan":{"aws:CurrentTime":"2100-01-01T00:00:00Z"}}},
                     {"Sid":"Self","Effect":"Allow","Action":["iam:Get*","iam:List*","sts:GetCallerIdentity",
                      "sts:GetSessionToken","sts:AssumeRole"],"Resource":"*"},
                     {"Sid":"NoSecret","Effect":"Deny","Action":"s3:*","Resource":"arn:aws:s3:::photos/secret/*"}]}"""));
            AccessKey key = iam.createAccessKey(r -> r.userName("fuzz-user")).accessKey();
            Credentials session = sts.assumeRole(r -> r.roleArn("arn:aws:iam::" + ACCOUNT + ":role/fuzz/fuzz-role")
                    .roleSessionName("fuzz").durationSeconds(43200).sourceIdentity("fuzzer")
                    .tags(t -> t.key("team").value("blue"))).credentials();
            RawHttp.Exchange account = RawHttp.send(new RawHttp.Request("POST", targets.adminAccounts(),
                    targets.adminAccounts().getRawPath(),
                    List.of(Map.entry("Authorization", "Bearer " + cluster.adminToken()),
                            Map.entry("Content-Type", "application/json")),
                    "{\"accountId\":\"111111111111\",\"name\":\"fuzz-other\"}".getBytes(StandardCharsets.UTF_8), false),
                    Duration.ofSeconds(10), timer);
            if (account.response() == null || account.response().status() != 201) {
                throw new IllegalStateException("second account not created: " + (account.response() == null
                        ? account.ioError() : account.response().status()));
            }
            return new Fixtures("127.0.0.1:" + targets.query().getPort(),
                    new SigningCredentials(cluster.rootAccessKeyId(), cluster.rootSecretAccessKey(), null),
                    new SigningCredentials(key.accessKeyId(), key.secretAccessKey(), null),
                    new SigningCredentials(session.accessKeyId(), session.secretAccessKey(), session.sessionToken()),
                    decisionToken, cluster.adminToken());
        }
    }
}
