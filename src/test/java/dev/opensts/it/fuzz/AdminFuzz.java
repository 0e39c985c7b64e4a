package dev.opensts.it.fuzz;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static dev.opensts.it.fuzz.Values.chance;
import static dev.opensts.it.fuzz.Values.pick;

/**
 * Requests to the admin API's accounts collection: POST with random and mutated account JSON, GET, and other
 * methods, with the admin token, without it, or with a wrong one.
 */
final class AdminFuzz {
    private final Fixtures fx;
    private final URI server;
    private final String path;

    AdminFuzz(Fixtures fx, URI accounts) {
        this.fx = fx;
        this.server = accounts;
        this.path = accounts.getRawPath();
    }

    FuzzCase build(int index, SplittableRandom r) {
        List<String> label = new ArrayList<>();
        String method = chance(r, 70) ? "POST" : chance(r, 85) ? "GET" : pick(r, "PUT", "DELETE", "PATCH", "HEAD");
        String target = chance(r, 93) ? path : pick(r, path + "/", path + "?x=%ZZ", path + "/000000000000", path + "/..",
                path + "%00", path + "?accountId=" + "1".repeat(5000), path.replace("accounts", "%61ccounts"));
        label.add(method + (target.equals(path) ? "" : " " + target));
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        if (chance(r, 90)) {
            headers.add(DecisionFuzz.bearer(r, fx.adminToken(), fx.decisionToken(), label));
        } else {
            label.add("no-token");
        }
        byte[] body = new byte[0];
        if (method.equals("POST") || chance(r, 10)) {
            String ct = chance(r, 90) ? "application/json" : pick(r, "text/plain", "", "application/json; charset=latin1",
                    "application/x-www-form-urlencoded", "application/xml", "*/*");
            if (!ct.equals("application/json")) {
                label.add("ct=" + ct);
            }
            headers.add(Map.entry("Content-Type", ct));
            String json = account(r, label);
            body = chance(r, 10) ? DecisionFuzz.textual(r, json) : json.getBytes(StandardCharsets.UTF_8);
        }
        return new FuzzCase(index, "admin", String.join(" ", label),
                new RawHttp.Request(method, server, target, headers, body, chance(r, 3)));
    }

    private static String account(SplittableRandom r, List<String> label) {
        switch (r.nextInt(10)) {
            case 0 -> {
                label.add("random");
                return Values.json(r, 0);
            }
            case 1 -> {
                label.add("deep");
                return "{\"accountId\":" + Values.deep(r, pick(r, 100, 1001, 50_000)) + "}";
            }
            default -> {
                StringBuilder sb = new StringBuilder("{");
                List<String> fields = new ArrayList<>();
                if (chance(r, 85)) {
                    fields.add("\"accountId\":" + accountId(r));
                }
                if (chance(r, 80)) {
                    fields.add("\"name\":" + name(r));
                }
                if (chance(r, 10)) {
                    fields.add(Values.jsonString(pick(r, "rootAccessKeyId", "rootSecretAccessKey", "extra", "accountid"))
                            + ":" + Values.json(r, 2));
                }
                if (chance(r, 5)) {
                    fields.add("\"accountId\":" + accountId(r)); // the key twice
                }
                sb.append(String.join(",", fields));
                label.add("fields=" + fields.size());
                return sb.append('}').toString();
            }
        }
    }

    private static String accountId(SplittableRandom r) {
        if (chance(r, 35)) {
            return "\"" + String.format("%012d", r.nextLong(1, 1_000_000_000_000L)) + "\"";
        }
        return pick(r, "\"000000000000\"", "\"111111111111\"", "\"00000000000\"", "\"0000000000000\"", "\"abcdefghijkl\"",
                "123456789012", "null", "\"\"", "\"" + "1".repeat(10_000) + "\"", "\"12345678901\\n\"",
                "\"\uff11\uff12\uff13\uff14\uff15\uff16\uff17\uff18\uff19\uff10\uff11\uff12\"", "[\"123456789012\"]",
                "{}", "1e12", "-1", "true", "\"12345678901 \"", "\"\\u0000\"");
    }

    private static String name(SplittableRandom r) {
        return pick(r, Values.jsonString(Values.name(r, 1, 30)), Values.jsonString(Values.name(r, 65, 65)),
                Values.jsonString(Values.longText(r)), Values.jsonString(Values.oddText(r)), "null", "42", "{}",
                "[\"a\"]", "\"\"", "\"\\u0000\"", "\"\\ud800\"");
    }
}
