package dev.opensts.iam;

/** ARNs of IAM entities as AWS spells them (the path is part of the ARN). */
public final class Arns {
    private Arns() {
    }

    public static String root(String accountId) {
        return "arn:aws:iam::" + accountId + ":root";
    }

    public static String user(String accountId, String path, String name) {
        return "arn:aws:iam::" + accountId + ":user" + path + name;
    }

    public static String role(String accountId, String path, String name) {
        return "arn:aws:iam::" + accountId + ":role" + path + name;
    }

    public static String policy(String accountId, String path, String name) {
        return "arn:aws:iam::" + accountId + ":policy" + path + name;
    }

    /** The account of an IAM ARN, or null when the text is no IAM ARN. */
    public static String accountOf(String arn) {
        String[] parts = arn.split(":", 6);
        return parts.length == 6 && parts[0].equals("arn") ? parts[4] : null;
    }

    /** The last path segment of a resource ARN: the entity's name. */
    public static String nameOf(String arn) {
        int slash = arn.lastIndexOf('/');
        return slash < 0 ? null : arn.substring(slash + 1);
    }
}
