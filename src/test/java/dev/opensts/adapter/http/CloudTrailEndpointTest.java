package dev.opensts.adapter.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.opensts.app.trail.LookupEvents;
import dev.opensts.app.trail.TrailEntry;
import dev.opensts.error.AwsException;
import dev.opensts.error.ErrorCode;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** LookupEvents' JSON 1.1 input and output, as the SDKs write and read them. */
class CloudTrailEndpointTest {

    static LookupEvents.Request decode(String json) {
        return CloudTrailEndpoint.decode(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theRecordRepeatsTheFiltersNotTheToken() {
        var r = decode("""
                {"LookupAttributes":[{"AttributeKey":"ResourceName","AttributeValue":"%s"}],
                 "StartTime":1764000000,"MaxResults":7,"NextToken":"sealed-cursor"}""".formatted("r".repeat(3000)));
        var p = CloudTrailEndpoint.parameters(r);
        assertThat(p).containsOnlyKeys("lookupAttributes", "startTime", "maxResults");
        assertThat(p.get("startTime")).isEqualTo(Instant.ofEpochSecond(1_764_000_000L));
        assertThat(p.get("maxResults")).isEqualTo(7);
        @SuppressWarnings("unchecked")
        var attributes = (List<java.util.Map<String, Object>>) p.get("lookupAttributes");
        assertThat(attributes).singleElement().satisfies(a -> {
            assertThat(a.get("attributeKey")).isEqualTo("ResourceName");
            assertThat((String) a.get("attributeValue")).hasSize(2048);
        });
        assertThat(p.toString()).doesNotContain("sealed-cursor");
        assertThat(CloudTrailEndpoint.parameters(decode("{}"))).isEmpty();
    }

    @Test
    void timestampsAreEpochSecondsWithAFraction() {
        var r = decode("""
                {"LookupAttributes":[{"AttributeKey":"EventName","AttributeValue":"AssumeRole"}],
                 "StartTime":1.764e9,"EndTime":1764000000.123,"MaxResults":7,"NextToken":"t"}""");
        assertThat(r.attributes()).containsExactly(new LookupEvents.RawAttribute("EventName", "AssumeRole"));
        assertThat(r.startTime()).isEqualTo(Instant.ofEpochSecond(1_764_000_000L));
        assertThat(r.endTime()).isEqualTo(Instant.ofEpochSecond(1_764_000_000L, 123_000_000));
        assertThat(r.maxResults()).isEqualTo(7);
        assertThat(r.nextToken()).isEqualTo("t");
        assertThat(decode("").attributes()).isNull();
        assertThat(decode("{}").startTime()).isNull();
    }

    @Test
    void malformedInputIsTheProtocolsError() {
        assertThat(code("not json")).isEqualTo(ErrorCode.SerializationException);
        assertThat(code("[]")).isEqualTo(ErrorCode.SerializationException);
        assertThat(code("{\"LookupAttributes\":{}}")).isEqualTo(ErrorCode.SerializationException);
        assertThat(code("{\"StartTime\":\"yesterday\"}")).isEqualTo(ErrorCode.InvalidTimeRangeException);
        assertThat(code("{\"StartTime\":1e30}")).isEqualTo(ErrorCode.InvalidTimeRangeException);
        assertThat(code("{\"MaxResults\":\"ten\"}")).isEqualTo(ErrorCode.InvalidMaxResultsException);
    }

    static ErrorCode code(String json) {
        AwsException e = catchThrowableOfType(AwsException.class, () -> decode(json));
        assertThat(e).as(json).isNotNull();
        return e.code();
    }

    @Test
    void eventsAsCloudTrailWritesThem() {
        var entry = new TrailEntry("e1", Instant.parse("2026-11-28T05:36:20.114Z"), "000000000000", "000000000000",
                "AssumeRole", "sts.amazonaws.com", false, "dave", "AKIAAAAAAAAAPL3SBEQE", "us-east-1",
                List.of(new TrailEntry.Resource("AWS::IAM::Role", "arn:aws:iam::000000000000:role/reader")),
                "{\"eventID\":\"e1\"}");
        JsonNode out = CloudTrailEndpoint.encode(new LookupEvents.Page(List.of(entry), "next"));
        JsonNode e = out.path("Events").get(0);
        assertThat(e.path("EventId").asText()).isEqualTo("e1");
        assertThat(e.path("ReadOnly").isTextual()).isTrue();
        assertThat(e.path("ReadOnly").asText()).isEqualTo("false");
        assertThat(e.path("EventTime").decimalValue()).isEqualByComparingTo("1795844180.114");
        assertThat(e.path("Username").asText()).isEqualTo("dave");
        assertThat(e.path("Resources").get(0).path("ResourceName").asText())
                .isEqualTo("arn:aws:iam::000000000000:role/reader");
        assertThat(e.path("CloudTrailEvent").asText()).isEqualTo("{\"eventID\":\"e1\"}");
        assertThat(out.path("NextToken").asText()).isEqualTo("next");
        assertThat(CloudTrailEndpoint.encode(new LookupEvents.Page(List.of(), null)).has("NextToken")).isFalse();
    }

    @Test
    void commonCodesAsJsonServicesNameThem() {
        assertThat(CloudTrailEndpoint.code("AccessDenied")).isEqualTo("AccessDeniedException");
        assertThat(CloudTrailEndpoint.code("InvalidClientTokenId")).isEqualTo("UnrecognizedClientException");
        assertThat(CloudTrailEndpoint.code("InvalidNextTokenException")).isEqualTo("InvalidNextTokenException");
    }
}
