package dev.pacer.bootstrap.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.StringReader;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TelegramExportReaderTest {

    private static List<ChatLogEntry> read(String json) throws Exception {
        return new TelegramExportReader(new ObjectMapper()).read(new BufferedReader(new StringReader(json)));
    }

    @Test
    void readsMessagesAndSkipsServiceEntries() throws Exception {
        List<ChatLogEntry> entries = read("""
                {
                  "name": "Team chat",
                  "type": "private_group",
                  "id": 42,
                  "messages": [
                    {"id": 1, "type": "service", "date": "2020-06-02T10:00:00", "date_unixtime": "1591092000",
                     "actor": "Ann", "actor_id": "user1", "action": "create_group", "text": ""},
                    {"id": 2, "type": "message", "date": "2020-06-02T10:00:05", "date_unixtime": "1591092005",
                     "from": "Ann", "from_id": "user1", "text": "hello"},
                    {"id": 3, "type": "message", "date": "2020-06-02T10:00:09", "date_unixtime": "1591092009",
                     "from": "Bob", "from_id": "user2", "text": "hi Ann"}
                  ]
                }
                """);

        assertThat(entries).hasSize(2);
        assertThat(entries.get(0).position()).isEqualTo(1);
        assertThat(entries.get(0).timestamp()).isEqualTo(Instant.ofEpochSecond(1591092005));
        assertThat(entries.get(0).sender()).isEqualTo("Ann");
        assertThat(entries.get(0).senderKey()).isEqualTo("user1");
        assertThat(entries.get(0).text()).isEqualTo("hello");
        assertThat(entries.get(1).position()).isEqualTo(2);
        assertThat(entries.get(1).senderKey()).isEqualTo("user2");
    }

    @Test
    void entityArrayTextIsJoined() throws Exception {
        List<ChatLogEntry> entries = read("""
                {"messages": [
                  {"id": 7, "type": "message", "date_unixtime": "100", "from": "Ann", "from_id": "user1",
                   "text": ["see ", {"type": "link", "text": "https://example.org"}, " and ask ",
                            {"type": "mention", "text": "@bob"}, {"type": "bold", "text": "!"}]}
                ]}
                """);

        assertThat(entries).singleElement()
                .extracting(ChatLogEntry::text)
                .isEqualTo("see https://example.org and ask @bob!");
    }

    @Test
    void messageWithoutTextIsKeptAsEmpty() throws Exception {
        List<ChatLogEntry> entries = read("""
                {"messages": [
                  {"id": 1, "type": "message", "date_unixtime": "100", "from": "Ann", "from_id": "user1",
                   "photo": "photos/photo_1.jpg", "text": ""},
                  {"id": 2, "type": "message", "date_unixtime": "101", "from": "Ann", "from_id": "user1",
                   "sticker_emoji": "x", "text": []}
                ]}
                """);

        assertThat(entries).hasSize(2);
        assertThat(entries).allMatch(ChatLogEntry::hasEmptyText);
    }

    @Test
    void dateWithoutUnixTimeIsReadAsUtc() throws Exception {
        List<ChatLogEntry> entries = read("""
                {"messages": [{"id": 1, "type": "message", "date": "2020-06-02T10:00:05", "from": "Ann",
                  "from_id": 11, "text": "old export"}]}
                """);

        assertThat(entries.getFirst().timestamp()).isEqualTo(Instant.parse("2020-06-02T10:00:05Z"));
        assertThat(entries.getFirst().senderKey()).isEqualTo("11");
    }

    @Test
    void deletedAccountFallsBackToFromId() throws Exception {
        List<ChatLogEntry> entries = read("""
                {"messages": [{"id": 1, "type": "message", "date_unixtime": "1", "from": null,
                  "from_id": "user99", "text": "x"}]}
                """);

        assertThat(entries.getFirst().sender()).isEqualTo("user99");
        assertThat(entries.getFirst().senderKey()).isEqualTo("user99");
    }

    @Test
    void senderWithoutFromIdUsesName() throws Exception {
        List<ChatLogEntry> entries = read("""
                {"messages": [{"id": 1, "type": "message", "date_unixtime": "1", "from": "Ann Lee", "text": "x"}]}
                """);

        assertThat(entries.getFirst().senderKey()).isEqualTo("Ann Lee");
    }

    @Test
    void exportWithoutMessagesArrayIsRejected() {
        assertThatThrownBy(() -> read("{\"chats\": {\"list\": []}}"))
                .isInstanceOf(MalformedLogException.class)
                .hasMessageContaining("no top-level \"messages\" array");
    }

    @Test
    void invalidJsonIsRejectedWithLocation() {
        assertThatThrownBy(() -> read("{\"messages\": [\n{\"id\": 1,,}]}"))
                .isInstanceOf(MalformedLogException.class)
                .hasMessageStartingWith("invalid JSON at line 2");
    }

    @Test
    void messageWithoutDateIsRejectedWithItsId() {
        assertThatThrownBy(() -> read("{\"messages\": [{\"id\": 5, \"type\": \"message\", \"from\": \"A\", \"text\": \"x\"}]}"))
                .isInstanceOf(MalformedLogException.class)
                .hasMessage("message id 5 has neither date_unixtime nor date");
    }
}
