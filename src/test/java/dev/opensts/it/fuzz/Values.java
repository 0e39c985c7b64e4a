package dev.opensts.it.fuzz;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Pools and generators of awkward values: numbers that overflow, timestamps out of range, long and odd text,
 * ARNs with odd paths and accounts, policy documents that are random, deep or huge. Everything is drawn from
 * the random source passed in, so a seed reproduces it.
 */
final class Values {
    static final String ACCOUNT = "000000000000";

    private Values() {
    }

    static boolean chance(SplittableRandom r, int percent) {
        return r.nextInt(100) < percent;
    }

    @SafeVarargs
    static <T> T pick(SplittableRandom r, T... xs) {
        return xs[r.nextInt(xs.length)];
    }

    static <T> T pick(SplittableRandom r, List<T> xs) {
        return xs.get(r.nextInt(xs.size()));
    }

    // ---------------------------------------------------------------- numbers and times

    private static final String[] INTEGERS = {"0", "-1", "1", "-0", "+5", " 5", "5 ", "900", "3600", "43200",
            "43201", "129600", "2147483647", "2147483648", "-2147483648", "-2147483649", "4294967296",
            "9223372036854775807", "9223372036854775808", "-9223372036854775809", "99999999999",
            "99999999999999999999", "1e30", "-1e30", "1E3", "1.5", "1.0", "0.0000001", "1e-400", "1e400", "NaN",
            "Infinity", "-Infinity", "0x10", "010", "00000000000000000000000000001", "\u0661\u0662\u0663",
            "\uff11\uff12", "1_000", "1,000", "--1", "", " ", "true", "4.9e-324", "1.7976931348623157e308"};

    static String integer(SplittableRandom r) {
        return switch (r.nextInt(4)) {
            case 0 -> Long.toString(r.nextLong());
            case 1 -> Integer.toString(r.nextInt(-100, 100_000));
            case 2 -> Double.toString(r.nextDouble() * Math.pow(10, r.nextInt(-10, 320)));
            default -> pick(r, INTEGERS);
        };
    }

    private static final String[] TIMESTAMPS = {"2025-01-01T00:00:00Z", "1970-01-01T00:00:00Z",
            "1969-12-31T23:59:59Z", "9999-12-31T23:59:59Z", "10000-01-01T00:00:00Z", "+999999999-12-31T23:59:59Z",
            "-999999999-01-01T00:00:00Z", "99999999999999999999", "-1e30", "9999999999999", "1700000000",
            "1700000000.5", "-1", "0", "2024-13-01T00:00:00Z", "2024-02-30T00:00:00Z", "2024-01-01T24:00:00Z",
            "2024-01-01T00:00:60Z", "2024-01-01T00:00:00.123456789123Z", "2024-01-01T00:00:00+25:00",
            "2024-01-01T00:00:00-18:00", "2024-01-01", "2024-01-01T00:00:00", "T", "", "20250101T000000Z",
            "Wed, 01 Jan 2025 00:00:00 GMT", "2024-01-01T00:00:00Z\u0000", "1e3", "NaN"};

    static String timestamp(SplittableRandom r) {
        return chance(r, 70) ? pick(r, TIMESTAMPS)
                : java.time.Instant.ofEpochSecond(r.nextLong(-62_000_000_000L, 260_000_000_000L)).toString();
    }

    // ---------------------------------------------------------------- text

    private static final String[] ODD = {"\u0000", "\u0001", "\t", "\n", "\r", "\r\n", "\u001f", "\u007f",
            "\u0085", "\u00a0", "\u00ff", "\u2028", "\u2029", "\ufeff", "\uffff", "\ufffe", "\ud83d\ude00", "\ud800",
            "\udfff", "\u6f22\u5b57", "\u202e", "e\u0301", "%", "%25", "%ZZ", "+", "&", "=", ";", "<", ">", "'",
            "\"", "\\", "${aws:username}", "${", "${*}", "../", "*", "?", "<![CDATA[", "]]>", "&amp;", "&#0;",
            "\u0000\u0000\u0000", " ", "", "null", "{}", "[]", "arn:", "::", "/", "//", "\\u0000"};

