package dev.opensts.app.sts.webidentity;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The claims of a web identity token whose signature, issuer, audience and times were verified.
 *
 * @param issuer            {@code iss} as the token carries it
 * @param subject           {@code sub} (AssumeRoleWithWebIdentity's SubjectFromWebIdentityToken)
 * @param audiences         {@code aud}, every value
 * @param audience          the value that matched the provider's ClientIDList (AWS's Audience in the answer):
 *                          an {@code aud} value, or {@code azp} when no {@code aud} value matched
 * @param authorizedParty   {@code azp}, or null
 * @param amr               {@code amr} (a string claim becomes one value), empty when absent
 * @param tokenId           {@code jti}, or null
 * @param issuedAt          {@code iat}, or null
 * @param expiresAt         {@code exp}
 * @param notBefore         {@code nbf}, or null
 * @param principalTags     session tags from {@code https://aws.amazon.com/tags} {@code principal_tags}, in order
 * @param transitiveTagKeys {@code https://aws.amazon.com/tags} {@code transitive_tag_keys}
 * @param sourceIdentity    {@code https://aws.amazon.com/source_identity}, or null
 * @param kubernetes        the {@code kubernetes.io} claims of a service-account token, or null
 */
public record VerifiedToken(String issuer, String subject, List<String> audiences, String audience,
                            String authorizedParty, List<String> amr, String tokenId, Instant issuedAt,
                            Instant expiresAt, Instant notBefore, Map<String, String> principalTags,
                            List<String> transitiveTagKeys, String sourceIdentity, Kubernetes kubernetes) {

    /** The {@code kubernetes.io} claims; each may be null when the token does not carry it. */
    public record Kubernetes(String namespace, String serviceAccountName, String serviceAccountUid, String podName,
                             String podUid) {

        /**
         * These claims as the session tags EKS Pod Identity names them ({@code kubernetes-namespace},
         * {@code kubernetes-service-account}, {@code kubernetes-pod-name}, {@code kubernetes-pod-uid}), absent ones
         * left out.
         */
        public Map<String, String> sessionTags() {
            var tags = new LinkedHashMap<String, String>();
            put(tags, "kubernetes-namespace", namespace);
            put(tags, "kubernetes-service-account", serviceAccountName);
            put(tags, "kubernetes-pod-name", podName);
            put(tags, "kubernetes-pod-uid", podUid);
            return tags;
        }

        private static void put(Map<String, String> tags, String key, String value) {
            if (value != null) {
                tags.put(key, value);
            }
        }
    }

    public VerifiedToken {
        audiences = List.copyOf(audiences);
        amr = List.copyOf(amr);
        principalTags = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(principalTags));
        transitiveTagKeys = List.copyOf(transitiveTagKeys);
    }
}
