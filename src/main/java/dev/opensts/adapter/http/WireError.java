package dev.opensts.adapter.http;

import dev.opensts.error.AwsException;
import dev.opensts.error.ErrorCode;
import dev.opensts.sigv4.SigV4Exception;
import org.jboss.logging.Logger;

import java.util.concurrent.CompletionException;

/**
 * The one place a failure becomes a wire error: its AWS code, HTTP status, fault side and message. An
 * {@link AwsException} (the core's and the application layer's refusals) and a {@link SigV4Exception} carry their
 * own; anything else is a defect, logged here with its stack and the request id and answered as
 * {@code ServiceFailure} (500) without its detail. The Query endpoint, the listener guards, the decision endpoint and
 * the admin API each render the result in their own format.
 */
public record WireError(String code, int status, String message) {
    private static final Logger LOG = Logger.getLogger(WireError.class);

    /** The error for a failure of the request {@code requestId}; a defect is logged under {@code what}. */
    public static WireError of(Throwable failure, String requestId, String what) {
        if (failure instanceof CompletionException && failure.getCause() != null) {
            failure = failure.getCause();
        }
        if (failure instanceof AwsException e) {
            return of(e.code(), e.getMessage());
        }
        if (failure instanceof SigV4Exception e) {
            return new WireError(e.code(), e.httpStatus(), e.getMessage());
        }
        LOG.errorf(failure, "request %s (%s) failed unexpectedly", requestId, what);
        return new WireError(ErrorCode.ServiceFailure.name(), ErrorCode.ServiceFailure.httpStatus(),
                "An internal error occurred. Request id " + requestId + ".");
    }

    /** The error for a code of ours. */
    public static WireError of(ErrorCode code, String message) {
        return new WireError(code.name(), code.httpStatus(), message);
    }

    /** Sender (the caller's fault: 4xx) or Receiver (ours: 5xx), as the Query protocol's Type says. */
    public String type() {
        return status >= 500 ? "Receiver" : "Sender";
    }
}
