package dev.opensts.sigv4;

/** The five slash-separated parts of a Credential value: {@code AKID/yyyyMMdd/region/service/aws4_request}. */
record Scope(String accessKeyId, String date, String region, String service) {

    static Scope parse(String credential) {
        String[] parts = credential.trim().split("/", -1);
        if (parts.length != 5) {
            throw SigV4Errors.credentialElements(credential);
        }
        for (String p : parts) {
            if (p.isEmpty()) {
                throw SigV4Errors.credentialElements(credential);
            }
        }
        if (!parts[4].equals(SigV4Constants.TERMINATOR)) {
            throw SigV4Errors.credentialTerminator(parts[4]);
        }
        return new Scope(parts[0], parts[1], parts[2], parts[3]);
    }
}
