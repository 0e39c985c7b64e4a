package dev.opensts.iam;

import dev.opensts.iam.AccountDecider.CreateAccount;
import dev.opensts.iam.AccountEvent.AccountCreated;
import org.junit.jupiter.api.Test;

import static dev.opensts.error.ErrorCode.EntityAlreadyExists;
import static dev.opensts.iam.IamFixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

class AccountDeciderTest {
    private static final DeciderSpec<AccountDecider.AccountCommand, AccountState, AccountEvent> account =
            new DeciderSpec<>(AccountDecider::decide, AccountDecider::evolve);

    private static final CreateAccount CREATE =
            new CreateAccount("111122223333", "team-a", "AKIAEXAMPLE000000009", "k1.sealed", T0);
    private static final AccountCreated CREATED =
            new AccountCreated("111122223333", "team-a", "AKIAEXAMPLE000000009", "k1.sealed", T0);

    @Test
    void creates_an_account() {
        account.given().when(CREATE).then(CREATED).thenState(s -> assertThat(s)
                .isEqualTo(new AccountState("111122223333", "team-a", "AKIAEXAMPLE000000009", "k1.sealed", T0)));
    }

    @Test
    void the_account_exists_already() {
        account.given(CREATED).when(CREATE).thenFails(EntityAlreadyExists, "Account 111122223333 already exists.");
    }

    @Test
    void its_stream_is_the_root_arn() {
        assertThat(CREATED.streamId()).isEqualTo("arn:aws:iam::111122223333:root");
    }
}
