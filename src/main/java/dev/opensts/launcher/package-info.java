/**
 * The local launcher behind deploy/local/run.sh ({@link dev.opensts.launcher.LocalRun}): it starts Kafka
 * (KRaft, one node, a child JVM) and embedded PostgreSQL on 127.0.0.1, keeps the local secrets, and runs the
 * packaged service as a child process configured through environment variables. The integration tests
 * start their Kafka, PostgreSQL and service processes with the same classes.
 *
 * <p>It is no part of the service. It imports nothing from the rest of dev.opensts and nothing of Quarkus,
 * and the service imports nothing from it. The jars it needs beyond the JDK (Kafka's server, zonky's
 * embedded PostgreSQL, the PostgreSQL JDBC driver) are {@code provided}-scope dependencies: the compiler
 * and the tests see them, the Quarkus build does not package them, and run.sh starts this launcher on
 * target/classes and the jars listed in target/launcher-runtime.classpath and launcher-provided.classpath.
 */
package dev.opensts.launcher;
