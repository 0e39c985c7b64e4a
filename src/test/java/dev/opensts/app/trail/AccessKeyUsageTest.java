package dev.opensts.app.trail;

import dev.opensts.app.AppFixture;
import dev.opensts.error.AwsException;
import dev.opensts.error.ErrorCode;
import dev.opensts.iam.AccessKey;
import dev.opensts.iam.AccessKeyStatus;
import dev.opensts.iam.AccountState;
import dev.opensts.iam.UserState;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static dev.opensts.app.AppFixture.root;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class AccessKeyUsageTest {
    static final Instant CREATED = Instant.parse("2026-01-02T03:04:05.678Z");

    @Test
    void aUsersRowHasAwssColumnsWithTheLastUseOfEachKey() {
        var user = new UserState("123456789012", "dave", "AIDAEXAMPLE", "/", List.of(), CREATED,
                List.of(new AccessKey("AKIA1", null, AccessKeyStatus.Active, CREATED),
                        new AccessKey("AKIA2", null, AccessKeyStatus.Inactive, CREATED)),
                new TreeMap<>(), List.of(), null);
        var used = Map.of("AKIA1", new AuditIndex.LastUsed(Instant.parse("2026-02-01T00:00:00Z"),
                "sts.amazonaws.com", "eu-west-1"));
        String[] cells = AccessKeyUsage.userRow(user, used).trim().split(",", -1);
        assertThat(cells).hasSize(AccessKeyUsage.HEADER.split(",").length).hasSize(22);
        assertThat(cells[0]).isEqualTo("dave");
        assertThat(cells[1]).isEqualTo("arn:aws:iam::123456789012:user/dave");
        assertThat(cells[2]).isEqualTo("2026-01-02T03:04:05+00:00");
        assertThat(cells[3]).isEqualTo("false");
        assertThat(cells[7]).as("mfa_active").isEqualTo("false");
        assertThat(AccessKeyUsage.userRow(user, used, true).split(",", -1)[7]).isEqualTo("true");
        assertThat(List.of(cells).subList(8, 18)).containsExactly("true", "2026-01-02T03:04:05+00:00",
                "2026-02-01T00:00:00+00:00", "eu-west-1", "sts", "false", "2026-01-02T03:04:05+00:00", "N/A", "N/A",
                "N/A");
    }

    @Test
    void aUserWithALoginProfileHasAPassword() {
        var user = new UserState("123456789012", "dave", "AIDAEXAMPLE", "/", List.of(), CREATED, List.of(),
                new TreeMap<>(), List.of(), null, new dev.opensts.iam.LoginProfile("$argon2id$h", CREATED, false,
                List.of()));
        String[] cells = AccessKeyUsage.userRow(user, Map.of()).trim().split(",", -1);
        assertThat(cells).hasSize(22);
        assertThat(cells[3]).isEqualTo("true");
        assertThat(cells[4]).isEqualTo("no_information");
        assertThat(String.join(",", cells)).doesNotContain("argon2id");
    }

    @Test
    void theRootsRow() {
        var account = new AccountState("123456789012", "main", "AKIAROOT", null, CREATED);
        String[] cells = AccessKeyUsage.rootRow("123456789012", account, Map.of()).trim().split(",", -1);
        assertThat(cells).hasSize(22);
        assertThat(cells[0]).isEqualTo("<root_account>");
        assertThat(cells[3]).isEqualTo("not_supported");
        assertThat(cells[8]).isEqualTo("true");
        assertThat(cells[10]).isEqualTo("N/A");
    }

    @Test
    void aReportIsMadeOnceAndExpiresAfterFourHours() {
        var app = new AppFixture();
        var usage = new AccessKeyUsage(app.view, new LookupEventsTest.FakeIndex(), app.authorizer, app.clock);
        assertThat(catchThrowableOfType(AwsException.class, () -> AppFixture.await(usage.report(root()))).code())
                .isEqualTo(ErrorCode.ReportNotPresent);
        assertThat(AppFixture.await(usage.generate(root())).state()).isEqualTo("STARTED");
        assertThat(AppFixture.await(usage.generate(root())).state()).isEqualTo("COMPLETE");
        assertThat(new String(AppFixture.await(usage.report(root())).csv())).startsWith(AccessKeyUsage.HEADER);
        app.clock.advance(Duration.ofHours(4));
        assertThat(catchThrowableOfType(AwsException.class, () -> AppFixture.await(usage.report(root()))).code())
                .isEqualTo(ErrorCode.ReportExpired);
        assertThat(AppFixture.await(usage.generate(root())).state()).isEqualTo("STARTED");
    }
}
