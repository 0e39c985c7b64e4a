package dev.opensts.it;

import dev.opensts.testinfra.OpenStsProcess;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.sts.StsClient;

/** Unmodified AWS SDK v2 clients pointed at an open-sts replica. */
final class Clients {
    private Clients() {
    }

    static IamClient iam(OpenStsProcess replica, String accessKeyId, String secret) {
        return IamClient.builder()
                .endpointOverride(replica.endpoint())
                .region(Region.AWS_GLOBAL)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, secret)))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(ClientOverrideConfiguration.builder().retryStrategy(RetryMode.STANDARD)
                        .build())
                .build();
    }

    /** No retries: a test of an error wants to see the first answer. */
    static IamClient iamNoRetry(OpenStsProcess replica, String accessKeyId, String secret) {
        return IamClient.builder()
                .endpointOverride(replica.endpoint())
                .region(Region.AWS_GLOBAL)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, secret)))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.retryStrategy(b -> b.maxAttempts(1)))
                .build();
    }

    static StsClient sts(OpenStsProcess replica, String accessKeyId, String secret) {
        return StsClient.builder()
                .endpointOverride(replica.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, secret)))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }
}
