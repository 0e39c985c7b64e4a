package dev.opensts.adapter.http.iam;

import dev.opensts.error.AwsException;
import dev.opensts.error.ErrorCode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PageTest {
    static final List<String> NAMES = IntStream.range(0, 7).mapToObj(i -> "n" + i).toList();

    @SuppressWarnings("unchecked")
    static List<String> items(Map<String, Object> page) {
        return (List<String>) page.get("Names");
    }

    @Test
    void walksEveryItemOnceAcrossPages() {
        var seen = new ArrayList<String>();
        String marker = null;
        int pages = 0;
        do {
            Map<String, Object> page = Page.of(NAMES, n -> n, n -> n, marker, 3, "Names");
            seen.addAll(items(page));
            marker = (Boolean) page.get("IsTruncated") ? (String) page.get("Marker") : null;
            assertThat(page.containsKey("Marker")).isEqualTo(page.get("IsTruncated"));
            pages++;
        } while (marker != null);
        assertThat(seen).containsExactlyElementsOf(NAMES);
        assertThat(pages).isEqualTo(3);
    }

    @Test
    void itemsInAnotherOrderThanTheirKeysAreStillWalkedOnceEach() {
        // tags are kept in the order they were set: "zeta" before "alpha"
        List<String> tags = List.of("zeta", "Mid", "alpha", "omega", "beta");
        var seen = new ArrayList<String>();
        String marker = null;
        int pages = 0;
        do {
            Map<String, Object> page = Page.of(tags, t -> t.toLowerCase(java.util.Locale.ROOT), t -> t, marker, 2,
                    "Names");
            seen.addAll(items(page));
            marker = (Boolean) page.get("IsTruncated") ? (String) page.get("Marker") : null;
            assertThat(++pages).as("pages of five tags, two a page").isLessThanOrEqualTo(3);
        } while (marker != null);
        assertThat(seen).containsExactlyInAnyOrderElementsOf(tags).doesNotHaveDuplicates();
    }

    @Test
    void defaultsToOneHundredItems() {
        List<String> many = IntStream.range(0, 150).mapToObj(i -> String.format("x%03d", i)).toList();
        Map<String, Object> page = Page.of(many, n -> n, n -> n, null, null, "Names");
        assertThat(items(page)).hasSize(100);
        assertThat(page.get("IsTruncated")).isEqualTo(true);
    }

    @Test
    void anItemDeletedBetweenPagesDoesNotMakeTheNextPageSkipOrRepeat() {
        Map<String, Object> first = Page.of(NAMES, n -> n, n -> n, null, 3, "Names");
        List<String> withoutN2 = NAMES.stream().filter(n -> !n.equals("n2")).toList();
        Map<String, Object> second = Page.of(withoutN2, n -> n, n -> n, (String) first.get("Marker"), 3, "Names");
        assertThat(items(second)).containsExactly("n3", "n4", "n5");
    }

    @Test
    void aMarkerThatIsNotOursIsInvalidInput() {
        assertThatThrownBy(() -> Page.of(NAMES, n -> n, n -> n, "%%%not-base64%%%", 3, "Names"))
                .isInstanceOfSatisfying(AwsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.InvalidInput));
    }
}
