/**
 * Use-case layer: the IAM API (accounts, users, roles, policies, access keys, tags, OpenID
 * Connect providers). Each use case authorizes the
 * caller, mints ids, reads the clock, checks rules that span aggregates, and hands one command to the
 * {@link dev.opensts.app.iam.CommandBus}, which runs the aggregate's decider on the view's state and appends the
 * event through the {@link dev.opensts.app.iam.EventAppender} port, answering once the view applied it.
 *
 * <p>May import: as {@code dev.opensts.app}.
 */
package dev.opensts.app.iam;
