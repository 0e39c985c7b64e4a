package dev.opensts.policy;

/**
 * A condition comparing the request's values for {@code key} with the policy's values, following AWS's rules:
 * <ul>
 * <li>several policy values for one key are ORed; a negated operator holds only if the context value matches none;
 * <li>a missing key makes a positive operator false and a negated one true, except that ...IfExists holds
 *     whenever the key is missing;
 * <li>ForAllValues holds on a missing or empty key; ForAnyValue does not.
 * </ul>
 */
record ValueCondition(String key, SetQualifier qualifier, boolean negated, boolean ifExists, ValueTest test)
        implements Condition {

    @Override
    public boolean test(RequestContext ctx) {
        String[] values = ctx.values(key);
        if (values == null || values.length == 0) {
            if (ifExists) {
                return true;
            }
            return switch (qualifier) {
                case FOR_ALL_VALUES -> true;
                case FOR_ANY_VALUE -> false;
                case NONE -> negated;
            };
        }
        return switch (qualifier) {
            case NONE -> {
                for (String v : values) {
                    if (test.test(v, ctx)) {
                        yield !negated;
                    }
                }
                yield negated;
            }
            case FOR_ALL_VALUES -> {
                for (String v : values) {
                    if (test.test(v, ctx) == negated) {
                        yield false;
                    }
                }
                yield true;
            }
            case FOR_ANY_VALUE -> {
                for (String v : values) {
                    if (test.test(v, ctx) != negated) {
                        yield true;
                    }
                }
                yield false;
            }
        };
    }
}
