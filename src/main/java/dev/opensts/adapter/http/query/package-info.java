/**
 * Adapter: the AWS Query protocol driven by AWS's own service models (docs/adr/0004): operations and shapes read from
 * the model, input decoding with the model's constraints, XML and JSON writers.
 *
 * <p>May import: the JDK, Jackson, the core's {@code error} and {@code text}.
 */
package dev.opensts.adapter.http.query;
