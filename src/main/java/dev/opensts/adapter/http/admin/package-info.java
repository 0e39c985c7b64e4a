/**
 * Adapter: the management API on the management interface (accounts and their root keys), translating its JSON to
 * the {@code app.iam} use cases.
 *
 * <p>May import: as {@code dev.opensts.adapter.http}.
 */
package dev.opensts.adapter.http.admin;
