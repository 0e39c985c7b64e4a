package dev.opensts.sigv4;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The canonical URI. For every service but S3: normalised, then URI-encoded once more; the raw path is
 * still percent-encoded as received, so "%20" becomes "%2520" -- that double encoding is what the AWS
 * SDKs sign. For S3 (no normalisation): the bytes the path stands for, encoded once, so "%20" stays "%20"
 * and "%FE" and "%FF" stay apart.
 */
final class CanonicalPath {

    private CanonicalPath() {
    }

    /**
     * @param normalize true for every service but S3; false for S3-style services
     * @throws SigV4Exception InvalidURI (400) for a malformed percent-escape
     */
    static String of(String rawPath, boolean normalize) {
        String path = rawPath == null || rawPath.isEmpty() ? "/" : rawPath;
        if (path.charAt(0) != '/') {
            path = "/" + path;
        }
        if (normalize) {
            UriEncoding.decodeToBytes(path, SigV4Errors.INVALID_URI); // a malformed escape is refused here too
            return UriEncoding.encode(normalize(path), true);
        }
        return UriEncoding.encodeBytes(UriEncoding.decodeToBytes(path, SigV4Errors.INVALID_URI), true);
    }

    /** Removes "." and ".." segments (RFC 3986 5.2.4) and collapses repeated slashes; keeps a trailing slash. */
    static String normalize(String path) {
        Deque<String> kept = new ArrayDeque<>();
        String[] segments = path.split("/", -1);
        for (String s : segments) {
            if (s.isEmpty() || s.equals(".")) {
                continue;
            }
            if (s.equals("..")) {
                kept.pollLast();
            } else {
                kept.addLast(s);
            }
        }
        String last = segments[segments.length - 1];
        boolean trailingSlash = last.isEmpty() || last.equals(".") || last.equals("..");
        StringBuilder out = new StringBuilder(path.length());
        for (String s : kept) {
            out.append('/').append(s);
        }
        if (trailingSlash || out.isEmpty()) {
            out.append('/');
        }
        return out.toString();
    }
}
