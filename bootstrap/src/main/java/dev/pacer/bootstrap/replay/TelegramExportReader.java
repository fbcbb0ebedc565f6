package dev.pacer.bootstrap.replay;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the {@code result.json} that Telegram Desktop writes when it exports one chat as JSON.
 *
 * <p>Only entries of {@code "type": "message"} are messages, so service entries (joins, pins,
 * title changes) are skipped and not counted. The time comes from {@code date_unixtime} when the
 * export has it. Older exports have only {@code date}, a local time without a zone, which is read
 * as UTC because only the gaps between messages matter. The text is a string, or an array of
 * strings and entity objects (links, mentions, bold text) whose {@code text} fields are joined.
 * A message without text, such as a photo without a caption, is returned with empty text.
 *
 * <p>The {@code messages} array is streamed one message at a time, so a large export is never
 * held in memory as one tree.
 */
final class TelegramExportReader implements ChatLogReader {

    private final ObjectMapper mapper;

    TelegramExportReader(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    @Override
    public List<ChatLogEntry> read(BufferedReader input) throws IOException, MalformedLogException {
        try (JsonParser parser = mapper.createParser(input)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new MalformedLogException("the file is not a JSON object: expected a Telegram Desktop export "
                        + "(result.json) with a top-level \"messages\" array");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if (field.equals("messages") && value == JsonToken.START_ARRAY) {
                    return readMessages(parser);
                }
                parser.skipChildren();
            }
        } catch (JsonProcessingException e) {
            throw new MalformedLogException("invalid JSON at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage(), e);
        }
        throw new MalformedLogException("the JSON object has no top-level \"messages\" array: export a single chat "
                + "from Telegram Desktop with the format set to JSON, not the whole account");
    }

    private List<ChatLogEntry> readMessages(JsonParser parser) throws IOException, MalformedLogException {
        List<ChatLogEntry> entries = new ArrayList<>();
        JsonToken token;
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
            if (token == null) {
                throw new MalformedLogException("the JSON ends inside the \"messages\" array: the file is truncated");
            }
            JsonNode message = parser.readValueAsTree();
            if (message == null || !"message".equals(message.path("type").asText())) {
                continue;
            }
            int position = entries.size() + 1;
            Instant timestamp = timestamp(message);
            String sender = sender(message);
            String senderKey = message.path("from_id").asText(sender);
            entries.add(new ChatLogEntry(position, timestamp, sender, senderKey, text(message.path("text"))));
        }
        return entries;
    }

    private static Instant timestamp(JsonNode message) throws MalformedLogException {
        JsonNode unixTime = message.path("date_unixtime");
        JsonNode date = message.path("date");
        try {
            if (unixTime.isTextual() || unixTime.isIntegralNumber()) {
                return Instant.ofEpochSecond(Long.parseLong(unixTime.asText()));
            }
            if (date.isTextual()) {
                return LocalDateTime.parse(date.asText()).toInstant(ZoneOffset.UTC);
            }
        } catch (NumberFormatException | DateTimeException e) {
            throw new MalformedLogException("message " + describe(message) + " has an invalid date_unixtime "
                    + unixTime + " or date " + date + ": expected unix seconds or 2020-06-02T13:04:05", e);
        }
        throw new MalformedLogException("message " + describe(message) + " has neither date_unixtime nor date");
    }

    /** Returns the display name, or the {@code from_id} for a deleted account whose name is null. */
    private static String sender(JsonNode message) {
        JsonNode from = message.path("from");
        if (from.isTextual() && !from.asText().isBlank()) {
            return from.asText();
        }
        JsonNode fromId = message.path("from_id");
        if (fromId.isValueNode() && !fromId.asText().isBlank()) {
            return fromId.asText();
        }
        return "unknown";
    }

    private static String text(JsonNode text) {
        if (text.isTextual()) {
            return text.asText();
        }
        if (!text.isArray()) {
            return "";
        }
        StringBuilder joined = new StringBuilder();
        for (JsonNode part : text) {
            if (part.isTextual()) {
                joined.append(part.asText());
            } else if (part.path("text").isTextual()) {
                joined.append(part.path("text").asText());
            }
        }
        return joined.toString();
    }

    private static String describe(JsonNode message) {
        JsonNode id = message.path("id");
        return id.isMissingNode() ? "(without id)" : "id " + id.asText();
    }
}
