package dev.opensts.adapter.http.query;

/** One operation of a service model: its name, input shape and output shape (both optional). */
public final class Operation {
    private final String name;
    private final Shape input;
    private final Shape output;
    private final String resultWrapper;
    private final String responseElement;
    private final boolean unsigned;

    Operation(String name, Shape input, Shape output, String resultWrapper, boolean unsigned) {
        this.name = name;
        this.unsigned = unsigned;
        this.input = input;
        this.output = output;
        this.resultWrapper = resultWrapper != null ? resultWrapper : name + "Result";
        this.responseElement = name + "Response";
    }

    public String name() {
        return name;
    }

    /** Whether the model marks the operation as taking no signature (its caller is not authenticated). */
    public boolean unsigned() {
        return unsigned;
    }

    /**
     * Whether a top-level input parameter, by its wire name (or a flattened one's first part: {@code Tags} of
     * {@code Tags.member.1.Key}), may be repeated in an audit record: a member of the input whose shape, or any
     * shape under it, is neither sensitive nor an MFA code. Unknown names are not.
     */
    public boolean auditable(String wireParameter) {
        if (input == null) {
            return false;
        }
        int dot = wireParameter.indexOf('.');
        Shape.Member m = input.membersByWireName.get(dot < 0 ? wireParameter : wireParameter.substring(0, dot));
        return m != null && !holdsSecret(m.shape, new java.util.HashSet<>());
    }

    private static boolean holdsSecret(Shape s, java.util.Set<Shape> seen) {
        if (s == null || !seen.add(s)) {
            return false;
        }
        if (QueryInput.secret(s)) {
            return true;
        }
        for (Shape.Member m : s.members) {
            if (holdsSecret(m.shape, seen)) {
                return true;
            }
        }
        return (s.member != null && holdsSecret(s.member.shape, seen))
                || (s.key != null && holdsSecret(s.key.shape, seen))
                || (s.value != null && holdsSecret(s.value.shape, seen));
    }

    /** The input shape's name, or null when the operation takes no input. */
    public String inputShapeName() {
        return input == null ? null : input.name;
    }

    /** The output shape's name, or null when the operation answers only ResponseMetadata. */
    public String outputShapeName() {
        return output == null ? null : output.name;
    }

    public boolean hasOutput() {
        return output != null;
    }

    /** The output's members in model order (empty when there is no output). */
    public java.util.List<String> outputMembers() {
        if (output == null) {
            return java.util.List.of();
        }
        return java.util.Arrays.stream(output.members).map(m -> m.name).toList();
    }

    /** {@code {Op}Result}, the model's resultWrapper. */
    public String resultWrapper() {
        return resultWrapper;
    }

    /** {@code {Op}Response}. */
    public String responseElement() {
        return responseElement;
    }

    Shape input() {
        return input;
    }

    Shape output() {
        return output;
    }

    @Override
    public String toString() {
        return name;
    }
}
