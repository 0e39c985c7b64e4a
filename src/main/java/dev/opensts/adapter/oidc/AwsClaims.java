package dev.opensts.adapter.oidc;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.opensts.app.sts.webidentity.VerifiedToken;
import dev.opensts.error.AwsException;
import dev.opensts.error.ErrorCode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The claims of a verified token as a {@link VerifiedToken}: AWS's session tags
 * ({@code https://aws.amazon.com/tags}) and source identity ({@code https://aws.amazon.com/source_identity}), and the
 * {@code kubernetes.io} claims of a service-account token.
 */
final class AwsClaims {
    static final String TAGS_CLAIM = "https://aws.amazon.com/tags";
    static final String SOURCE_IDENTITY_CLAIM = "https://aws.amazon.com/source_identity";
    static final String KUBERNETES_CLAIM = "kubernetes.io";

    private AwsClaims() {
    }

    /** The verified token of {@code claims}; {@code IDPRejectedClaim} when an AWS claim is unusable. */
    static VerifiedToken of(JWTClaimsSet claims, String audience) {
        Map<String, String> principalTags = new LinkedHashMap<>();
        List<String> transitive = new ArrayList<>();
        Object tags = claims.getClaim(TAGS_CLAIM);
        if (tags != null) {
            if (!(tags instanceof Map<?, ?> t)) {
                throw rejected("The " + TAGS_CLAIM + " claim is not an object");
            }
            Object principal = t.get("principal_tags");
            if (principal != null) {
                if (!(principal instanceof Map<?, ?> p)) {
                    throw rejected("principal_tags of the " + TAGS_CLAIM + " claim is not an object");
                }
                for (var e : p.entrySet()) {
                    principalTags.put((String) e.getKey(), tagValue(e.getValue()));
                }
            }
            Object keys = t.get("transitive_tag_keys");
            if (keys != null) {
                if (!(keys instanceof List<?> l) || !l.stream().allMatch(String.class::isInstance)) {
                    throw rejected("transitive_tag_keys of the " + TAGS_CLAIM + " claim is not a list of strings");
                }
                l.forEach(k -> transitive.add((String) k));
            }
        }
        Object sourceIdentity = claims.getClaim(SOURCE_IDENTITY_CLAIM);
        if (sourceIdentity != null && !(sourceIdentity instanceof String)) {
            throw rejected("The " + SOURCE_IDENTITY_CLAIM + " claim is not a string");
        }
        return new VerifiedToken(claims.getIssuer(), claims.getSubject(), claims.getAudience(), audience,
                claims.getClaim("azp") instanceof String azp ? azp : null, amr(claims.getClaim("amr")),
                claims.getJWTID(), instant(claims.getIssueTime()), instant(claims.getExpirationTime()),
                instant(claims.getNotBeforeTime()), principalTags, transitive, (String) sourceIdentity,
                kubernetes(claims.getClaim(KUBERNETES_CLAIM)));
    }

    /** A principal tag's value: AWS documents a one-element list of strings; a plain string is taken as well. */
    private static String tagValue(Object value) {
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof List<?> l && l.size() == 1 && l.get(0) instanceof String s) {
            return s;
        }
        throw rejected("A principal tag of the " + TAGS_CLAIM + " claim is not a string or a list of one string");
    }

    private static List<String> amr(Object amr) {
        if (amr instanceof String s) {
            return List.of(s);
        }
        if (amr instanceof List<?> l) {
            return l.stream().filter(String.class::isInstance).map(String.class::cast).toList();
        }
        return List.of();
    }

    private static VerifiedToken.Kubernetes kubernetes(Object claim) {
        if (!(claim instanceof Map<?, ?> k)) {
            return null;
        }
        return new VerifiedToken.Kubernetes(string(k.get("namespace")),
                string(field(k.get("serviceaccount"), "name")), string(field(k.get("serviceaccount"), "uid")),
                string(field(k.get("pod"), "name")), string(field(k.get("pod"), "uid")));
    }

    private static Object field(Object map, String name) {
        return map instanceof Map<?, ?> m ? m.get(name) : null;
    }

    private static String string(Object o) {
        return o instanceof String s ? s : null;
    }

    private static Instant instant(Date d) {
        return d == null ? null : d.toInstant();
    }

    private static AwsException rejected(String message) {
        return new AwsException(ErrorCode.IDPRejectedClaim, message);
    }
}
