package dev.opensts.it.fuzz;

/**
 * One generated request.
 *
 * @param index    its index in the run: with the seed, all that is needed to generate it again
 * @param endpoint "query", "decision" or "admin"
 * @param label    what the generator chose (operation, transport, authentication, mutations), for reading and
 *                 grouping failures
 */
record FuzzCase(int index, String endpoint, String label, RawHttp.Request request) {
}
