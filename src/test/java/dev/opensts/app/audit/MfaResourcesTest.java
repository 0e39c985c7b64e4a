package dev.opensts.app.audit;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** An IAM request that names a virtual MFA device records it among its resources; an STS one does not. */
class MfaResourcesTest {
    static final String SERIAL = "arn:aws:iam::123456789012:mfa/team/phone";

    @Test
    void a_device_and_a_user_named_by_enable_mfa_device() {
        assertThat(AuditRecords.resources(AuditRecord.Service.iam, Map.of("serialNumber", SERIAL, "userName",
                "alice"), "123456789012", null)).containsExactlyInAnyOrder(
                new AuditRecord.Resource("arn:aws:iam::123456789012:user/alice", "123456789012", "AWS::IAM::User"),
                new AuditRecord.Resource(SERIAL, "123456789012", "AWS::IAM::VirtualMFADevice"));
    }

    @Test
    void the_device_create_virtual_mfa_device_names_with_its_path() {
        assertThat(AuditRecords.resources(AuditRecord.Service.iam, Map.of("virtualMFADeviceName", "phone", "path",
                "/team/"), "123456789012", null)).containsExactly(
                new AuditRecord.Resource(SERIAL, "123456789012", "AWS::IAM::VirtualMFADevice"));
    }

    @Test
    void not_the_serial_number_of_an_sts_request() {
        assertThat(AuditRecords.resources(AuditRecord.Service.sts, Map.of("serialNumber", SERIAL), "123456789012",
                null)).isEmpty();
    }
}
