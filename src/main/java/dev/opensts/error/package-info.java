/**
 * Core: AWS's error vocabulary. {@link dev.opensts.error.ErrorCode} names each code with its HTTP status and fault
 * side; {@link dev.opensts.error.AwsException} is how the core and the application layer refuse. Adapters turn it
 * into the wire's error document in one place each (the Query protocol's {@code ErrorDocument}, the decision
 * endpoint's translation).
 *
 * <p>May import: the JDK only.
 */
package dev.opensts.error;
