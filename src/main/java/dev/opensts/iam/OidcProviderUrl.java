package dev.opensts.iam;

import dev.opensts.error.AwsException;
import dev.opensts.error.ErrorCode;

import java.util.Locale;

/**
 * The URL of an OpenID Connect provider, as IAM takes it ({@code https://HOST[:PORT][/PATH]}, at most 255
 * characters, no query or fragment: the OIDC issuer identifier's rules) and keeps it: without the scheme, as
 * IAM's GetOpenIDConnectProvider answers it and its ARN shows it.
 *
 * <p>Case: the host is a DNS name, so it is compared without regard to case ({@link #key}: two providers whose
 * URLs differ only in the host's case are one provider); the path is compared as given, as a token's {@code iss}
 * is. The URL is kept as the caller wrote it. A port is allowed (AWS advises against one; a self-hosted issuer
 * often has one).
 */
public final class OidcProviderUrl {
    public static final int MAX_LENGTH = 255;
    private static final String HTTPS = "https://";

    private OidcProviderUrl() {
    }

    /** The URL as a caller gives it (with {@code https://}), checked; answers it without the scheme. */
    public static String withoutScheme(String url) {
        if (url == null || url.isEmpty() || url.length() > MAX_LENGTH) {
            throw AwsException.of(ErrorCode.ValidationError, "1 validation error detected: Value at 'url' failed to "
                    + "satisfy constraint: Member must have length %s", url == null || url.isEmpty()
                    ? "greater than or equal to 1" : "less than or equal to " + MAX_LENGTH);
        }
        if (!url.regionMatches(true, 0, HTTPS, 0, HTTPS.length())) {
            throw invalid(url, "it must begin with https://");
        }
        String rest = url.substring(HTTPS.length());
        int slash = rest.indexOf('/');
        String authority = slash < 0 ? rest : rest.substring(0, slash);
        if (!isHostAndPort(authority)) {
            throw invalid(url, "it must name a host (letters, digits, '-' and '.', optionally ':' and a port)");
        }
        for (int i = authority.length(); i < rest.length(); i++) {
            char c = rest.charAt(i);
            if (c < 0x21 || c > 0x7E || c == '?' || c == '#') {
                throw invalid(url, "it may have a path but no query, fragment, space or control character");
            }
        }
        return rest;
    }

    /** The URL (without scheme) as it is compared: the host folded to lower case, the path as given. */
    public static String key(String url) {
        int slash = url.indexOf('/');
        return slash < 0 ? url.toLowerCase(Locale.ROOT)
                : url.substring(0, slash).toLowerCase(Locale.ROOT) + url.substring(slash);
    }

    private static boolean isHostAndPort(String authority) {
        int colon = authority.indexOf(':');
        String host = colon < 0 ? authority : authority.substring(0, colon);
        if (host.isEmpty() || host.startsWith(".") || host.startsWith("-")) {
            return false;
        }
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.')) {
                return false;
            }
        }
        if (colon < 0) {
            return true;
        }
        String port = authority.substring(colon + 1);
        if (port.isEmpty() || port.length() > 5) {
            return false;
        }
        for (int i = 0; i < port.length(); i++) {
            if (port.charAt(i) < '0' || port.charAt(i) > '9') {
                return false;
            }
        }
        int p = Integer.parseInt(port);
        return p >= 1 && p <= 65535;
    }

    private static AwsException invalid(String url, String why) {
        return new AwsException(ErrorCode.InvalidInput, "Invalid OpenID Connect provider URL " + url + ": " + why
                + ".");
    }
}
