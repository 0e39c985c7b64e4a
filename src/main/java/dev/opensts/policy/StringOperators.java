package dev.opensts.policy;

import java.util.List;

/** StringEquals, StringEqualsIgnoreCase, StringLike (and their Not forms): policy variables supported. */
record StringOperators() implements OperatorFamily {
    @Override
    public ValueTest compile(String operator, List<String> values, boolean variablesEnabled) {
        Template[] t = values.stream().map(v -> Template.compile(v, variablesEnabled)).toArray(Template[]::new);
        return switch (operator) {
            case "StringEquals" -> (cv, ctx) -> {
                for (Template x : t) {
                    if (cv.equals(x.text(ctx))) {
                        return true;
                    }
                }
                return false;
            };
            case "StringEqualsIgnoreCase" -> (cv, ctx) -> {
                for (Template x : t) {
                    if (cv.equalsIgnoreCase(x.text(ctx))) {
                        return true;
                    }
                }
                return false;
            };
            case "StringLike" -> (cv, ctx) -> {
                for (Template x : t) {
                    if (!x.mayMatch(cv)) {
                        continue;
                    }
                    Glob g = x.glob(ctx);
                    if (g != null && g.matches(cv)) {
                        return true;
                    }
                }
                return false;
            };
            default -> throw new IllegalStateException(operator);
        };
    }
}
