package dev.opensts.iam;

import java.util.ArrayList;
import java.util.List;

/**
 * An account's password policy, as UpdateAccountPasswordPolicy sets it (members left out take AWS's defaults:
 * length 6, nothing required, no expiry, no reuse prevention). maxPasswordAge and passwordReusePrevention are 0
 * for none; hardExpiry is null when never given (AWS then leaves it out of GetAccountPasswordPolicy).
 */
public record PasswordPolicy(int minimumPasswordLength, boolean requireSymbols, boolean requireNumbers,
                             boolean requireUppercaseCharacters, boolean requireLowercaseCharacters,
                             boolean allowUsersToChangePassword, int maxPasswordAge, int passwordReusePrevention,
                             Boolean hardExpiry) {
    /** The non-alphanumeric characters AWS counts as symbols. */
    public static final String SYMBOLS = "!@#$%^&*()_+-=[]{}|'";

    public boolean expirePasswords() {
        return maxPasswordAge > 0;
    }

    /** What the password lacks, in the words of AWS's PasswordPolicyViolation message; empty when it conforms. */
    public List<String> violations(String password) {
        var out = new ArrayList<String>();
        if (password.codePointCount(0, password.length()) < minimumPasswordLength) {
            out.add("Password should have at least " + minimumPasswordLength + " characters");
        }
        if (requireSymbols && password.chars().noneMatch(ch -> SYMBOLS.indexOf(ch) >= 0)) {
            out.add("Password should have at least one symbol");
        }
        if (requireNumbers && password.chars().noneMatch(ch -> ch >= '0' && ch <= '9')) {
            out.add("Password should have at least one number");
        }
        if (requireUppercaseCharacters && password.chars().noneMatch(ch -> ch >= 'A' && ch <= 'Z')) {
            out.add("Password should have at least one uppercase letter");
        }
        if (requireLowercaseCharacters && password.chars().noneMatch(ch -> ch >= 'a' && ch <= 'z')) {
            out.add("Password should have at least one lowercase letter");
        }
        return out;
    }
}
