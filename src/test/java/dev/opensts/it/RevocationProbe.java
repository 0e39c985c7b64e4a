package dev.opensts.it;

import dev.opensts.sigv4.SigningCredentials;
import dev.opensts.testinfra.OpenStsProcess;

/** RevokeSessions of a role, for tests outside this package; answers the HTTP status. */
public final class RevocationProbe {
    private RevocationProbe() {
    }

    public static int revoke(OpenStsProcess replica, SigningCredentials creds, String roleArn) throws Exception {
        return RevocationIT.revoke(replica, creds, "RoleArn", roleArn).statusCode();
    }
}
