package dev.opensts.policy;

/**
 * Where a statement stands in the document it was parsed from: from its opening brace to its closing brace, lines and
 * columns counted from 1, as the policy simulator's MatchedStatements report them (StartPosition, EndPosition).
 * Read from the document the first time it is asked for ({@link Policy#statementSpan}); parsing and evaluation never
 * compute it.
 */
public record SourceSpan(int startLine, int startColumn, int endLine, int endColumn) {
}
