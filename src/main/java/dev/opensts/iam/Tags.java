package dev.opensts.iam;

import dev.opensts.error.AwsException;
import dev.opensts.error.ErrorCode;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/** Tag-set rules shared by users and roles: case-insensitive keys, at most 50 per entity. */
final class Tags {
    static final int MAX_PER_ENTITY = 50;

    private Tags() {
    }

    /** Rejects a request that names one key twice (in any case). */
    static void requireDistinctKeys(Collection<Tag> tags) {
        var seen = new java.util.HashSet<String>();
        for (Tag t : tags) {
            if (!seen.add(t.key().toLowerCase(Locale.ROOT))) {
                throw new AwsException(ErrorCode.InvalidInput,
                        "Duplicate tag keys found. Please note that Tag keys are case insensitive.");
            }
        }
    }

    /** The existing tags with the new ones added or replacing a key of any case. */
    static List<Tag> merge(List<Tag> existing, List<Tag> added) {
        requireDistinctKeys(added);
        var result = new ArrayList<Tag>(existing.size() + added.size());
        for (Tag old : existing) {
            if (added.stream().noneMatch(n -> n.key().equalsIgnoreCase(old.key()))) {
                result.add(old);
            }
        }
        result.addAll(added);
        if (result.size() > MAX_PER_ENTITY) {
            throw new AwsException(ErrorCode.LimitExceeded,
                    "The number of tags has reached the maximum limit of " + MAX_PER_ENTITY + ".");
        }
        return List.copyOf(result);
    }

    static List<Tag> remove(List<Tag> existing, Collection<String> keys) {
        return existing.stream()
                .filter(t -> keys.stream().noneMatch(k -> k.equalsIgnoreCase(t.key())))
                .toList();
    }
}
