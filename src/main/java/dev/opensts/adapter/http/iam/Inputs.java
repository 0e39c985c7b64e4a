package dev.opensts.adapter.http.iam;

import dev.opensts.adapter.http.query.QueryInput;
import dev.opensts.iam.Tag;

import java.util.List;
import java.util.Map;

/** Small translations shared by the IAM actions. */
final class Inputs {
    private Inputs() {
    }

    static List<Tag> tags(QueryInput in) {
        return in.structures("Tags").stream().map(t -> new Tag(t.string("Key"), t.string("Value"))).toList();
    }

    /** The answer of an action whose output shape has no members. */
    static Map<String, Object> none(Object ignored) {
        return Map.of();
    }
}
