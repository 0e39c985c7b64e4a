package dev.opensts.policy;

import java.util.List;
import java.util.Locale;

/** Bool: the policy value is true or false (any case); the context value must spell the same boolean. */
record BoolOperator() implements OperatorFamily {
    @Override
    public ValueTest compile(String operator, List<String> values, boolean variablesEnabled) {
        String[] wanted = new String[values.size()];
        for (int i = 0; i < wanted.length; i++) {
            String v = values.get(i).trim().toLowerCase(Locale.ROOT);
            if (!v.equals("true") && !v.equals("false")) {
                throw new IllegalArgumentException("\"" + values.get(i) + "\" is not true or false");
            }
            wanted[i] = v;
        }
        return (cv, ctx) -> {
            for (String w : wanted) {
                if (w.equalsIgnoreCase(cv.trim())) {
                    return true;
                }
            }
            return false;
        };
    }
}
