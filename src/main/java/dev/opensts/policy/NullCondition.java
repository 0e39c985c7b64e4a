package dev.opensts.policy;

/** Null: {@code "true"} holds when the key is absent from the request, {@code "false"} when it is present. */
record NullCondition(String key, boolean[] expectAbsent) implements Condition {
    @Override
    public boolean test(RequestContext ctx) {
        String[] v = ctx.values(key);
        boolean absent = v == null || v.length == 0;
        for (boolean e : expectAbsent) {
            if (e == absent) {
                return true;
            }
        }
        return false;
    }
}
