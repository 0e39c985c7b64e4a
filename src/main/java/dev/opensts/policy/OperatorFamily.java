package dev.opensts.policy;

import java.util.List;

/**
 * One family of condition operators (String, Numeric, Date, ...). A family compiles the policy values of one
 * condition key for one base operator into a {@link ValueTest}; rejecting invalid values with
 * {@link IllegalArgumentException} whose message is the reason shown to the policy author.
 */
sealed interface OperatorFamily
        permits StringOperators, NumericOperators, DateOperators, BoolOperator, BinaryOperator, IpAddressOperators,
        ArnOperators {

    /**
     * @param operator the positive base operator, e.g. "StringLike" for StringNotLike and StringLikeIfExists
     * @param values   the policy values (non-empty)
     * @param variablesEnabled whether the document's Version enables policy variables
     */
    ValueTest compile(String operator, List<String> values, boolean variablesEnabled);
}
