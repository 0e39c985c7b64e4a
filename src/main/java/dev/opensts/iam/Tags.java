package dev.opensts.iam;

import dev.opensts.error.AwsException;
import dev.opensts.error.ErrorCode;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * Tag-set rules shared by users, roles and policies: case-insensitive keys, no key of AWS's reserved "aws:"
 * prefix, at most the quota per entity. {@link #checked} decides; {@link #merged} only applies (evolve never
 * refuses an event that was decided).
 */
final class Tags {
    private Tags() {
    }

    /** The tags after adding {@code added}, checked: distinct keys, none reserved, within {@code limit}. */
    static List<Tag> checked(List<Tag> existing, List<Tag> added, int limit) {
        var seen = new java.util.HashSet<String>();
        for (Tag t : added) {
            String key = t.key().toLowerCase(Locale.ROOT);
            if (key.startsWith("aws:")) {
                throw new AwsException(ErrorCode.InvalidInput,
                        "The tag key " + t.key() + " is not valid: the prefix 'aws:' is reserved for AWS use.");
            }
            if (!seen.add(key)) {
                throw new AwsException(ErrorCode.InvalidInput,
                        "Duplicate tag keys found. Please note that Tag keys are case insensitive.");
            }
        }
        List<Tag> result = merged(existing, added);
        if (result.size() > limit) {
            throw new AwsException(ErrorCode.LimitExceeded,
                    "The number of tags has reached the maximum limit of " + limit + ".");
        }
        return result;
    }

    /** The existing tags with the new ones added or replacing a key of any case. */
    static List<Tag> merged(List<Tag> existing, List<Tag> added) {
        var result = new ArrayList<Tag>(existing.size() + added.size());
        for (Tag old : existing) {
            if (added.stream().noneMatch(n -> n.key().equalsIgnoreCase(old.key()))) {
                result.add(old);
            }
        }
        result.addAll(added);
        return List.copyOf(result);
    }

    static List<Tag> remove(List<Tag> existing, Collection<String> keys) {
        return existing.stream()
                .filter(t -> keys.stream().noneMatch(k -> k.equalsIgnoreCase(t.key())))
                .toList();
    }
}
