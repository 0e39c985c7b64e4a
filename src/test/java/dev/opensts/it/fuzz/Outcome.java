package dev.opensts.it.fuzz;

/** A request that failed a check (or earned a note), with what came back. */
record Outcome(FuzzCase fuzzCase, RawHttp.Exchange exchange, Checks.Verdict verdict) {

    int status() {
        return exchange.response() == null ? -1 : exchange.response().status();
    }

    /**
     * Failures that look alike: same endpoint, reason, status, error code, and the first of the request's
     * features that HTTP servers commonly refuse before any application code runs.
     */
    String group() {
        return fuzzCase.endpoint() + " | " + verdict.reason() + " | " + (status() < 0 ? "-" : status()) + " "
                + Checks.errorCode(exchange.response()) + " | " + Describe.feature(fuzzCase.request());
    }
}
