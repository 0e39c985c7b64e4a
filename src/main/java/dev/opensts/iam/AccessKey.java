package dev.opensts.iam;

import java.time.Instant;

/** A long-term access key; its secret stays encrypted under the key ring. */
public record AccessKey(String accessKeyId, String encryptedSecret, AccessKeyStatus status, Instant createDate) {
    AccessKey withStatus(AccessKeyStatus newStatus) {
        return new AccessKey(accessKeyId, encryptedSecret, newStatus, createDate);
    }

    AccessKey withSecret(String newEncryptedSecret) {
        return new AccessKey(accessKeyId, newEncryptedSecret, status, createDate);
    }
}
