/**
 * Core: the {@link dev.opensts.arn.Arn} value type, the one place an ARN is parsed, formatted and taken apart
 * (partition, service, account, resource type, path, name, assumed-role session).
 *
 * <p>May import: the JDK only. Imported by everything that reads or writes an ARN.
 */
package dev.opensts.arn;