    static String oddText(SplittableRandom r) {
        StringBuilder sb = new StringBuilder();
        int n = r.nextInt(1, 8);
        for (int i = 0; i < n; i++) {
            sb.append(chance(r, 60) ? pick(r, ODD) : name(r, 1, 8));
        }
        return sb.toString();
    }

    private static final String[] ALPHABETS = {"x", "abcdefghijklmnopqrstuvwxyz", "0123456789",
            "\u6f22\u5b57\u4e2d\u6587", "\ud83d\ude00", "%+&= ", "\u0000\u0001\u007f", "\u00e9\u00fc\u00df",
            "*?", "/"};

    /** 1 KiB to about 200 KiB of one alphabet: over every length limit, some past the body limit once encoded. */
    static String longText(SplittableRandom r) {
        int len = pick(r, 1025, 2049, 10_241, 65_537, 131_072, 200_000);
        String alphabet = pick(r, ALPHABETS);
        StringBuilder sb = new StringBuilder(len);
        while (sb.length() < len) {
            sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
            if (Character.isHighSurrogate(sb.charAt(sb.length() - 1))) {
                sb.append('\ude00');
            }
        }
        return sb.toString();
    }

    private static final String NAME_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_+=,.@-";

    /** Characters IAM names allow ([\w+=,.@-]), length min..max. */
    static String name(SplittableRandom r, int min, int max) {
        int len = min >= max ? min : r.nextInt(min, max + 1);
        StringBuilder sb = new StringBuilder(len);
        for (int i = 0; i < len; i++) {
            sb.append(NAME_CHARS.charAt(r.nextInt(NAME_CHARS.length())));
        }
        return sb.toString();
    }

    /** A value of any kind, for a parameter whose own kind is ignored. */
    static String anything(SplittableRandom r) {
        return switch (r.nextInt(9)) {
            case 0 -> integer(r);
            case 1 -> timestamp(r);
            case 2 -> oddText(r);
            case 3 -> longText(r);
            case 4 -> arn(r);
            case 5 -> policy(r);
            case 6 -> "";
            case 7 -> pick(r, "true", "false", "TRUE", "yes", "1", "0");
            default -> name(r, 0, 300);
        };
    }

    // ---------------------------------------------------------------- ARNs

    private static final String[] PARTITIONS = {"aws", "aws", "aws", "aws-cn", "aws-us-gov", "", "AWS", "aws*"};
    private static final String[] SERVICES = {"iam", "iam", "iam", "sts", "s3", "", "IAM", "*"};
    private static final String[] ACCOUNTS = {ACCOUNT, ACCOUNT, ACCOUNT, "111111111111", "123456789012", "",
            "0000000000000", "00000000000", "abcdefghijkl", "aws", "*", "-00000000000", "\uff10".repeat(12),
            "000000000000 ", "99999999999999999999"};
    private static final String[] RESOURCES = {"role/fuzz-role", "role/fuzz/fuzz-role", "role/FUZZ-ROLE",
            "role/fuzz/", "role/", "role//fuzz-role", "role/a/b/c/d/e/f/g/h/fuzz-role", "role/../fuzz-role",
            "role/*", "user/fuzz-user", "user/fuzz/fuzz-user", "user/", "policy/fuzz-policy", "policy/x/y/fuzz-policy",
            "policy/AdministratorAccess", "root", "assumed-role/fuzz-role/s", "assumed-role//", "federated-user/x",
            "role", "", "*", "role/\u0000", "role/%2e%2e", "role/fuzz-role/", "group/g", ":", "role:fuzz-role"};

