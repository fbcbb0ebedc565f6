package dev.pacer.bootstrap.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.StringReader;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvLogReaderTest {

    private static List<ChatLogEntry> read(String text) throws Exception {
        return new CsvLogReader().read(new BufferedReader(new StringReader(text)));
    }

    @Test
    void readsPlainRows() throws Exception {
        List<ChatLogEntry> entries = read("""
                timestamp,sender,text
                1591056357,alice,hello
                1591056360,bob,hi alice
                """);

        assertThat(entries).hasSize(2);
        assertThat(entries.get(0).timestamp()).isEqualTo(Instant.ofEpochSecond(1591056357));
        assertThat(entries.get(0).sender()).isEqualTo("alice");
        assertThat(entries.get(0).text()).isEqualTo("hello");
        assertThat(entries.get(0).position()).isEqualTo(1);
        assertThat(entries.get(1).position()).isEqualTo(2);
    }

    @Test
    void quotedFieldsKeepCommasQuotesAndLineBreaks() throws Exception {
        List<ChatLogEntry> entries = read("timestamp,sender,text\r\n"
                + "1,\"Smith, Ann\",\"she said \"\"hi\"\", then left\"\r\n"
                + "2,bob,\"two\nlines\"\r\n"
                + "3,carol,\"\"\r\n");

        assertThat(entries).hasSize(3);
        assertThat(entries.get(0).sender()).isEqualTo("Smith, Ann");
        assertThat(entries.get(0).text()).isEqualTo("she said \"hi\", then left");
        assertThat(entries.get(1).text()).isEqualTo("two\nlines");
        assertThat(entries.get(2).text()).isEmpty();
        assertThat(entries.get(2).hasEmptyText()).isTrue();
    }

    @Test
    void lineNumbersCountLineBreaksInsideQuotes() {
        String csv = "timestamp,sender,text\n1,bob,\"two\nlines\"\n2,carol\n";

        assertThatThrownBy(() -> read(csv))
                .isInstanceOf(MalformedLogException.class)
                .hasMessageStartingWith("line 4: expected 3 fields as in the header, found 2");
    }

    @Test
    void headerColumnsInAnyOrder() throws Exception {
        List<ChatLogEntry> entries = read("""
                Sender, Text ,id,TIMESTAMP
                alice,hello,17,2020-06-02T00:05:57Z
                """);

        assertThat(entries).hasSize(1);
        assertThat(entries.getFirst().sender()).isEqualTo("alice");
        assertThat(entries.getFirst().text()).isEqualTo("hello");
        assertThat(entries.getFirst().timestamp()).isEqualTo(Instant.parse("2020-06-02T00:05:57Z"));
    }

    @Test
    void timestampsAcceptUnixSecondsAndIso8601() throws Exception {
        List<ChatLogEntry> entries = read("""
                timestamp,sender,text
                1591056357,a,unix
                1591056357.250,a,fraction
                2020-06-02T00:05:57Z,a,instant
                2020-06-02T02:05:57+02:00,a,offset
                2020-06-02T00:05:57,a,local as UTC
                2020-06-02 00:05:57,a,space separator
                """);

        Instant expected = Instant.parse("2020-06-02T00:05:57Z");
        assertThat(entries.get(0).timestamp()).isEqualTo(expected);
        assertThat(entries.get(1).timestamp()).isEqualTo(expected.plusMillis(250));
        assertThat(entries.get(2).timestamp()).isEqualTo(expected);
        assertThat(entries.get(3).timestamp()).isEqualTo(expected);
        assertThat(entries.get(4).timestamp()).isEqualTo(expected);
        assertThat(entries.get(5).timestamp()).isEqualTo(expected);
    }

    @Test
    void blankLinesAreSkipped() throws Exception {
        List<ChatLogEntry> entries = read("timestamp,sender,text\n\n1,a,x\n\n2,b,y\n\n");

        assertThat(entries).extracting(ChatLogEntry::text).containsExactly("x", "y");
        assertThat(entries).extracting(ChatLogEntry::position).containsExactly(1, 2);
    }

    @Test
    void missingHeaderColumnIsRejected() {
        assertThatThrownBy(() -> read("time,sender,text\n1,a,x\n"))
                .isInstanceOf(MalformedLogException.class)
                .hasMessageStartingWith("line 1: the header has no column \"timestamp\"");
    }

    @Test
    void emptyFileIsRejected() {
        assertThatThrownBy(() -> read(""))
                .isInstanceOf(MalformedLogException.class)
                .hasMessageContaining("empty");
    }

    @Test
    void unclosedQuoteIsRejectedAtItsStart() {
        assertThatThrownBy(() -> read("timestamp,sender,text\n1,a,\"never closed\n2,b,x\n"))
                .isInstanceOf(MalformedLogException.class)
                .hasMessageStartingWith("line 2: a quoted field starts here and is never closed");
    }

    @Test
    void quoteInsideUnquotedFieldIsRejected() {
        assertThatThrownBy(() -> read("timestamp,sender,text\n1,a,say \"hi\"\n"))
                .isInstanceOf(MalformedLogException.class)
                .hasMessageStartingWith("line 2: a double quote inside an unquoted field");
    }

    @Test
    void characterAfterClosingQuoteIsRejected() {
        assertThatThrownBy(() -> read("timestamp,sender,text\n1,a,\"hi\"x\n"))
                .isInstanceOf(MalformedLogException.class)
                .hasMessageStartingWith("line 2: unexpected character 'x' after a closing double quote");
    }

    @Test
    void invalidTimestampIsRejected() {
        assertThatThrownBy(() -> read("timestamp,sender,text\n1,a,x\nnoon,b,y\n"))
                .isInstanceOf(MalformedLogException.class)
                .hasMessageStartingWith("line 3: invalid timestamp \"noon\"");
    }

    @Test
    void emptySenderIsRejected() {
        assertThatThrownBy(() -> read("timestamp,sender,text\n1,,x\n"))
                .isInstanceOf(MalformedLogException.class)
                .hasMessageStartingWith("line 2: the sender is empty");
    }
}
