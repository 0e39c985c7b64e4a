/**
 * Adapter: HTTP. The Query-protocol endpoint ({@link dev.opensts.adapter.http.QueryEndpoint}: form or presigned GET,
 * the AWS service model, XML or JSON answers), the decision endpoint, listener guards (body budget, read deadline),
 * and {@link dev.opensts.adapter.http.ErrorDocument}, the one place an {@link dev.opensts.error.AwsException} or an
 * unexpected failure becomes a wire error. Sub-packages: {@code query} (the model-driven protocol), {@code iam} and
 * {@code sts} (wire input to request record, result to wire shape), {@code admin} (the management API).
 *
 * <p>May import: the application layer, the view, the core, the settings, Vert.x, Jakarta REST and CDI annotations,
 * Jackson. Never another adapter nor the wiring. Enforced by {@code ArchitectureTest}.
 */
package dev.opensts.adapter.http;
