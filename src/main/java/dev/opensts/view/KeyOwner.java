package dev.opensts.view;

/** Who holds a long-term access key: an IAM user (userName set) or an account's root (userName null). */
public record KeyOwner(String accountId, String userName) {
    public boolean isRoot() {
        return userName == null;
    }
}