    static String arn(SplittableRandom r) {
        if (chance(r, 8)) {
            return pick(r, "arn", "arn:", "arn:aws", "arn:aws:iam", "arn:aws:iam::", "*", "",
                    "arn:aws:iam::" + ACCOUNT + ":role/" + "p/".repeat(r.nextInt(100, 2000)) + "r",
                    "arn:aws:iam::" + ACCOUNT + ":role/" + name(r, 65, 2100), oddText(r),
                    "arn:aws:iam::aws:policy/AdministratorAccess", "arn:aws:s3:::bucket/key");
        }
        return "arn:" + pick(r, PARTITIONS) + ":" + pick(r, SERVICES) + "::" + pick(r, ACCOUNTS) + ":"
                + (chance(r, 85) ? pick(r, RESOURCES) : "role/" + oddText(r));
    }

    // ---------------------------------------------------------------- JSON

    /** A random JSON text: scalars of every kind, arrays and objects, a few levels deep. */
    static String json(SplittableRandom r, int depth) {
        int k = depth > 4 ? r.nextInt(5) : r.nextInt(8);
        return switch (k) {
            case 0 -> "null";
            case 1 -> pick(r, "true", "false");
            case 2 -> pick(r, "0", "-0", "1e999999", "-1e999999", "123456789012345678901234567890",
                    "0.00000000000000000000000001", "1E+2", "-1", "2147483648", "9223372036854775808");
            case 3 -> jsonString(oddText(r));
            case 4 -> jsonString(name(r, 0, 40));
            case 5, 6 -> {
                StringBuilder sb = new StringBuilder("[");
                int n = r.nextInt(4);
                for (int i = 0; i < n; i++) {
                    sb.append(i == 0 ? "" : ",").append(json(r, depth + 1));
                }
                yield sb.append(']').toString();
            }
            default -> {
                StringBuilder sb = new StringBuilder("{");
                int n = r.nextInt(4);
                for (int i = 0; i < n; i++) {
                    sb.append(i == 0 ? "" : ",").append(jsonString(chance(r, 50) ? name(r, 0, 12) : oddText(r)))
                            .append(':').append(json(r, depth + 1));
                }
                yield sb.append('}').toString();
            }
        };
    }

    /** n levels of nested arrays or objects around a value. */
    static String deep(SplittableRandom r, int n) {
        boolean arrays = r.nextBoolean();
        StringBuilder sb = new StringBuilder(n * 6 + 8);
        for (int i = 0; i < n; i++) {
            sb.append(arrays ? "[" : "{\"a\":");
        }
        sb.append("1");
        for (int i = 0; i < n; i++) {
            sb.append(arrays ? ']' : '}');
        }
        return sb.toString();
    }

