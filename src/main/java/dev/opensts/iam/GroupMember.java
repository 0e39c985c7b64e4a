package dev.opensts.iam;

/**
 * A user in a group, bound to the user's unique id as AWS binds it: a user deleted and created again under the same
 * name is another user (another id) and is not in the groups the old one was in. The name is kept for listings.
 */
public record GroupMember(String userName, String userId) {
}
