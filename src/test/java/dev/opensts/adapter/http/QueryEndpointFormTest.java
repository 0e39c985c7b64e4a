package dev.opensts.adapter.http;

import dev.opensts.error.AwsException;
import dev.opensts.error.ErrorCode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** What the Query endpoint takes as a form body, and which regions STS serves. */
class QueryEndpointFormTest {
    @ParameterizedTest
    @ValueSource(strings = {"application/x-www-form-urlencoded", "APPLICATION/X-WWW-FORM-URLENCODED",
            "application/x-www-form-urlencoded; charset=utf-8", "application/x-www-form-urlencoded;charset=UTF-8",
            "application/x-www-form-urlencoded; charset=\"utf-8\"", " application/x-www-form-urlencoded "})
    void aUtf8FormIsAForm(String contentType) {
        assertThatCode(() -> QueryEndpoint.requireForm(contentType)).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/x-www-form-urlencodedjunk", "text/plain", "application/json",
            "application/x-www-form-urlencoded; charset=iso-8859-1", "application/x-www-form-urlencoded; boundary=x",
            "multipart/form-data", ""})
    void anythingElseIsMalformed(String contentType) {
        AwsException e = catchThrowableOfType(AwsException.class, () -> QueryEndpoint.requireForm(contentType));
        assertThat(e).isNotNull();
        assertThat(e.code()).isEqualTo(ErrorCode.MalformedQueryString);
    }

    @Test
    void aBodyWithoutAContentTypeIsMalformed() {
        assertThat(catchThrowableOfType(AwsException.class, () -> QueryEndpoint.requireForm(null)).code())
                .isEqualTo(ErrorCode.MalformedQueryString);
    }

    @Test
    void stsServesItsRegionsAndAwsGlobalWhereUsEast1IsOne() {
        assertThat(QueryRoutes.stsRegions(List.of("us-east-1"))).isEqualTo(Set.of("us-east-1", "aws-global"));
        assertThat(QueryRoutes.stsRegions(List.of("eu-west-1", " eu-central-1 "))).isEqualTo(
                Set.of("eu-west-1", "eu-central-1"));
    }

    @Test
    void theBodyBudgetRefusesBeyondItsLimitAndTakesBytesBack() {
        var budget = new BodyBudget(100);
        assertThat(budget.reserve(60)).isTrue();
        assertThat(budget.reserve(41)).isFalse();
        assertThat(budget.held()).as("a refused reservation takes nothing").isEqualTo(60);
        assertThat(budget.reserve(40)).isTrue();
        budget.release(100);
        assertThat(budget.held()).isZero();
        budget.release(0);
        assertThat(budget.reserve(100)).isTrue();
    }
}
