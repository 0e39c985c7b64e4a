package dev.opensts.app.iam;

/** An inline policy of a user or role: its owner's name as stored, its name and its document. */
public record InlinePolicy(String ownerName, String policyName, String document) {
}
