package dev.pacer.bootstrap.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.StringReader;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class FourLineLogReaderTest {

    private static List<ChatLogEntry> read(String text) throws Exception {
        return new FourLineLogReader().read(new BufferedReader(new StringReader(text)));
    }

    @Test
    void readsMessagesInGroupsOfFourLines() throws Exception {
        List<ChatLogEntry> entries = read("""
                1591056357
                user01
                hello there

                1591057292
                user08
                user01: hi

                """);

        assertThat(entries).hasSize(2);
        assertThat(entries.get(0).position()).isEqualTo(1);
        assertThat(entries.get(0).timestamp()).isEqualTo(Instant.ofEpochSecond(1591056357));
        assertThat(entries.get(0).sender()).isEqualTo("user01");
        assertThat(entries.get(0).senderKey()).isEqualTo("user01");
        assertThat(entries.get(0).text()).isEqualTo("hello there");
        assertThat(entries.get(1).position()).isEqualTo(2);
        assertThat(entries.get(1).sender()).isEqualTo("user08");
        assertThat(entries.get(1).text()).isEqualTo("user01: hi");
    }

    @Test
    void emptyTextKeepsGroupingIntact() throws Exception {
        // The empty text line followed by the empty separator gives two blank lines in a row,
        // which a reader that splits on blank lines would take for a message boundary.
        List<ChatLogEntry> entries = read("""
                100
                alice


                101
                bob
                after the empty one

                102
                alice


                """);

        assertThat(entries).extracting(ChatLogEntry::sender).containsExactly("alice", "bob", "alice");
        assertThat(entries).extracting(ChatLogEntry::text).containsExactly("", "after the empty one", "");
        assertThat(entries.get(0).hasEmptyText()).isTrue();
        assertThat(entries.get(1).hasEmptyText()).isFalse();
        assertThat(entries).extracting(ChatLogEntry::position).containsExactly(1, 2, 3);
    }

    @Test
    void lastMessageMayLackClosingEmptyLine() throws Exception {
        List<ChatLogEntry> entries = read("100\nalice\nfirst\n\n101\nbob\nlast");

        assertThat(entries).extracting(ChatLogEntry::text).containsExactly("first", "last");
    }

    @Test
    void trailingEmptyLinesAreIgnored() throws Exception {
        List<ChatLogEntry> entries = read("100\nalice\nfirst\n\n\n\n");

        assertThat(entries).hasSize(1);
    }

    @Test
    void crlfAndByteOrderMarkAccepted() throws Exception {
        List<ChatLogEntry> entries = read("\uFEFF100\r\nalice\r\nhi\r\n\r\n");

        assertThat(entries).hasSize(1);
        assertThat(entries.getFirst().timestamp()).isEqualTo(Instant.ofEpochSecond(100));
        assertThat(entries.getFirst().text()).isEqualTo("hi");
    }

    @Test
    void emptyInputGivesNoMessages() throws Exception {
        assertThat(read("")).isEmpty();
    }

    @Test
    void multiLineTextRejected() {
        assertThatThrownBy(() -> read("100\nalice\nfirst line\nsecond line\n"))
                .isInstanceOf(MalformedLogException.class)
                .hasMessageStartingWith("line 4: ")
                .hasMessageContaining("second line")
                .hasMessageContaining("exactly four lines");
    }

    @Test
    void invalidTimestampIsRejectedWithLineNumber() {
        assertThatThrownBy(() -> read("100\nalice\nhi\n\nyesterday\nbob\nhi\n\n"))
                .isInstanceOf(MalformedLogException.class)
                .hasMessageStartingWith("line 5: invalid unix timestamp \"yesterday\"");
    }

    @Test
    void extraEmptyLineBetweenMessagesIsRejected() {
        assertThatThrownBy(() -> read("100\nalice\nhi\n\n\n101\nbob\nhi\n\n"))
                .isInstanceOf(MalformedLogException.class)
                .hasMessageStartingWith("line 5: expected a unix timestamp, found an empty line");
    }

    @Test
    void logEndingAfterTimestampIsRejected() {
        assertThatThrownBy(() -> read("100\nalice\nhi\n\n101\n"))
                .isInstanceOf(MalformedLogException.class)
                .hasMessageStartingWith("line 5: the log ends too early")
                .hasMessageContaining("sender");
    }

    @Test
    void emptySenderIsRejected() {
        assertThatThrownBy(() -> read("100\n\nhi\n\n"))
                .isInstanceOf(MalformedLogException.class)
                .hasMessageStartingWith("line 2: the sender is empty");
    }
}
