package dev.opensts.adapter.http;

import dev.opensts.error.AwsException;
import dev.opensts.error.ErrorCode;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;

class WireErrorTest {

    @Test
    void a_refusal_keeps_its_code_status_and_message() {
        var e = WireError.of(new AwsException(ErrorCode.NoSuchEntity, "The role with name x cannot be found."),
                "r-1", "GetRole");
        assertThat(e).isEqualTo(new WireError("NoSuchEntity", 404, "The role with name x cannot be found."));
        assertThat(e.type()).isEqualTo("Sender");
    }

    @Test
    void a_refusal_inside_a_completion_exception_is_the_refusal() {
        var e = WireError.of(new CompletionException(new AwsException(ErrorCode.AccessDenied, "no")), "r-2", "x");
        assertThat(e.code()).isEqualTo("AccessDenied");
        assertThat(e.status()).isEqualTo(403);
    }

    @Test
    void ours_is_a_receiver_fault() {
        var e = WireError.of(ErrorCode.ServiceUnavailable, "catching up");
        assertThat(e.status()).isEqualTo(503);
        assertThat(e.type()).isEqualTo("Receiver");
    }

    @Test
    void a_defect_is_a_service_failure_that_tells_nothing_but_the_request_id() {
        var e = WireError.of(new IllegalStateException("secret detail wJalrXUtnFEMI"), "r-3", "CreateRole");
        assertThat(e.code()).isEqualTo("ServiceFailure");
        assertThat(e.status()).isEqualTo(500);
        assertThat(e.type()).isEqualTo("Receiver");
        assertThat(e.message()).contains("r-3").doesNotContain("secret");
    }
}
