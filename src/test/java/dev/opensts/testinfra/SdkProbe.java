package dev.opensts.testinfra;

import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.sts.StsClient;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * An application as a workload runs it: its own JVM, configured by nothing but environment variables, with the
 * unmodified AWS SDK for Java v2's default credential chain ({@link DefaultCredentialsProvider}) and clients built
 * without credentials, endpoints or regions in code. {@link #main} prints what it could do, one line each:
 * {@code identity=<arn>}, then {@code <IAM call>=ok} or {@code <IAM call>=<AWS error code>}.
 *
 * <p>The IAM calls it knows: {@code GetRole:NAME}, {@code ListUsers}.
 */
public final class SdkProbe {
    private SdkProbe() {
    }

    public static void main(String[] args) {
        var chain = DefaultCredentialsProvider.builder().build();
        // the IAM endpoint: AWS_ENDPOINT_URL_IAM, read by the SDK; IAM is global, signed for us-east-1
        try (StsClient sts = StsClient.builder().credentialsProvider(chain)
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
             IamClient iam = IamClient.builder().credentialsProvider(chain).region(Region.AWS_GLOBAL)
                     .httpClientBuilder(UrlConnectionHttpClient.builder()).build()) {
            System.out.println("identity=" + sts.getCallerIdentity().arn());
            for (String call : args) {
                System.out.println(call + "=" + outcome(() -> {
                    if (call.startsWith("GetRole:")) {
                        iam.getRole(r -> r.roleName(call.substring("GetRole:".length())));
                    } else if (call.equals("ListUsers")) {
                        iam.listUsers();
                    } else {
                        throw new IllegalArgumentException("unknown call " + call);
                    }
                }));
            }
        } catch (SdkException e) {
            System.out.println("failed=" + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        System.out.flush();
    }

    private static String outcome(Runnable call) {
        try {
            call.run();
            return "ok";
        } catch (AwsServiceException e) {
            return e.awsErrorDetails().errorCode();
        }
    }

    /**
     * Runs the probe in a new JVM with exactly these environment variables (and PATH), so nothing of the test's
     * own environment (an AWS_ACCESS_KEY_ID, a profile) can stand in for what is being tested.
     *
     * @return its output lines
     */
    public static List<String> run(Map<String, String> env, String... calls) throws IOException, InterruptedException {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        var command = new ArrayList<>(List.of(javaBin, "-cp", System.getProperty("java.class.path"),
                SdkProbe.class.getName()));
        command.addAll(List.of(calls));
        var pb = new ProcessBuilder(command).redirectErrorStream(true);
        Path home = Files.createTempDirectory("probe-home");
        pb.environment().clear();
        pb.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        // no ~/.aws of the machine's user: the chain finds only what the variables give it
        pb.environment().put("HOME", home.toString());
        pb.environment().put("AWS_CONFIG_FILE", home.resolve("config").toString());
        pb.environment().put("AWS_SHARED_CREDENTIALS_FILE", home.resolve("credentials").toString());
        pb.environment().put("AWS_EC2_METADATA_DISABLED", "true");
        pb.environment().putAll(env);
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(Duration.ofMinutes(2).toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("the probe did not finish");
        }
        return new String(out, java.nio.charset.StandardCharsets.UTF_8).lines().toList();
    }
}
