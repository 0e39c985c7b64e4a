/**
 * Adapter: the IAM actions of the Query protocol. Each handler turns a decoded input into a request record of
 * {@code dev.opensts.app.iam} and its result into the wire shape AWS's model defines. No authorization, no rule, no
 * id, no clock here.
 *
 * <p>May import: as {@code dev.opensts.adapter.http}.
 */
package dev.opensts.adapter.http.iam;
