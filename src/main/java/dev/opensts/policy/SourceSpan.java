package dev.opensts.policy;

/**
 * Where a statement stands in the document it was parsed from: from its opening brace to its closing brace, lines and
 * columns counted from 1, as the policy simulator's MatchedStatements report them (StartPosition, EndPosition).
 * Computed once when the policy is parsed; evaluation never reads it.
 */
public record SourceSpan(int startLine, int startColumn, int endLine, int endColumn) {
}
