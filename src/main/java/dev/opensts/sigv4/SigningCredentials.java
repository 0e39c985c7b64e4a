package dev.opensts.sigv4;

import java.util.Objects;

/** What a client signs with. sessionToken is null for long-term keys. */
public record SigningCredentials(String accessKeyId, String secretAccessKey, String sessionToken) {

    public SigningCredentials {
        Objects.requireNonNull(accessKeyId, "accessKeyId");
        Objects.requireNonNull(secretAccessKey, "secretAccessKey");
    }

    /** The default record toString would print the secret. */
    @Override
    public String toString() {
        return "SigningCredentials[accessKeyId=" + accessKeyId + ", secretAccessKey=***, sessionToken="
                + (sessionToken == null ? "null" : "***") + "]";
    }
}
