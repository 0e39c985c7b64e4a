package dev.opensts.adapter.http.iam;

import dev.opensts.error.AwsException;
import dev.opensts.error.ErrorCode;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * IAM's paging: items in a stable order, MaxItems (default 100) per page, and an opaque Marker
 * naming the last item returned, with IsTruncated telling whether more follow.
 */
final class Page {
    static final int DEFAULT_MAX_ITEMS = 100;

    private Page() {
    }

    /**
     * @param items the items, in any order: they are paged in the order of {@code key}, which the Marker names
     * @param key a unique key per item
     * @param listMember the output member holding the items
     */
    static <T> Map<String, Object> of(List<T> items, Function<T, String> key, Function<T, Object> shape,
                                      String marker, Integer maxItems, String listMember) {
        // the marker is the last key returned, so the pages must follow the keys' order: listings from the view
        // already do (one pass to see it), tags are kept in the order they were set (sorted here)
        List<T> sorted = inKeyOrder(items, key) ? items : items.stream().sorted(Comparator.comparing(key)).toList();
        int max = maxItems == null ? DEFAULT_MAX_ITEMS : maxItems;
        int from = 0;
        if (marker != null) {
            String after = decodeMarker(marker);
            while (from < sorted.size() && key.apply(sorted.get(from)).compareTo(after) <= 0) {
                from++;
            }
        }
        int to = Math.min(sorted.size(), from + max);
        var result = new LinkedHashMap<String, Object>();
        result.put(listMember, sorted.subList(from, to).stream().map(shape).toList());
        boolean truncated = to < sorted.size();
        result.put("IsTruncated", truncated);
        if (truncated) {
            result.put("Marker", Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(key.apply(sorted.get(to - 1)).getBytes(StandardCharsets.UTF_8)));
        }
        return result;
    }

    private static <T> boolean inKeyOrder(List<T> items, Function<T, String> key) {
        String previous = null;
        for (T item : items) {
            String k = key.apply(item);
            if (previous != null && previous.compareTo(k) > 0) {
                return false;
            }
            previous = k;
        }
        return true;
    }

    private static String decodeMarker(String marker) {
        try {
            return new String(Base64.getUrlDecoder().decode(marker), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new AwsException(ErrorCode.InvalidInput, "Invalid Marker: " + abbreviate(marker));
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 64 ? s : s.substring(0, 64) + "...";
    }
}
