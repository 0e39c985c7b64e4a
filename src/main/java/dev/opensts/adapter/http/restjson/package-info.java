/**
 * Adapter: the rest-json protocol as botocore models it (EKS): {@link dev.opensts.adapter.http.restjson.RestJsonModel}
 * routes a request by method and URI template to its operation and decodes its input from the URI's labels, the
 * query string and the JSON body, checked against the model (required members, types, lengths, ranges) into a
 * {@link dev.opensts.adapter.http.restjson.RestInput}.
 *
 * <p>May import: the core's errors, the application layer's {@code Caller}, Mutiny, Jackson.
 */
package dev.opensts.adapter.http.restjson;
