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
}
