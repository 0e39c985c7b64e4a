package dev.opensts.policy;

import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/** BinaryEquals: policy and context values are base64; the decoded bytes are compared. */
record BinaryOperator() implements OperatorFamily {
    @Override
    public ValueTest compile(String operator, List<String> values, boolean variablesEnabled) {
        byte[][] wanted = new byte[values.size()][];
        for (int i = 0; i < wanted.length; i++) {
            wanted[i] = decode(values.get(i));
            if (wanted[i] == null) {
                throw new IllegalArgumentException("\"" + values.get(i) + "\" is not base64");
            }
        }
        return (cv, ctx) -> {
            byte[] got = decode(cv);
            if (got == null) {
                return false;
            }
            for (byte[] w : wanted) {
                if (Arrays.equals(w, got)) {
                    return true;
                }
            }
            return false;
        };
    }

    static byte[] decode(String s) {
        try {
            return Base64.getDecoder().decode(s.trim());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
