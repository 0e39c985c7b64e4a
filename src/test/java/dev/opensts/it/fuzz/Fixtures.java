package dev.opensts.it.fuzz;

import dev.opensts.sigv4.SigningCredentials;

/**
 * What the generators sign and authenticate with.
 *
 * @param host          the Host header value of the Query endpoint (signed)
 * @param root          the default account's root key
 * @param user          an IAM user's key (its policies are evaluated, unlike root's)
 * @param session       an assumed-role session of the fuzz role
 * @param decisionToken bearer token of the decision endpoint
 * @param adminToken    bearer token of the admin API
 */
record Fixtures(String host, SigningCredentials root, SigningCredentials user, SigningCredentials session,
                String decisionToken, String adminToken) {
}
