package dev.opensts.it.fuzz;

import dev.opensts.testinfra.OpenStsProcess;

import java.net.URI;

/**
 * Every URL the fuzzer sends to.
 *
 * @param query         the Query protocol endpoint "/"
 * @param authorize     the decision endpoint
 * @param adminAccounts the admin API's accounts collection
 * @param ready         the readiness check asked at the end
 */
record Targets(URI query, URI authorize, URI adminAccounts, URI ready) {

    /** The public listener's endpoints, and the admin API and readiness on the management interface. */
    static Targets of(OpenStsProcess replica) {
        URI pub = replica.endpoint();
        URI management = replica.managementEndpoint();
        return new Targets(pub.resolve("/"), pub.resolve("/opensts/v1/authorize"),
                management.resolve("/opensts/admin/accounts"), management.resolve("/q/health/ready"));
    }
}
