package dev.opensts.policy;

/**
 * A statement that contributed to a decision.
 *
 * @param index zero-based position of the statement in its policy's Statement array
 * @param sid   the statement's Sid, or null
 */
public record DecidingStatement(String policyName, String sid, int index, Effect effect) {
}
