/**
 * Adapter: the STS actions of the Query protocol, translating inputs to {@code dev.opensts.app.sts} requests and
 * issued credentials to AWS's response shapes.
 *
 * <p>May import: as {@code dev.opensts.adapter.http}.
 */
package dev.opensts.adapter.http.sts;
