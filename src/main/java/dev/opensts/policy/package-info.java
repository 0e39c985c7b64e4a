/**
 * Core: the IAM policy language. {@link dev.opensts.policy.PolicyParser} turns a JSON document into a compiled
 * {@link dev.opensts.policy.Policy}; {@link dev.opensts.policy.Evaluator} decides a request
 * ({@link dev.opensts.policy.RequestContext}) against identity, resource, boundary and session policies with AWS's
 * evaluation logic, and explains its {@link dev.opensts.policy.Decision}.
 *
 * <p>May import: the JDK, {@code dev.opensts.arn} and Jackson (to read policy documents). Knows no framework, no
 * IAM entity, no adapter. Enforced by {@code ArchitectureTest}.
 */
package dev.opensts.policy;
