package dev.opensts.it;

import dev.opensts.testinfra.OpenStsCluster;
import dev.opensts.testinfra.OpenStsProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.Role;

import static org.assertj.core.api.Assertions.assertThat;

class SmokeIT {
    static OpenStsCluster cluster;
    static OpenStsProcess replica;
    static IamClient iam;

    @BeforeAll
    static void start() {
        cluster = OpenStsCluster.create("smoke");
        replica = cluster.startReplica("smoke-a");
        iam = Clients.iamNoRetry(replica, cluster.rootAccessKeyId(), cluster.rootSecretAccessKey());
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @Test
    void createsAndReadsARole() {
        String trust = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::000000000000:root\"},\"Action\":\"sts:AssumeRole\"}]}";
        Role created = iam.createRole(r -> r.roleName("smoke").assumeRolePolicyDocument(trust)).role();
        assertThat(created.arn()).isEqualTo("arn:aws:iam::000000000000:role/smoke");
        Role read = iam.getRole(r -> r.roleName("smoke")).role();
        assertThat(read.roleId()).isEqualTo(created.roleId());
        assertThat(iam.listRoles().roles()).extracting(Role::roleName).contains("smoke");
    }

    @Test
    void assumesARoleAndUsesTheSession() {
        String trust = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::000000000000:root\"},\"Action\":\"sts:AssumeRole\"}]}";
        iam.createRole(r -> r.roleName("smoke-sts").assumeRolePolicyDocument(trust));
        var sts = Clients.sts(replica, cluster.rootAccessKeyId(), cluster.rootSecretAccessKey());
        var issued = sts.assumeRole(r -> r.roleArn("arn:aws:iam::000000000000:role/smoke-sts").roleSessionName("s1"));
        assertThat(issued.assumedRoleUser().arn()).isEqualTo("arn:aws:sts::000000000000:assumed-role/smoke-sts/s1");
        var c = issued.credentials();
        var asSession = software.amazon.awssdk.services.sts.StsClient.builder()
                .endpointOverride(replica.endpoint())
                .region(software.amazon.awssdk.regions.Region.US_EAST_1)
                .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                        software.amazon.awssdk.auth.credentials.AwsSessionCredentials.create(
                                c.accessKeyId(), c.secretAccessKey(), c.sessionToken())))
                .httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create())
                .build();
        var me = asSession.getCallerIdentity();
        assertThat(me.arn()).isEqualTo("arn:aws:sts::000000000000:assumed-role/smoke-sts/s1");
        assertThat(me.userId()).endsWith(":s1");
    }
}
