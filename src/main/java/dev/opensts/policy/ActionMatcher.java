package dev.opensts.policy;

import java.util.Locale;

/** Action or NotAction: case-insensitive "service:action" globs, as AWS compares action names. */
record ActionMatcher(boolean negated, Glob[] patterns) {

    static ActionMatcher compile(boolean negated, String[] actions) {
        Glob[] g = new Glob[actions.length];
        for (int i = 0; i < g.length; i++) {
            g[i] = Glob.compile(actions[i].toLowerCase(Locale.ROOT));
        }
        return new ActionMatcher(negated, g);
    }

    /** "*" or vendor:action, where the vendor is letters, digits and '-' and the action has no ':'. */
    static boolean isWellFormed(String a) {
        if (a.equals("*")) {
            return true;
        }
        int colon = a.indexOf(':');
        if (colon <= 0 || colon == a.length() - 1 || a.indexOf(':', colon + 1) >= 0) {
            return false;
        }
        for (int i = 0; i < a.length(); i++) {
            char c = a.charAt(i);
            boolean ok = Character.isLetterOrDigit(c) || c == '-' || c == '_' || c == '*' || c == '?' || c == ':';
            if (!ok || c > 127) {
                return false;
            }
        }
        return true;
    }

    boolean matches(RequestContext ctx) {
        return matches(ctx.actionLower());
    }

    /** @param action a "service:action" name in lower case */
    boolean matches(String action) {
        for (Glob g : patterns) {
            if (g.matches(action)) {
                return !negated;
            }
        }
        return negated;
    }
}
