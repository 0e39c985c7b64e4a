/**
 * The read model every replica holds in memory for the hot path: {@link dev.opensts.view.LiveView} (aggregate
 * states and versions, the access-key index, compiled policies, kept compact until first read) and
 * {@link dev.opensts.view.Revocations} (the revocation index). It applies events with the version rule of
 * docs/adr/0001 ({@code iam.VersionRule}) and lets a writer wait until its own event is applied (read-your-writes).
 *
 * <p>May import: the JDK, the core ({@code arn, policy, iam, credentials}), Mutiny (a waiting writer's {@code Uni})
 * and JBoss Logging. Knows nothing of Kafka or PostgreSQL: adapters feed it. Enforced by {@code ArchitectureTest}.
 */
package dev.opensts.view;
