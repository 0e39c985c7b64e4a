package dev.opensts.policy;

import dev.opensts.arn.Arn;

import java.util.List;

/**
 * ArnEquals and ArnLike (and their Not forms). AWS documents both the same way: case-sensitive, each of the six
 * colon-delimited parts compared separately, {@code *} and {@code ?} allowed in each. Policy variables supported.
 */
record ArnOperators() implements OperatorFamily {
    @Override
    public ValueTest compile(String operator, List<String> values, boolean variablesEnabled) {
        ArnPattern[] patterns = values.stream().map(v -> ArnPattern.compile(v, variablesEnabled))
                .toArray(ArnPattern[]::new);
        return (cv, ctx) -> {
            Arn parts = Arn.parse(cv);
            for (ArnPattern p : patterns) {
                if (p.matches(cv, parts, ctx)) {
                    return true;
                }
            }
            return false;
        };
    }
}
