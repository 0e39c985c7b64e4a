package dev.opensts.it.fault;

import dev.opensts.testinfra.OpenStsProcess;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * Concurrent load from unmodified AWS SDK clients, every answer recorded: threads that each alternate CreateRole
 * (a new role name each time: an IAM write) and AssumeRole of one role (an issuance), with no SDK retries, so that
 * the test sees exactly what the service answered. A call that got no answer (connection refused or reset, a
 * timeout) is recorded as such: its write may or may not have happened.
 */
public final class FaultLoad implements AutoCloseable {

    /** One call's outcome. {@code status} 0: no HTTP answer. */
    public record Outcome(String action, String subject, boolean ok, int status, String code, String detail) {
    }

    private final URI endpoint;
    private final String keyId;
    private final String secret;
    private final String roleToAssume;
    private final String prefix;
    private final AtomicBoolean running = new AtomicBoolean();
    private final Queue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
    private final AtomicLong sequence = new AtomicLong();
    private final List<Thread> threads = new ArrayList<>();

    public FaultLoad(OpenStsProcess replica, String keyId, String secret, String roleToAssume, String prefix) {
        this.endpoint = replica.endpoint();
        this.keyId = keyId;
        this.secret = secret;
        this.roleToAssume = roleToAssume;
        this.prefix = prefix;
    }

    public FaultLoad start(int threadCount) {
        running.set(true);
        for (int i = 0; i < threadCount; i++) {
            Thread t = Thread.ofPlatform().name("fault-load-" + i).daemon().start(this::run);
            threads.add(t);
        }
        return this;
    }

    /** Stops the threads after their current call. */
    public List<Outcome> stop() {
        running.set(false);
        for (Thread t : threads) {
            try {
                t.join(Duration.ofSeconds(60).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        threads.clear();
        return List.copyOf(outcomes);
    }

    public List<Outcome> outcomes() {
        return List.copyOf(outcomes);
    }

    /** How many calls of this action were answered with success so far. */
    public long succeeded(String action) {
        return outcomes.stream().filter(o -> o.ok() && o.action().equals(action)).count();
    }

    private void run() {
        var creds = StaticCredentialsProvider.create(AwsBasicCredentials.create(keyId, secret));
        try (IamClient iam = IamClient.builder().endpointOverride(endpoint).region(Region.AWS_GLOBAL)
                .credentialsProvider(creds)
                .httpClient(UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(2))
                        .socketTimeout(Duration.ofSeconds(30)).build())
                .overrideConfiguration(c -> c.retryStrategy(b -> b.maxAttempts(1)))
                .build();
             StsClient sts = StsClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                     .credentialsProvider(creds)
                     .httpClient(UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(2))
                             .socketTimeout(Duration.ofSeconds(30)).build())
                     .overrideConfiguration(c -> c.retryStrategy(b -> b.maxAttempts(1)))
                     .build()) {
            while (running.get()) {
                String role = prefix + "-" + sequence.incrementAndGet();
                call("CreateRole", role, () -> iam.createRole(r -> r.roleName(role)
                        .assumeRolePolicyDocument(FaultCluster.TRUST)).role().roleId());
                call("AssumeRole", roleToAssume, () -> sts.assumeRole(r -> r.roleArn(roleToAssume)
                        .roleSessionName("load")).credentials().accessKeyId());
            }
        }
    }

    private void call(String action, String subject, java.util.function.Supplier<String> request) {
        try {
            String detail = request.get();
            outcomes.add(new Outcome(action, subject, true, 200, null, detail));
        } catch (AwsServiceException e) {
            outcomes.add(new Outcome(action, subject, false, e.statusCode(),
                    e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode(), e.getMessage()));
        } catch (RuntimeException e) {
            outcomes.add(new Outcome(action, subject, false, 0, null, String.valueOf(e)));
            pause(); // the replica or its port is gone: do not spin
        }
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop();
    }
}