    static String jsonString(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                default -> {
                    if (c < 0x20 || Character.isSurrogate(c)) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    // ---------------------------------------------------------------- policy documents

    private static final String[] OPERATORS = {"StringEquals", "StringLike", "StringNotLike", "StringEqualsIgnoreCase",
            "StringNotEquals", "ArnLike", "ArnEquals", "ArnNotLike", "NumericLessThan", "NumericEquals",
            "NumericGreaterThanEquals", "DateGreaterThan", "DateLessThan", "DateEquals", "Bool", "IpAddress",
            "NotIpAddress", "BinaryEquals", "Null", "ForAllValues:StringLike", "ForAnyValue:StringEquals",
            "StringLikeIfExists", "NumericLessThanIfExists", "ForAllValues:NumericLessThan", "Junk",
            "ForAllValues:Bogus", "", "StringLike:IfExists", "stringequals"};
    private static final String[] CONDITION_KEYS = {"aws:PrincipalArn", "aws:SourceIp", "aws:CurrentTime",
            "aws:EpochTime", "aws:MultiFactorAuthPresent", "aws:PrincipalTag/team", "aws:RequestTag/${aws:username}",
            "s3:prefix", "aws:TagKeys", "sts:ExternalId", "aws:SecureTransport", "aws:userid", "aws:username",
            "aws:RequestedRegion", "aws:PrincipalType", "aws:SourceIdentity", "sts:RoleSessionName", "${aws:username}",
            "", "aws:", "AWS:USERNAME", "s3:max-keys", "aws:ResourceAccount", "aws:TokenIssueTime"};
    private static final String[] CONDITION_VALUES = {"*", "?", "", "true", "false", "TRUE", "yes", "10.0.0.0/8",
            "::1/128", "999.1.1.1/33", "1.2.3.4/-1", "::ffff:1.2.3.4/200", "0.0.0.0/0", "abc", "1e400", "-0", "NaN",
            "99999999999999999999999", "2025-01-01T00:00:00Z", "+999999999-12-31T23:59:59Z", "1700000000",
            "${aws:username}", "${", "${*}", "${?}", "${$}", "${aws:nope}", "arn:aws:iam::000000000000:role/fuzz/*",
            "*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b", "?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*!",
            "AAAA", "not base64!"};
    private static final String[] ACTIONS = {"*", "sts:AssumeRole", "sts:TagSession", "sts:SetSourceIdentity",
            "iam:*", "iam:Get*", "s3:*", "s3:GetObject", "s3:*Obj?ct", "", "s3", "s3:", ":", "*:*", "iam:PassRole",
            "sts:*", "**", "s3:*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b", "S3:GETOBJECT", "a:b:c"};
    private static final String[] PRINCIPALS = {"{\"AWS\":\"arn:aws:iam::000000000000:root\"}", "\"*\"",
            "{\"AWS\":\"*\"}", "{\"AWS\":[\"arn:aws:iam::000000000000:root\",\"000000000000\"]}",
            "{\"Service\":\"ec2.amazonaws.com\"}", "{\"Federated\":\"cognito-identity.amazonaws.com\"}",
            "{\"AWS\":\"arn:aws:iam::000000000000:role/fuzz/fuzz-role\"}", "{\"AWS\":\"111111111111\"}",
            "{\"AWS\":[]}", "{}", "[]", "{\"CanonicalUser\":\"x\"}", "{\"AWS\":\"arn:aws:iam::000000000000:user/*\"}"};

    /** A policy document: mostly well formed but odd, else random, deep, huge or broken JSON. */
    static String policy(SplittableRandom r) {
        return switch (r.nextInt(12)) {
            case 0 -> json(r, 0);
            case 1 -> "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\","
                    + "\"Resource\":\"*\",\"Condition\":" + deep(r, pick(r, 10, 100, 1000, 3000, 20_000)) + "}]}";
            case 2 -> deep(r, pick(r, 100, 1000, 5000, 30_000));
            case 3 -> hugePolicy(r);
            case 4 -> broken(r, wellFormedPolicy(r));
            default -> wellFormedPolicy(r);
        };
    }

    static String wellFormedPolicy(SplittableRandom r) {
        StringBuilder sb = new StringBuilder("{");
        if (chance(r, 90)) {
            sb.append("\"Version\":").append(pick(r, "\"2012-10-17\"", "\"2012-10-17\"", "\"2008-10-17\"", "\"\"",
                    "\"2012-10-18\"", "1", "null")).append(',');
        }
        if (chance(r, 10)) {
            sb.append("\"Id\":").append(jsonString(oddText(r))).append(',');
        }
        sb.append("\"Statement\":");
        int n = chance(r, 80) ? r.nextInt(1, 4) : r.nextInt(0, 40);
        boolean array = n != 1 || r.nextBoolean();
        sb.append(array ? "[" : "");
        for (int i = 0; i < n; i++) {
            sb.append(i == 0 ? "" : ",").append(statement(r));
        }
        if (n == 0 && !array) {
            sb.append("null");
        }
        return sb.append(array ? "]" : "").append('}').toString();
    }

    private static String statement(SplittableRandom r) {
        StringBuilder sb = new StringBuilder("{");
        if (chance(r, 30)) {
            sb.append("\"Sid\":").append(jsonString(chance(r, 70) ? name(r, 0, 20) : oddText(r))).append(',');
        }
        sb.append("\"Effect\":").append(jsonString(pick(r, "Allow", "Allow", "Deny", "allow", "", "Maybe")));
        if (chance(r, 40)) {
            sb.append(",\"Principal\":").append(pick(r, PRINCIPALS));
        }
        sb.append(chance(r, 85) ? ",\"Action\":" : ",\"NotAction\":").append(stringOrList(r, ACTIONS));
        if (chance(r, 80)) {
            sb.append(chance(r, 85) ? ",\"Resource\":" : ",\"NotResource\":");
            sb.append(chance(r, 50) ? "\"*\"" : jsonString(arn(r)));
        }
        if (chance(r, 40)) {
            sb.append(",\"Condition\":{");
            int n = r.nextInt(1, 4);
            for (int i = 0; i < n; i++) {
                sb.append(i == 0 ? "" : ",").append(jsonString(pick(r, OPERATORS))).append(":{")
                        .append(jsonString(pick(r, CONDITION_KEYS))).append(':')
                        .append(stringOrList(r, CONDITION_VALUES)).append('}');
            }
            sb.append('}');
        }
        if (chance(r, 5)) {
            sb.append(',').append(jsonString(oddText(r))).append(':').append(json(r, 2));
        }
        return sb.append('}').toString();
    }

    private static String stringOrList(SplittableRandom r, String[] pool) {
        if (chance(r, 60)) {
            return jsonString(pick(r, pool));
        }
        if (chance(r, 10)) {
            return json(r, 3);
        }
        StringBuilder sb = new StringBuilder("[");
        int n = r.nextInt(0, 5);
        for (int i = 0; i < n; i++) {
            sb.append(i == 0 ? "" : ",").append(jsonString(pick(r, pool)));
        }
        return sb.append(']').toString();
    }

    private static String hugePolicy(SplittableRandom r) {
        return switch (r.nextInt(3)) {
            case 0 -> {
                StringBuilder sb = new StringBuilder("{\"Version\":\"2012-10-17\",\"Statement\":[");
                int n = pick(r, 100, 1000, 5000);
                for (int i = 0; i < n; i++) {
                    sb.append(i == 0 ? "" : ",").append("{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\","
                            + "\"Resource\":\"*\"}");
                }
                yield sb.append("]}").toString();
            }
            case 1 -> "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":"
                    + jsonString("s3:" + longText(r)) + ",\"Resource\":\"*\"}]}";
            default -> {
                StringBuilder sb = new StringBuilder("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":"
                        + "\"Allow\",\"Action\":[");
                int n = pick(r, 1000, 10_000);
                for (int i = 0; i < n; i++) {
                    sb.append(i == 0 ? "" : ",").append("\"s3:*a*a*a*a*a*a*").append(i).append("\"");
                }
                yield sb.append("],\"Resource\":\"*\"}]}").toString();
            }
        };
    }

    /** JSON made invalid: cut short, a bad token, a lone surrogate escape, comments, trailing commas. */
    static String broken(SplittableRandom r, String json) {
        int at = json.isEmpty() ? 0 : r.nextInt(json.length());
        return switch (r.nextInt(9)) {
            case 0 -> json.substring(0, at);
            case 1 -> json.substring(0, at) + pick(r, ",", "]", "}", ":", "\"", "\\", "NaN", "'", "//x\n",
                    "/*", "\\ud800", "\\u00", "\u0000") + json.substring(at);
            case 2 -> json + pick(r, ",", "}", " x", "{}", "\u0000");
            case 3 -> "\ufeff" + json;
            case 4 -> json.replace("\"", "'");
            case 5 -> json.replace("}", ",}");
            case 6 -> json.replace("\"Effect\"", "\"Effect\":\"Deny\",\"Effect\"");
            case 7 -> json.replace("Allow", "\\ud800Allow");
            default -> json.replace(":", ": \u0000");
        };
    }
}
