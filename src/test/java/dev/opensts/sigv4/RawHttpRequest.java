package dev.opensts.sigv4;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Test helper: reads the suite's raw HTTP files (request line, headers with folded continuation lines,
 * blank line, body) into an {@link HttpRequestView}, as an HTTP server would hand it over.
 */
final class RawHttpRequest {

    private RawHttpRequest() {
    }

    static HttpRequestView parse(byte[] file) {
        String text = new String(file, StandardCharsets.UTF_8).replace("\r\n", "\n");
        int split = text.indexOf("\n\n");
        String head = split < 0 ? text : text.substring(0, split);
        String body = split < 0 ? "" : text.substring(split + 2);
        String[] lines = head.split("\n");

        // The target may contain raw spaces (get-space-*), so the version is taken from the end.
        String requestLine = lines[0];
        int first = requestLine.indexOf(' ');
        int last = requestLine.lastIndexOf(' ');
        String method = requestLine.substring(0, first);
        String target = requestLine.substring(first + 1, last);
        int q = target.indexOf('?');
        String path = q < 0 ? target : target.substring(0, q);
        String query = q < 0 ? "" : target.substring(q + 1);

        List<Map.Entry<String, String>> headers = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i];
            if (line.isEmpty()) {
                continue;
            }
            if (Character.isWhitespace(line.charAt(0)) && !headers.isEmpty()) {
                // obs-fold: the continuation joins the previous value with one space
                Map.Entry<String, String> prev = headers.remove(headers.size() - 1);
                headers.add(Map.entry(prev.getKey(), prev.getValue() + " " + line.strip()));
                continue;
            }
            int colon = line.indexOf(':');
            headers.add(Map.entry(line.substring(0, colon), line.substring(colon + 1).stripLeading()));
        }
        return new HttpRequestView(method, path, query, headers, body.getBytes(StandardCharsets.UTF_8));
    }
}
